import type { Belief } from '../core/snapshot.ts';
import type { NodeId } from '../core/types.ts';

/**
 * Who a node heartbeats (§0019): its logical ring neighbours, one each way. A silent neighbour
 * stays watched (to see it come back) and the walk goes on past it to the next live node, so the
 * ring closes around it; a failed one is skipped. Peers the node itself saw fall silent are kept,
 * so it is the one that sees them return. Pure: snapshots may call it freely.
 */
export function ringWatch(
  nodes: readonly NodeId[],
  me: number,
  belief: (peer: NodeId) => Belief,
  observedSilent: Iterable<NodeId>,
  index: ReadonlyMap<NodeId, number>,
): { set: NodeId[]; seen: Uint8Array } {
  const n = nodes.length;
  const set: NodeId[] = [];
  const seen = new Uint8Array(n);
  for (const step of [1, n - 1]) {
    for (let k = 1; k < n; k++) {
      const i = (me + step * k) % n;
      const b = belief(nodes[i]);
      if (b === 'failed') continue;
      if (!seen[i]) {
        seen[i] = 1;
        set.push(nodes[i]);
      }
      if (b === 'alive') break;
    }
  }
  for (const peer of observedSilent) {
    const i = index.get(peer)!;
    if (!seen[i]) {
      seen[i] = 1;
      set.push(peer);
    }
  }
  return { set, seen };
}
