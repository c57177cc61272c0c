// The event log speaks in sentences a student can read aloud (UX-NOTES): one per trace event,
// with the facts that make it meaningful (how long after the MAYDAY left it arrived, which path).
import { catalogueEntry } from '../../core/catalogue.ts';
import type { NodeId, TraceEvent, TraceKind } from '../../core/types.ts';
import { groupName } from '../../view/nodeState.ts';
import { formatDelay, formatDuration, listWords } from './format.ts';

/** What a sentence needs to know beyond its own event. */
export interface SentenceContext {
  /** When each node last sent its distress (from the matching earlier `distress.sent`). */
  distressSentAt: ReadonlyMap<NodeId, number>;
}

/** How an entry is marked in the log, besides its words. */
export type Tone = 'alarm' | 'distress' | 'failed' | 'silent' | 'role' | 'network' | 'admin' | 'plain';

/** "A {n1, n2} | B {n3}": the groups of a partition, named as the topology and menus name them. */
export function describeGroups(groups: readonly (readonly NodeId[])[]): string {
  return groups.map((g, i) => `${groupName(i)} {${g.join(', ')}}`).join(' | ');
}

export function failureWords(type: string): string {
  const entry = catalogueEntry(type);
  return entry ? entry.label.toLowerCase() : `"${type}" (a failure type the OS does not know)`;
}

export function sentence(e: TraceEvent, ctx: SentenceContext): string | null {
  switch (e.kind) {
    case 'failure.detected':
      return `${e.node}'s OS saw a ${failureWords(e.failure)} coming: ${formatDuration(e.warningMs)} of warning.`;
    case 'distress.sent':
      return e.mode === 'async'
        ? `${e.node} sent its MAYDAY asynchronously: the dedicated distress task sends it while the shutdown goes on.`
        : `${e.node} sent its MAYDAY synchronously: the current task sends it and everything else waits.`;
    case 'distress.lost':
      return `${e.node}'s MAYDAY never left: ${e.reason}.`;
    case 'distress.received':
      return `${e.node} received ${e.from}'s MAYDAY${delay(e.from, e.t, ctx)}.`;
    case 'distress.rejected':
      return `${e.node} rejected a MAYDAY claiming to come from ${e.from}: ${e.reason}.`;
    case 'node.fenced':
      return `${e.node} fenced itself: it dropped every role and left the cluster.`;
    case 'node.died':
      return e.reason === 'crash'
        ? `${e.node} died with no warning (crash): nothing was sent, its peers will only hear silence.`
        : `${e.node} died (${failureWords(e.reason)}).`;
    case 'node.recovered':
      return `${e.node} is back up, but stays offline until it rejoins.`;
    case 'node.rejoined':
      return `${e.node} rejoined the cluster as a backup.`;
    case 'node.paused':
      return `${e.node} froze for ${formatDuration(e.ms)} (GC pause, SIGSTOP): it sends and hears nothing.`;
    case 'node.resumed':
      return `${e.node} woke up from its pause, unaware it was away.`;
    case 'shutdown.completed':
      return `${e.node} finished its orderly shutdown.`;
    case 'peer.suspect':
      return `${e.node} suspects ${e.peer}: its heartbeats stopped.`;
    case 'peer.alive':
      return `${e.node} hears ${e.peer} again.`;
    case 'peer.failed':
      return `${e.node} judged ${e.peer} FAILED — ${failedBecause(e.peer, e.cause, e.t, ctx)}.`;
    case 'peer.partitioned':
      return `${e.node} judged ${e.peer} PARTITIONED? — silent, cause unknown, so it waits.`;
    case 'admin.required':
      return `Administrator needed: ${e.peer} is silent. Dead, or only cut off?`;
    case 'admin.action':
      return e.action === 'mark-failed'
        ? `The administrator marked ${e.peer} failed.`
        : `The administrator chose to keep waiting for ${e.peer}.`;
    case 'fence.started':
      return `${e.node} asked the fence device to power ${e.peer} off.`;
    case 'fence.succeeded':
      return `The fence device powered ${e.peer} off for ${e.node}.`;
    case 'fence.failed':
      return `The fence device failed to power ${e.peer} off: ${e.node} will retry.`;
    case 'role.changed':
      if (e.role === 'primary') return `${e.node} is now PRIMARY of ${e.resource}.`;
      if (e.role === 'backup') return `${e.node} is a backup of ${e.resource}.`;
      return `${e.node} holds no role for ${e.resource}.`;
    case 'lease.lost':
      return `${e.node} lost its lease on ${e.resource} and stops serving it.`;
    case 'network.partition':
      return `The network split into ${e.groups.length} groups: ${describeGroups(e.groups)}.`;
    case 'network.cut':
      return `Link cut one way: ${e.from} → ${listWords(e.to)} (messages the other way still pass).`;
    case 'network.heal':
      return 'The network healed: every link works again.';
    case 'invariant.violated':
      if (e.invariant === 'split-brain') {
        return `SPLIT BRAIN on ${e.resource}: ${listWords(e.nodes)} serve it at the same time.`;
      }
      return `Safety rule broken (${e.invariant}) on ${e.resource}: ${listWords(e.nodes)}.`;
    case 'invariant.restored':
      return e.invariant === 'split-brain'
        ? `Split brain on ${e.resource} is over.`
        : `Safety rule ${e.invariant} holds again on ${e.resource}.`;
    case 'msg.sent':
    case 'msg.delivered':
    case 'msg.dropped':
      return null;
  }
}

function delay(from: NodeId, t: number, ctx: SentenceContext): string {
  const sentAt = ctx.distressSentAt.get(from);
  return sentAt === undefined || sentAt > t ? '' : `, ${formatDelay(t - sentAt)} after it was sent`;
}

function failedBecause(peer: NodeId, cause: string, t: number, ctx: SentenceContext): string {
  switch (cause) {
    case 'distress': {
      const sentAt = ctx.distressSentAt.get(peer);
      return sentAt === undefined || sentAt > t
        ? 'its distress arrived'
        : `distress received ${formatDelay(t - sentAt)} after it was sent`;
    }
    case 'timeout':
      return 'silent past the timeout (it may only be cut off)';
    case 'admin':
      return 'the administrator said so';
    case 'fenced':
      return 'it was powered off by the fence device';
    default:
      return cause;
  }
}

export function toneOf(kind: TraceKind): Tone {
  if (kind.startsWith('invariant.')) return 'alarm';
  if (kind.startsWith('distress.')) return 'distress';
  if (kind === 'peer.failed' || kind === 'node.died') return 'failed';
  if (kind === 'peer.partitioned' || kind === 'peer.suspect') return 'silent';
  if (kind === 'role.changed' || kind === 'lease.lost') return 'role';
  if (kind.startsWith('network.')) return 'network';
  if (kind.startsWith('admin.') || kind.startsWith('fence.')) return 'admin';
  return 'plain';
}

/** Every node an event is about, for the "node" filter of the log. */
export function nodesOf(e: TraceEvent): NodeId[] {
  const out: NodeId[] = [];
  const r = e as unknown as Record<string, unknown>;
  for (const key of ['node', 'peer', 'from', 'claim'])
    if (typeof r[key] === 'string') out.push(r[key] as string);
  if (Array.isArray(r.to)) out.push(...(r.to as string[]));
  if (Array.isArray(r.nodes)) out.push(...(r.nodes as string[]));
  if (Array.isArray(r.groups)) for (const g of r.groups as string[][]) out.push(...g);
  return out;
}
