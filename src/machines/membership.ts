import { dotted } from './stateValue.ts';
import { createActor, type ActorRefFrom } from 'xstate';
import { decisionMachine, detectorMachine, owners, type MembershipActions } from './membershipMachines.ts';
import { QuorumProbe } from './quorumProbe.ts';
import { ringWatch } from './ringWatch.ts';
import type { Belief } from '../core/snapshot.ts';
import type { FailedCause, Message, NodeId } from '../core/types.ts';
import type { NodeClock } from './nodeClock.ts';
import type { NodeEnv } from './nodeEnv.ts';
import { isMajority } from '../core/majority.ts';

type Detector = ActorRefFrom<typeof detectorMachine>;
type Decision = ActorRefFrom<typeof decisionMachine>;

const PROBE_FAILED_EVERY = 4;

/** Where a change of belief came from: only first-hand observations are reported to others. */
type Source = 'observed' | 'adopted' | 'decided';

export interface MembershipHost {
  readonly id: NodeId;
  /** Roles may change: a peer failed, came back, or quorum moved. */
  beliefsChanged(peer: NodeId, belief: Belief, cause: FailedCause | null): void;
  quorumChanged(hasMajority: boolean): void;
  /**
   * A peer this minority node judged failed is talking to it: the partition healed, and this node
   * is the one the cluster went on without. It fences itself and rejoins, as if evicted.
   */
  cutOff(): void;
}

/**
 * One node's picture of the others: heartbeats to logical ring neighbours (§0019), last-heard
 * times in plain arrays (hot path), and an actor per peer only once something about it changes.
 */
export class Membership implements MembershipActions {
  readonly nodes: NodeId[];
  private readonly index = new Map<NodeId, number>();
  private readonly me: number;
  readonly lastHeard: Float64Array;
  private readonly watchSince: Float64Array;
  readonly knownIncarnation: Int32Array;
  /** When each peer's current life joined (0 = at cluster start), as far as this node knows. */
  readonly knownJoinedAt: Float64Array;
  private readonly beliefs = new Map<NodeId, Belief>();
  private readonly causes = new Map<NodeId, FailedCause>();
  private readonly detectors = new Map<NodeId, Detector>();
  private readonly decisions = new Map<NodeId, Decision>();
  private watchCache: NodeId[] | null = null;
  private watchIndex = new Int32Array(0);
  /** Peers this node itself saw fall silent: it keeps calling them, to be the one that sees them back. */
  private readonly observedSilent = new Set<NodeId>();
  private watched: Uint8Array;
  private lastEvictSent: Float64Array;
  private readonly lastAnswered: Float64Array;
  private majority = true;
  private source: Source = 'observed';
  private ticks = 0;
  private readonly quorumProbe: QuorumProbe;
  private heartbeat: Message;

  constructor(
    private readonly env: NodeEnv,
    private readonly clock: NodeClock,
    private readonly host: MembershipHost,
    incarnation: number,
  ) {
    this.nodes = env.scenario.nodes;
    this.nodes.forEach((n, i) => this.index.set(n, i));
    this.me = this.index.get(host.id)!;
    const n = this.nodes.length;
    this.lastHeard = new Float64Array(n).fill(clock.now());
    this.watchSince = new Float64Array(n).fill(clock.now());
    this.knownIncarnation = new Int32Array(n).fill(1);
    this.knownIncarnation[this.me] = incarnation;
    this.knownJoinedAt = new Float64Array(n);
    this.watched = new Uint8Array(n);
    this.lastEvictSent = new Float64Array(n).fill(-Infinity);
    this.lastAnswered = new Float64Array(n).fill(-Infinity);
    this.heartbeat = { type: 'heartbeat', from: host.id, incarnation, joinedAt: 0 };
    this.quorumProbe = new QuorumProbe(
      host.id,
      this.nodes,
      this.index,
      clock,
      env.transport,
      env.scenario.heartbeat.intervalMs,
    );
  }

  indexOf(node: NodeId): number | undefined {
    return this.index.get(node);
  }

  belief(peer: NodeId): Belief {
    return this.beliefs.get(peer) ?? 'alive';
  }

  cause(peer: NodeId): FailedCause | null {
    return this.causes.get(peer) ?? null;
  }

  beliefsSnapshot(): Record<NodeId, Belief> {
    return Object.fromEntries(this.beliefs);
  }

  get hasMajority(): boolean {
    return this.majority;
  }

  /** Peers this node heartbeats: both ring neighbours, plus the silent ones between (§0019). */
  watching(): NodeId[] {
    return this.watchCache ?? this.computeWatch().set;
  }

  private computeWatch(): { set: NodeId[]; seen: Uint8Array } {
    return ringWatch(this.nodes, this.me, (peer) => this.belief(peer), this.observedSilent, this.index);
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

  /** One heartbeat period: send to the neighbours, then judge the ones that stayed silent. */
  tick(): void {
    const env = this.env;
    const watch = this.refreshWatch();
    for (let k = 0; k < watch.length; k++) env.transport.send(watch[k], this.heartbeat);
    // Now and then, probe peers judged failed by silence: if one is alive after all (a healed
    // partition), hearing it back lets a majority evict it and end the split brain.
    if (++this.ticks % PROBE_FAILED_EVERY === 0) {
      for (const [peer, cause] of this.causes) {
        if (cause === 'timeout' || cause === 'admin') env.transport.send(peer, this.heartbeat);
      }
    }
    const now = this.clock.now();
    const timeout = env.scenario.heartbeat.timeoutMs;
    const watchIndex = this.watchIndex;
    for (let k = 0; k < watchIndex.length; k++) {
      const i = watchIndex[k];
      const last = this.lastHeard[i] > this.watchSince[i] ? this.lastHeard[i] : this.watchSince[i];
      if (now - last > timeout && this.belief(watch[k]) === 'alive')
        this.detector(watch[k]).send({ type: 'peer.timeout' });
    }
  }

  /** Any message from a peer is a sign of life (the hot path: plain data unless the belief changes). */
  heard(peer: NodeId, incarnation?: number, joinedAt?: number): void {
    const i = this.index.get(peer);
    if (i !== undefined) this.heardFrom(i, incarnation, joinedAt);
  }

  /** `heard`, by node index (the receive path already knows it). */
  heardFrom(i: number, incarnation?: number, joinedAt?: number): void {
    if (i === this.me) return;
    const now = this.clock.now();
    this.lastHeard[i] = now;
    if (incarnation !== undefined && incarnation > this.knownIncarnation[i]) {
      this.knownIncarnation[i] = incarnation;
      if (joinedAt !== undefined) this.knownJoinedAt[i] = joinedAt;
    }
    if (this.beliefs.size === 0) return;
    const peer = this.nodes[i];
    const belief = this.beliefs.get(peer);
    if (belief === undefined) return;
    if (belief === 'failed') {
      const failedIncarnation = this.detectors.get(peer)?.getSnapshot().context.failedIncarnation ?? 0;
      if (this.knownIncarnation[i] > failedIncarnation) this.rejoined(peer, this.knownIncarnation[i]);
      else if (this.majority) this.evict(peer, i, now);
      else if (this.causes.get(peer) !== 'distress') this.host.cutOff();
      return;
    }
    this.detector(peer).send({ type: 'peer.heard' });
  }

  /**
   * A heartbeat from a peer this node does not watch (a partition's edge, a ring not yet closed):
   * answer it, so the peer can tell this node is alive — heartbeats must flow both ways.
   */
  answerIfUnwatched(i: number): void {
    if (this.watched[i] || i === this.me || this.beliefs.get(this.nodes[i]) === 'failed') return;
    // At most once per period: two nodes that both answer must not start a ping-pong.
    const now = this.clock.now();
    if (now - this.lastAnswered[i] < this.env.scenario.heartbeat.intervalMs) return;
    this.lastAnswered[i] = now;
    this.env.transport.send(this.nodes[i], this.heartbeat);
  }

  /** A node the cluster judged failed is still talking: a majority tells it to fence itself. */
  private evict(peer: NodeId, i: number, now: number): void {
    if (now - this.lastEvictSent[i] < this.env.scenario.heartbeat.intervalMs) return;
    this.lastEvictSent[i] = now;
    this.env.transport.send(peer, {
      type: 'evicted',
      from: this.host.id,
      incarnation: this.knownIncarnation[i],
    });
    // One of them is back, so the partition has probably healed: call the others judged failed by
    // silence now, rather than at the next probe, so the whole cut-off side rejoins together.
    for (const [other, cause] of this.causes) {
      if (other !== peer && (cause === 'timeout' || cause === 'admin'))
        this.env.transport.send(other, this.heartbeat);
    }
  }

  rejoined(peer: NodeId, incarnation: number): void {
    const i = this.index.get(peer);
    if (i === undefined) return;
    this.knownIncarnation[i] = Math.max(this.knownIncarnation[i], incarnation);
    this.lastHeard[i] = this.clock.now();
    const belief = this.beliefs.get(peer);
    if (belief === undefined) return;
    this.detector(peer).send(belief === 'failed' ? { type: 'peer.rejoined' } : { type: 'peer.heard' });
  }

  /** Authoritative news that a peer is gone (verified distress, fence, administrator). */
  failed(peer: NodeId, cause: FailedCause, incarnation: number, source: Source): void {
    if (this.index.get(peer) === undefined || peer === this.host.id) return;
    this.withSource(source, () => this.detector(peer).send({ type: 'verdict.failed', cause, incarnation }));
    const decision = this.decisions.get(peer);
    if (cause === 'distress') this.decision(peer).send({ type: 'peer.distress' });
    else if (cause === 'fenced') this.decision(peer).send({ type: 'peer.fenced' });
    else if (cause === 'admin') this.decision(peer).send({ type: 'admin.markFailed' });
    else decision?.send({ type: 'peer.silent' });
  }

  /** A verdict another node reached about a peer it watches. */
  adoptReport(report: Extract<Message, { type: 'report' }>): void {
    const { peer, verdict } = report;
    const i = this.index.get(peer);
    if (i === undefined || i === this.me) return;
    const heardRecently = this.clock.now() - this.lastHeard[i] <= this.env.scenario.heartbeat.timeoutMs;
    if (verdict === 'failed') {
      const cause = report.cause ?? 'timeout';
      if (cause === 'timeout' && heardRecently) return;
      if (this.belief(peer) === 'failed' && this.causes.get(peer) === cause) return;
      this.failed(peer, cause, report.incarnation, 'adopted');
    } else if (verdict === 'partitioned') {
      if (heardRecently || this.belief(peer) !== 'alive') return;
      this.withSource('adopted', () => this.detector(peer).send({ type: 'verdict.partitioned' }));
    } else if (this.belief(peer) === 'suspect' || this.belief(peer) === 'partitioned') {
      this.withSource('adopted', () => this.detector(peer).send({ type: 'peer.heard' }));
    }
  }

  /** Ask every node "can you hear me?" (QuorumProbe). */
  confirmQuorum(done: (ok: boolean) => void): void {
    this.quorumProbe.confirm(done);
  }

  onProbe(m: Extract<Message, { type: 'probe' | 'probe.ack' }>): void {
    this.quorumProbe.receive(m);
    // A fence's report can be lost; a node still waiting for it probes again (awaitingFence), so the
    // fencer answers that probe with what it fenced — else the waiter would probe for ever.
    if (m.type !== 'probe' || !this.causes.size || !this.isFencer()) return;
    for (const [peer, cause] of this.causes) {
      if (cause !== 'fenced') continue;
      const incarnation = this.knownIncarnation[this.index.get(peer)!];
      this.env.transport.send(m.from, {
        type: 'report',
        from: this.host.id,
        peer,
        verdict: 'failed',
        incarnation,
        cause,
      });
    }
  }

  adminMarkFailed(peer: NodeId): void {
    const i = this.index.get(peer);
    if (i === undefined || i === this.me) return;
    this.decision(peer).send({ type: 'admin.markFailed' });
  }

  adminKeepWaiting(peer: NodeId): void {
    this.decisions.get(peer)?.send({ type: 'admin.keepWaiting' });
  }

  fenceResult(peer: NodeId, ok: boolean): void {
    this.decisions.get(peer)?.send({ type: ok ? 'fence.succeeded' : 'fence.failed' });
  }

  /** A new life after a rejoin: no opinions, everyone heard just now. */
  reset(incarnation: number, joinedAt: number): void {
    this.stop();
    this.beliefs.clear();
    this.causes.clear();
    this.observedSilent.clear();
    this.lastHeard.fill(this.clock.now());
    this.knownIncarnation[this.me] = incarnation;
    this.knownJoinedAt[this.me] = joinedAt;
    this.heartbeat = { type: 'heartbeat', from: this.host.id, incarnation, joinedAt };
    this.watchCache = null;
    this.setMajority(true);
  }

  stop(): void {
    this.quorumProbe.cancel();
    for (const a of this.detectors.values()) a.stop();
    for (const a of this.decisions.values()) a.stop();
    this.detectors.clear();
    this.decisions.clear();
  }

  private withSource(source: Source, fn: () => void): void {
    const before = this.source;
    this.source = source;
    try {
      fn();
    } finally {
      this.source = before;
    }
  }

  private setBelief(peer: NodeId, belief: Belief, cause: FailedCause | null): void {
    if (belief === 'alive') this.beliefs.delete(peer);
    else this.beliefs.set(peer, belief);
    if (cause) this.causes.set(peer, cause);
    else this.causes.delete(peer);
    this.watchCache = null;
    const n = this.nodes.length;
    let silent = 0;
    for (const b of this.beliefs.values()) if (b === 'failed' || b === 'partitioned') silent++;
    this.setMajority(isMajority(n - silent, n));
    this.host.beliefsChanged(peer, belief, cause);
  }

  private setMajority(majority: boolean): void {
    if (majority === this.majority) return;
    this.majority = majority;
    this.host.quorumChanged(majority);
    for (const d of this.decisions.values()) d.send({ type: 'quorum.changed' });
  }

  private report(peer: NodeId, verdict: 'alive' | 'failed' | 'partitioned', cause?: FailedCause): void {
    const i = this.index.get(peer)!;
    // Only a watcher (a ring neighbour) speaks for a peer, and only about what it saw itself:
    // otherwise one healed partition makes every node tell every other node about every peer.
    if (this.source !== 'observed' || (!this.watched[i] && cause !== 'fenced')) return;
    const message: Message = {
      type: 'report',
      from: this.host.id,
      peer,
      verdict,
      incarnation: this.knownIncarnation[i],
      ...(cause ? { cause } : {}),
    };
    this.env.transport.broadcast(message);
  }

  /** The state of each per-peer failure detector and cluster decision made so far (Machine tab). */
  machineStates(): { detectors: Record<NodeId, string>; decisions: Record<NodeId, string> } {
    const detectors: Record<NodeId, string> = {};
    const decisions: Record<NodeId, string> = {};
    // A watched peer that has never gone quiet has no actor yet: its heartbeats are counted in plain
    // data (the hot path), which is the detector's initial state, `alive`.
    for (const peer of this.watching()) detectors[peer] = 'alive';
    for (const [peer, a] of this.detectors) detectors[peer] = dotted(a.getSnapshot().value);
    for (const [peer, a] of this.decisions) decisions[peer] = dotted(a.getSnapshot().value);
    return { detectors, decisions };
  }

  detector(peer: NodeId): Detector {
    let actor = this.detectors.get(peer);
    if (actor) return actor;
    actor = createActor(detectorMachine, {
      clock: this.clock,
      input: {
        peer,
        retryMs: this.env.scenario.heartbeat.intervalMs,
        silenceMeansFailed: this.env.scenario.policy === 'aggressive',
      },
    });
    this.detectors.set(peer, actor);
    owners.set(actor, this);
    actor.start();
    // Made now, not later from inside a detector action (XState warns about actors created there).
    this.decision(peer);
    return actor;
  }

  decision(peer: NodeId): Decision {
    let actor = this.decisions.get(peer);
    if (actor) return actor;
    const s = this.env.scenario;
    actor = createActor(decisionMachine, {
      clock: this.clock,
      input: { peer, policy: s.policy, leaseMs: s.leaseMs, fenceRetryMs: s.fence.retryMs },
    });
    this.decisions.set(peer, actor);
    owners.set(actor, this);
    actor.start();
    return actor;
  }

  // What the machines do (called from their provided actions, below).

  onSuspect(peer: NodeId): void {
    this.env.record({ kind: 'peer.suspect', node: this.host.id, peer });
    this.setBelief(peer, 'suspect', null);
  }

  onAlive(peer: NodeId): void {
    const was = this.belief(peer);
    this.observedSilent.delete(peer);
    this.env.record({ kind: 'peer.alive', node: this.host.id, peer });
    this.setBelief(peer, 'alive', null);
    this.decisions.get(peer)?.send({ type: 'peer.back' });
    this.env.peerBack(peer);
    if (was !== 'suspect') this.report(peer, 'alive');
  }

  onPartitioned(peer: NodeId): void {
    if (this.source === 'observed') this.observedSilent.add(peer);
    this.env.record({ kind: 'peer.partitioned', node: this.host.id, peer });
    this.setBelief(peer, 'partitioned', null);
    this.report(peer, 'partitioned');
    this.decision(peer).send({ type: 'peer.silent' });
  }

  onFailed(peer: NodeId, cause: FailedCause): void {
    this.observedSilent.delete(peer);
    this.env.record({ kind: 'peer.failed', node: this.host.id, peer, cause });
    this.setBelief(peer, 'failed', cause);
    if (cause === 'timeout' || cause === 'fenced') this.report(peer, 'failed', cause);
    if (cause === 'timeout') this.decision(peer).send({ type: 'peer.silent' });
  }

  requestAdmin(peer: NodeId): void {
    this.env.requestAdmin(peer);
  }

  confirmQuorumFor(peer: NodeId): void {
    this.confirmQuorum((ok) =>
      this.decisions
        .get(peer)
        ?.send(ok ? { type: 'quorum.confirmed', fencer: this.isFencer() } : { type: 'quorum.denied' }),
    );
  }

  startFence(peer: NodeId): void {
    const me = this.host.id;
    this.env.record({ kind: 'fence.started', node: me, peer });
    this.env.fenceDevice.powerOff(me, peer, (ok) => {
      this.env.record({ kind: ok ? 'fence.succeeded' : 'fence.failed', node: me, peer });
      this.fenceResult(peer, ok);
    });
  }

  declareFailed(peer: NodeId, cause: FailedCause): void {
    const i = this.index.get(peer)!;
    const source: Source = cause === 'fenced' ? 'observed' : 'decided';
    this.withSource(source, () =>
      this.detector(peer).send({ type: 'verdict.failed', cause, incarnation: this.knownIncarnation[i] }),
    );
  }

  /** One fencer per side: the first node, in cluster order, that this node believes reachable. */
  isFencer(): boolean {
    for (const n of this.nodes) {
      if (n === this.host.id) return true;
      const b = this.belief(n);
      if (b === 'alive' || b === 'suspect') return false;
    }
    return true;
  }
}
