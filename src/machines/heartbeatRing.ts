import type { Belief } from '../core/snapshot.ts';
import type { Message, NodeId } from '../core/types.ts';
import type { NodeClock } from './nodeClock.ts';
import type { NodeEnv } from './nodeEnv.ts';
import { ringWatch } from './ringWatch.ts';

/** Every this many ticks, peers judged failed by silence are called again (to see them come back). */
const PROBE_FAILED_EVERY = 4;

/** What the ring needs to know of the node's verdicts (machines/peerVerdicts.ts). */
export interface RingVerdicts {
  belief(peer: NodeId): Belief;
  /** Peers this node itself saw fall silent: it keeps calling them, to be the one that sees them back. */
  readonly observedSilent: ReadonlySet<NodeId>;
  /** Peers judged failed by silence (timeout, administrator), not by distress or fence. */
  failedBySilence(): Iterable<NodeId>;
}

/**
 * The heartbeat ring (§0019): who this node heartbeats (its logical ring neighbours, the ring
 * closing around silent ones), when it last heard each peer, and what each peer's current life is.
 * Plain arrays on the hot path: a heartbeat costs no actor event. Silence is handed to the
 * verdicts (`onSilent`), which decide what it means.
 */
export class HeartbeatRing {
  readonly nodes: readonly NodeId[];
  readonly index = new Map<NodeId, number>();
  readonly me: number;
  readonly lastHeard: Float64Array;
  private readonly watchSince: Float64Array;
  readonly knownIncarnation: Int32Array;
  /** When each peer's current life joined (0 = at cluster start), as far as this node knows. */
  readonly knownJoinedAt: Float64Array;
  private watched: Uint8Array;
  private watchCache: NodeId[] | null = null;
  private watchIndex = new Int32Array(0);
  private readonly lastAnswered: Float64Array;
  private heartbeat: Message;
  private ticks = 0;

  constructor(
    private readonly env: NodeEnv,
    private readonly clock: NodeClock,
    private readonly id: NodeId,
    incarnation: number,
    private readonly verdicts: RingVerdicts,
  ) {
    this.nodes = env.scenario.nodes;
    this.nodes.forEach((n, i) => this.index.set(n, i));
    this.me = this.index.get(id)!;
    const n = this.nodes.length;
    this.lastHeard = new Float64Array(n).fill(clock.now());
    this.watchSince = new Float64Array(n).fill(clock.now());
    this.knownIncarnation = new Int32Array(n).fill(1);
    this.knownIncarnation[this.me] = incarnation;
    this.knownJoinedAt = new Float64Array(n);
    this.watched = new Uint8Array(n);
    this.lastAnswered = new Float64Array(n).fill(-Infinity);
    this.heartbeat = { type: 'heartbeat', from: id, incarnation, joinedAt: 0 };
  }

  /** Peers this node heartbeats: both ring neighbours, plus the silent ones between (§0019). */
  watching(): NodeId[] {
    return this.watchCache ?? this.computeWatch().set;
  }

  isWatched(i: number): boolean {
    return this.watched[i] === 1;
  }

  /** A belief changed: the ring may close around a peer, or open again. */
  beliefsChanged(): void {
    this.watchCache = null;
  }

  heardRecently(i: number): boolean {
    return this.clock.now() - this.lastHeard[i] <= this.env.scenario.heartbeat.timeoutMs;
  }

  /** One heartbeat period: send to the neighbours, then report the ones that stayed silent. */
  tick(onSilent: (peer: NodeId) => void): void {
    const env = this.env;
    const watch = this.refreshWatch();
    for (let k = 0; k < watch.length; k++) env.transport.send(watch[k], this.heartbeat);
    // Now and then, probe peers judged failed by silence: if one is alive after all (a healed
    // partition), hearing it back lets a majority evict it and end the split brain.
    if (++this.ticks % PROBE_FAILED_EVERY === 0) this.callFailedBySilence();
    const now = this.clock.now();
    const timeout = env.scenario.heartbeat.timeoutMs;
    const watchIndex = this.watchIndex;
    for (let k = 0; k < watchIndex.length; k++) {
      const i = watchIndex[k];
      const last = this.lastHeard[i] > this.watchSince[i] ? this.lastHeard[i] : this.watchSince[i];
      if (now - last > timeout && this.verdicts.belief(watch[k]) === 'alive') onSilent(watch[k]);
    }
  }

  /** Any message from a peer is a sign of life; a higher incarnation is a new life. */
  heardFrom(i: number, incarnation?: number, joinedAt?: number): void {
    this.lastHeard[i] = this.clock.now();
    if (incarnation !== undefined && incarnation > this.knownIncarnation[i]) {
      this.knownIncarnation[i] = incarnation;
      if (joinedAt !== undefined) this.knownJoinedAt[i] = joinedAt;
    }
  }

  /**
   * A heartbeat from a peer this node does not watch (a partition's edge, a ring not yet closed):
   * answer it, so the peer can tell this node is alive — heartbeats must flow both ways.
   */
  answerIfUnwatched(i: number): void {
    if (this.watched[i] || i === this.me || this.verdicts.belief(this.nodes[i]) === 'failed') return;
    // At most once per period: two nodes that both answer must not start a ping-pong.
    const now = this.clock.now();
    if (now - this.lastAnswered[i] < this.env.scenario.heartbeat.intervalMs) return;
    this.lastAnswered[i] = now;
    this.env.transport.send(this.nodes[i], this.heartbeat);
  }

  /** Call every peer judged failed by silence (but `except`), now rather than at the next probe. */
  callFailedBySilence(except?: NodeId): void {
    for (const peer of this.verdicts.failedBySilence())
      if (peer !== except) this.env.transport.send(peer, this.heartbeat);
  }

  /** A new life after a rejoin: everyone heard just now. */
  reset(incarnation: number, joinedAt: number): void {
    this.lastHeard.fill(this.clock.now());
    this.knownIncarnation[this.me] = incarnation;
    this.knownJoinedAt[this.me] = joinedAt;
    this.heartbeat = { type: 'heartbeat', from: this.id, incarnation, joinedAt };
    this.watchCache = null;
  }

  private computeWatch(): { set: NodeId[]; seen: Uint8Array } {
    const v = this.verdicts;
    return ringWatch(this.nodes, this.me, (peer) => v.belief(peer), v.observedSilent, this.index);
  }

  /** At each tick: adopt the current watch set; a newly watched peer's silence counts from now. */
  private refreshWatch(): NodeId[] {
    if (this.watchCache) return this.watchCache;
    const { set, seen } = this.computeWatch();
    const now = this.clock.now();
    for (let i = 0; i < seen.length; i++) {
      if (seen[i] && !this.watched[i]) this.watchSince[i] = now;
    }
    this.watched = seen;
    this.watchCache = set;
    this.watchIndex = Int32Array.from(set, (peer) => this.index.get(peer)!);
    return set;
  }
}
