import type { Clock } from '../../core/ports.ts';
import type { Envelope } from '../../core/liveEnvelope.ts';
import { nodeIds, roomScenario, type RoomSettings } from '../../core/liveRoom.ts';
import type { ClusterSnapshot, MessageInFlight, NodeSnapshot } from '../../core/snapshot.ts';
import type { NodeId, TraceEvent } from '../../core/types.ts';
import type { RoomChannel } from '../../transport/roomChannel.ts';

/** How long the observer draws a message's flight: real ones take ~0.3 ms, too fast to see. */
export const FLIGHT_MS = 500;
const MAX_FLIGHTS = 200;
const MAX_TRACE = 100_000;

interface Reported {
  snapshot: NodeSnapshot;
  at: number;
  rejected: Record<string, number>;
  frozenMs: number;
  adminPending: NodeId[];
  cutOff: NodeId[];
}

export interface ObservedNode {
  id: NodeId;
  /** Never heard from, reporting, or gone quiet (its tab closed or was frozen). */
  presence: 'absent' | 'reporting' | 'silent';
  lastHeardAgoMs: number | null;
  rejected: number;
  frozenMs: number;
  cutOff: NodeId[];
}

/**
 * The observer of a live room (not a node): it reads every post on the room's channel and turns
 * what the nodes report into the same ClusterSnapshot and trace the Lab draws.
 */
export class LiveObserver {
  settings: RoomSettings;
  private readonly reported = new Map<NodeId, Reported>();
  private readonly trace: TraceEvent[] = [];
  private readonly seen = new Set<string>();
  private flights: MessageInFlight[] = [];
  private flightId = 0;
  /** Grows whenever the merged trace does. */
  version = 0;

  constructor(
    private readonly channel: RoomChannel,
    private readonly clock: Clock,
    settings: RoomSettings,
  ) {
    this.settings = settings;
    channel.onEnvelope((e) => this.onEnvelope(e));
  }

  /** History from storage (tabs gone before the observer opened): merged, without duplicates. */
  addHistory(events: readonly TraceEvent[]): void {
    for (const e of events) this.add(e);
    this.trace.sort((a, b) => a.t - b.t);
    this.version++;
  }

  events(): readonly TraceEvent[] {
    return this.trace;
  }

  rejectedHere(): number {
    return this.channel.totalRejected();
  }

  /** Reported, not seen: a node's state is what its own tab last said, with its age. */
  nodes(): ObservedNode[] {
    const now = this.clock.now();
    return nodeIds(this.settings).map((id) => {
      const r = this.reported.get(id);
      return {
        id,
        presence: !r ? 'absent' : this.isSilent(r, now) ? 'silent' : 'reporting',
        lastHeardAgoMs: r ? Math.round(now - r.at) : null,
        rejected: r ? Object.values(r.rejected).reduce((a, b) => a + b, 0) : 0,
        frozenMs: r?.frozenMs ?? 0,
        cutOff: r?.cutOff ?? [],
      };
    });
  }

  snapshot(): ClusterSnapshot {
    const now = this.clock.now();
    const scenario = roomScenario(this.settings);
    const nodes: NodeSnapshot[] = scenario.nodes.map((id) => {
      const r = this.reported.get(id);
      if (!r) return placeholder(id, 'offline');
      // A live tab reports every heartbeat period; a silent one is gone (closed, or frozen).
      if (this.isSilent(r, now) && r.snapshot.truth !== 'dead')
        return { ...r.snapshot, truth: 'dead', beliefs: {}, watching: [] };
      return r.snapshot;
    });
    const resources = scenario.resources.map((res) => ({
      name: res.name,
      acting: nodes.filter((n) => n.truth === 'alive' && n.roles[res.name] === 'primary').map((n) => n.id),
      order: [res.primary, ...res.backups],
    }));
    this.flights = this.flights.filter((f) => f.deliverAt > now);
    const pending = new Set<NodeId>();
    for (const n of nodes)
      for (const p of this.reported.get(n.id)?.adminPending ?? []) if (n.truth === 'alive') pending.add(p);
    const cuts: Array<[NodeId, NodeId]> = [];
    for (const [id, r] of this.reported) for (const p of r.cutOff) cuts.push([id, p]);
    return {
      t: now,
      nodes,
      resources,
      messages: this.flights,
      network: { groups: null, cuts },
      adminPending: [...pending].sort(),
    };
  }

  private isSilent(r: Reported, now: number): boolean {
    return now - r.at > Math.max(3 * this.settings.heartbeatMs, 1500);
  }

  private onEnvelope(e: Envelope): void {
    const b = e.body;
    const now = this.clock.now();
    if (b.kind === 'status' && b.snapshot.id === e.from) {
      this.reported.set(e.from, {
        snapshot: b.snapshot,
        at: now,
        rejected: b.rejected,
        frozenMs: b.frozenMs,
        adminPending: b.adminPending,
        cutOff: b.cutOff,
      });
    } else if (b.kind === 'hello' && b.phase !== 'forming') {
      this.settings = b.settings;
    } else if (b.kind === 'trace') {
      for (const event of b.events) if ('node' in event ? event.node === e.from : true) this.add(event);
      this.version++;
    } else if (b.kind === 'cluster' && this.flights.length < MAX_FLIGHTS) {
      const targets = e.to ? [e.to] : nodeIds(this.settings).filter((n) => n !== e.from);
      for (const to of targets) {
        this.flights.push({
          id: ++this.flightId,
          from: e.from,
          to,
          type: b.message.type,
          sentAt: now,
          deliverAt: now + FLIGHT_MS,
          doomed: false,
        });
      }
    }
  }

  private add(e: TraceEvent): void {
    const key = JSON.stringify(e);
    if (this.seen.has(key) || this.trace.length >= MAX_TRACE) return;
    this.seen.add(key);
    // Mostly in order already: insert from the end.
    let i = this.trace.length;
    while (i > 0 && this.trace[i - 1].t > e.t) i--;
    this.trace.splice(i, 0, e);
  }
}

function placeholder(id: NodeId, truth: NodeSnapshot['truth']): NodeSnapshot {
  return {
    id,
    truth,
    group: null,
    lifecycle: 'not joined',
    sendingNow: false,
    sendPath: null,
    lostQuorum: false,
    incarnation: 0,
    roles: {},
    beliefs: {},
    watching: [],
    impending: null,
  };
}
