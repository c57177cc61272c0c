// The event log: trace events turned into sentences as the run grows (read once, incrementally),
// and the filters by node and by kind of event.
import type { NodeId, TraceEvent, TraceKind } from '../../core/types.ts';
import { nodesOf, sentence, toneOf, type Tone } from './logSentences.ts';

export interface LogEntry {
  /** Index in the trace: a stable key. */
  i: number;
  t: number;
  kind: TraceKind;
  text: string;
  tone: Tone;
  nodes: NodeId[];
}

/** The "kind" filter: families a student thinks in, not the 30 raw kinds. */
export const LOG_CATEGORIES = [
  { id: 'all', label: 'Everything' },
  { id: 'distress', label: 'Distress (MAYDAY)' },
  { id: 'verdicts', label: 'Verdicts (suspect, failed, partitioned)' },
  { id: 'nodes', label: 'Node failures and recoveries' },
  { id: 'roles', label: 'Roles and failovers' },
  { id: 'network', label: 'Network' },
  { id: 'admin', label: 'Administrator and fencing' },
  { id: 'alarms', label: 'Split brain and other alarms' },
] as const;

export type LogCategory = (typeof LOG_CATEGORIES)[number]['id'];

export function categoryOf(kind: TraceKind): Exclude<LogCategory, 'all'> {
  if (kind.startsWith('distress.')) return 'distress';
  if (kind.startsWith('peer.')) return 'verdicts';
  if (kind === 'role.changed' || kind === 'lease.lost') return 'roles';
  if (kind.startsWith('network.')) return 'network';
  if (kind.startsWith('admin.') || kind.startsWith('fence.')) return 'admin';
  if (kind.startsWith('invariant.')) return 'alarms';
  return 'nodes';
}

export interface LogFilter {
  node: NodeId | 'all';
  category: LogCategory;
}

export function matches(entry: LogEntry, filter: LogFilter): boolean {
  if (filter.category !== 'all' && categoryOf(entry.kind) !== filter.category) return false;
  return filter.node === 'all' || entry.nodes.includes(filter.node);
}

/** Reads a growing trace once; `reset()` when the run is rebuilt. */
export class LogBuilder {
  readonly entries: LogEntry[] = [];
  private read = 0;
  private readonly distressSentAt = new Map<NodeId, number>();

  reset(): void {
    this.entries.length = 0;
    this.read = 0;
    this.distressSentAt.clear();
  }

  /** Adds the entries for trace events not read yet; returns how many were added. */
  update(trace: readonly TraceEvent[]): number {
    const before = this.entries.length;
    for (; this.read < trace.length; this.read++) {
      const e = trace[this.read];
      if (e.kind.startsWith('msg.')) continue;
      if (e.kind === 'distress.sent') this.distressSentAt.set(e.node, e.t);
      const text = sentence(e, { distressSentAt: this.distressSentAt });
      if (text === null) continue;
      this.entries.push({
        i: this.read,
        t: e.t,
        kind: e.kind,
        text,
        tone: toneOf(e.kind),
        nodes: nodesOf(e),
      });
    }
    return this.entries.length - before;
  }
}
