// Which silent nodes the administrator may still answer about, from the model: the cluster's open
// questions, and the nodes the learner chose to keep waiting for that the cluster still cannot hear
// (the question comes back, so "Keep waiting" is never a dead end).
import type { ClusterSnapshot } from '../../core/snapshot.ts';
import type { NodeId, TraceEvent } from '../../core/types.ts';

export function stillWaitingOn(trace: readonly TraceEvent[], snapshot: ClusterSnapshot): NodeId[] {
  const lastAnswer = new Map<NodeId, string>();
  for (const e of trace) if (e.kind === 'admin.action') lastAnswer.set(e.peer, e.action);
  const pending = new Set(snapshot.adminPending);
  const out: NodeId[] = [];
  for (const [peer, action] of lastAnswer) {
    if (action !== 'keep-waiting' || pending.has(peer)) continue;
    const silent = snapshot.nodes.some(
      (n) =>
        n.id !== peer &&
        n.truth === 'alive' &&
        (n.beliefs[peer] === 'partitioned' || n.beliefs[peer] === 'suspect'),
    );
    if (silent) out.push(peer);
  }
  return out;
}
