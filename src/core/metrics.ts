// Metrics of a run (DESIGN §4.3) and the invariant checks, fed by the ground truth: which nodes
// really act as primary of each resource, at each instant something changed.
import type { Metrics, NodeId, ResourceMetrics, TraceEvent } from './types.ts';

interface ResourceTrack {
  acting: NodeId[];
  since: number;
  unavailableMs: number;
  splitBrainMs: number;
  failoverMs: number[];
  /** The node that served last, and when the resource last lost its primary. */
  lastServer: NodeId | null;
  stoppedAt: number | null;
}

/** What changed for one resource when its acting set was updated. */
export interface ActingChange {
  splitBrainStarted: NodeId[] | null;
  splitBrainEnded: boolean;
}

export class MetricsTracker {
  private readonly tracks = new Map<string, ResourceTrack>();
  private adminInterventions = 0;
  private distress = { sent: 0, delivered: 0, lost: 0, rejected: 0 };
  private falseFailovers = 0;
  private invalidMessages = 0;

  constructor(initial: Record<string, NodeId[]>, t0 = 0) {
    for (const [name, acting] of Object.entries(initial)) {
      this.tracks.set(name, {
        acting: [...acting],
        since: t0,
        unavailableMs: 0,
        splitBrainMs: 0,
        failoverMs: [],
        lastServer: acting[0] ?? null,
        stoppedAt: acting.length === 0 ? t0 : null,
      });
    }
  }

  /** Counts that come straight from the trace. */
  observe(e: TraceEvent): void {
    switch (e.kind) {
      case 'distress.sent':
        this.distress.sent++;
        break;
      case 'distress.received':
        this.distress.delivered++;
        break;
      case 'distress.lost':
        this.distress.lost++;
        break;
      case 'distress.rejected':
        this.distress.rejected++;
        break;
      case 'admin.action':
        this.adminInterventions++;
        break;
    }
  }

  /** A verdict of *failed* about a node that was alive and had not fenced itself. */
  falseFailover(): void {
    this.falseFailovers++;
  }

  invalidMessage(): void {
    this.invalidMessages++;
  }

  acting(resource: string): readonly NodeId[] {
    return this.tracks.get(resource)?.acting ?? [];
  }

  /** The set of nodes acting as primary of `resource` is now `acting` (sorted by the caller). */
  setActing(resource: string, acting: NodeId[], t: number): ActingChange {
    const r = this.tracks.get(resource);
    const change: ActingChange = { splitBrainStarted: null, splitBrainEnded: false };
    if (!r) return change;
    this.accumulate(r, t);
    const before = r.acting;
    // A failover: the node that served last has stopped, and another one serves now. A node that
    // merely resumes beside the current primary (split brain) is not a failover.
    if (acting.length > 0 && r.lastServer !== null && !acting.includes(r.lastServer)) {
      r.failoverMs.push(r.stoppedAt === null ? 0 : t - r.stoppedAt);
      r.lastServer = acting[0];
    } else if (r.lastServer === null && acting.length > 0) r.lastServer = acting[0];
    if (acting.length === 0 && before.length > 0) r.stoppedAt = t;
    if (acting.length > 0) r.stoppedAt = null;
    if (acting.length >= 2 && before.length < 2) change.splitBrainStarted = acting;
    if (acting.length < 2 && before.length >= 2) change.splitBrainEnded = true;
    r.acting = acting;
    return change;
  }

  /** Metrics as of time `t` (open intervals counted up to `t`). */
  metrics(t: number): Metrics {
    const resources: Record<string, ResourceMetrics> = {};
    for (const [name, r] of this.tracks) {
      const open = Math.max(0, t - r.since);
      resources[name] = {
        unavailableMs: round(r.unavailableMs + (r.acting.length === 0 ? open : 0)),
        splitBrainMs: round(r.splitBrainMs + (r.acting.length >= 2 ? open : 0)),
        failovers: r.failoverMs.length,
        failoverMs: r.failoverMs.map(round),
      };
    }
    return {
      resources,
      adminInterventions: this.adminInterventions,
      distress: { ...this.distress },
      falseFailovers: this.falseFailovers,
      invalidMessages: this.invalidMessages,
    };
  }

  private accumulate(r: ResourceTrack, t: number): void {
    const dt = t - r.since;
    if (dt > 0) {
      if (r.acting.length === 0) r.unavailableMs += dt;
      if (r.acting.length >= 2) r.splitBrainMs += dt;
    }
    r.since = t;
  }
}

/** Times are reported to the microsecond: enough for a student, and stable across platforms. */
function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
