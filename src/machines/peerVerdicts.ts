import { createActor, type ActorRefFrom } from 'xstate';
import { isMajority } from '../core/majority.ts';
import type { Belief } from '../core/snapshot.ts';
import type { FailedCause, Message, NodeId } from '../core/types.ts';
import type { HeartbeatRing } from './heartbeatRing.ts';
import {
  decisionMachine,
  detectorMachine,
  owners,
  type MembershipActions,
  type VerdictSource,
} from './membershipMachines.ts';
import type { NodeClock } from './nodeClock.ts';
import type { NodeEnv } from './nodeEnv.ts';
import { QuorumProbe } from './quorumProbe.ts';
import { dotted } from './stateValue.ts';

type Detector = ActorRefFrom<typeof detectorMachine>;
type Decision = ActorRefFrom<typeof decisionMachine>;

export interface VerdictsHost {
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
 * What this node concludes about each peer, and what follows: per peer a failure detector (alive →
 * suspect → failed | partitioned, §0019–§0020) and a cluster decision (the policy: wait for an
 * administrator, a quorum and a lease, a fence — or at once after a verified distress). Verdicts
 * are shared with a `report` (only a watcher speaks for a peer, and only of what it saw itself).
 * When a node judged failed turns out alive (a healed partition), a majority evicts it; a minority
 * node that hears from the majority it judged failed cuts itself off. Heartbeats themselves are
 * machines/heartbeatRing.ts.
 */
export class PeerVerdicts implements MembershipActions {
  private readonly beliefs = new Map<NodeId, Belief>();
  private readonly causes = new Map<NodeId, FailedCause>();
  private readonly detectors = new Map<NodeId, Detector>();
  private readonly decisions = new Map<NodeId, Decision>();
  readonly observedSilent = new Set<NodeId>();
  private readonly lastEvictSent: Float64Array;
  private majority = true;
  private readonly quorumProbe: QuorumProbe;
  private ring!: HeartbeatRing;

  constructor(
    private readonly env: NodeEnv,
    private readonly clock: NodeClock,
    private readonly host: VerdictsHost,
  ) {
    const nodes = env.scenario.nodes;
    this.lastEvictSent = new Float64Array(nodes.length).fill(-Infinity);
    const index = new Map(nodes.map((n, i) => [n, i]));
    this.quorumProbe = new QuorumProbe(
      host.id,
      nodes,
      index,
      clock,
      env.transport,
      env.scenario.heartbeat.intervalMs,
    );
  }

  /** The ring it reads last-heard times and incarnations from (they are made together). */
  attach(ring: HeartbeatRing): void {
    this.ring = ring;
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

  *failedBySilence(): Iterable<NodeId> {
    for (const [peer, cause] of this.causes) if (cause === 'timeout' || cause === 'admin') yield peer;
  }

  /** A watched peer stayed silent past the timeout. */
  silent(peer: NodeId): void {
    this.detector(peer).send({ type: 'peer.timeout' });
  }

  /** The peer (index i) was just heard: a belief other than alive may change. */
  heard(i: number): void {
    if (this.beliefs.size === 0) return;
    const peer = this.ring.nodes[i];
    const belief = this.beliefs.get(peer);
    if (belief === undefined) return;
    if (belief === 'failed') {
      const failedIncarnation = this.detectors.get(peer)?.getSnapshot().context.failedIncarnation ?? 0;
      const known = this.ring.knownIncarnation[i];
      if (known > failedIncarnation) this.rejoined(peer, known);
      else if (this.majority) this.evict(peer, i, this.clock.now());
      else if (this.causes.get(peer) !== 'distress') this.host.cutOff();
      return;
    }
    this.detector(peer).send({ type: 'peer.heard' });
  }

  /** A node the cluster judged failed is still talking: a majority tells it to fence itself. */
  private evict(peer: NodeId, i: number, now: number): void {
    if (now - this.lastEvictSent[i] < this.env.scenario.heartbeat.intervalMs) return;
    this.lastEvictSent[i] = now;
    this.env.transport.send(peer, {
      type: 'evicted',
      from: this.host.id,
      incarnation: this.ring.knownIncarnation[i],
    });
    // One of them is back, so the partition has probably healed: call the others judged failed by
    // silence now, rather than at the next probe, so the whole cut-off side rejoins together.
    this.ring.callFailedBySilence(peer);
  }

  rejoined(peer: NodeId, incarnation: number): void {
    const i = this.ring.index.get(peer);
    if (i === undefined) return;
    this.ring.knownIncarnation[i] = Math.max(this.ring.knownIncarnation[i], incarnation);
    this.ring.lastHeard[i] = this.clock.now();
    const belief = this.beliefs.get(peer);
    if (belief === undefined) return;
    this.detector(peer).send(belief === 'failed' ? { type: 'peer.rejoined' } : { type: 'peer.heard' });
  }

  /** Authoritative news that a peer is gone (verified distress, fence, administrator). */
  failed(peer: NodeId, cause: FailedCause, incarnation: number, source: VerdictSource): void {
    if (this.ring.index.get(peer) === undefined || peer === this.host.id) return;
    this.detector(peer).send({ type: 'verdict.failed', cause, incarnation, source });
    const decision = this.decisions.get(peer);
    if (cause === 'distress') this.decision(peer).send({ type: 'peer.distress' });
    else if (cause === 'fenced') this.decision(peer).send({ type: 'peer.fenced' });
    else if (cause === 'admin') this.decision(peer).send({ type: 'admin.markFailed' });
    else decision?.send({ type: 'peer.silent' });
  }

  /** A verdict another node reached about a peer it watches. */
  adoptReport(report: Extract<Message, { type: 'report' }>): void {
    const { peer, verdict } = report;
    const i = this.ring.index.get(peer);
    if (i === undefined || i === this.ring.me) return;
    const heardRecently = this.ring.heardRecently(i);
    if (verdict === 'failed') {
      const cause = report.cause ?? 'timeout';
      if (cause === 'timeout' && heardRecently) return;
      if (this.belief(peer) === 'failed' && this.causes.get(peer) === cause) return;
      this.failed(peer, cause, report.incarnation, 'adopted');
    } else if (verdict === 'partitioned') {
      if (heardRecently || this.belief(peer) !== 'alive') return;
      this.detector(peer).send({ type: 'verdict.partitioned', source: 'adopted' });
    } else if (this.belief(peer) === 'suspect' || this.belief(peer) === 'partitioned') {
      this.detector(peer).send({ type: 'peer.heard', source: 'adopted' });
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
      const incarnation = this.ring.knownIncarnation[this.ring.index.get(peer)!];
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
    const i = this.ring.index.get(peer);
    if (i === undefined || i === this.ring.me) return;
    this.decision(peer).send({ type: 'admin.markFailed' });
  }

  adminKeepWaiting(peer: NodeId): void {
    this.decisions.get(peer)?.send({ type: 'admin.keepWaiting' });
  }

  /** A new life after a rejoin: no opinions. */
  clear(): void {
    this.stop();
    this.beliefs.clear();
    this.causes.clear();
    this.observedSilent.clear();
  }

  stop(): void {
    this.quorumProbe.cancel();
    for (const a of this.detectors.values()) a.stop();
    for (const a of this.decisions.values()) a.stop();
    this.detectors.clear();
    this.decisions.clear();
  }

  setMajority(majority: boolean): void {
    if (majority === this.majority) return;
    this.majority = majority;
    this.host.quorumChanged(majority);
    for (const d of this.decisions.values()) d.send({ type: 'quorum.changed' });
  }

  private setBelief(peer: NodeId, belief: Belief, cause: FailedCause | null): void {
    if (belief === 'alive') this.beliefs.delete(peer);
    else this.beliefs.set(peer, belief);
    if (cause) this.causes.set(peer, cause);
    else this.causes.delete(peer);
    this.ring.beliefsChanged();
    const n = this.ring.nodes.length;
    let silent = 0;
    for (const b of this.beliefs.values()) if (b === 'failed' || b === 'partitioned') silent++;
    this.setMajority(isMajority(n - silent, n));
    this.host.beliefsChanged(peer, belief, cause);
  }

  private report(
    peer: NodeId,
    source: VerdictSource,
    verdict: 'alive' | 'failed' | 'partitioned',
    cause?: FailedCause,
  ): void {
    const i = this.ring.index.get(peer)!;
    // Only a watcher (a ring neighbour) speaks for a peer, and only about what it saw itself:
    // otherwise one healed partition makes every node tell every other node about every peer.
    if (source !== 'observed' || (!this.ring.isWatched(i) && cause !== 'fenced')) return;
    const message: Message = {
      type: 'report',
      from: this.host.id,
      peer,
      verdict,
      incarnation: this.ring.knownIncarnation[i],
      ...(cause ? { cause } : {}),
    };
    this.env.transport.broadcast(message);
  }

  /** The state of each per-peer failure detector and cluster decision made so far (Machine tab). */
  machineStates(watching: readonly NodeId[]): {
    detectors: Record<NodeId, string>;
    decisions: Record<NodeId, string>;
  } {
    const detectors: Record<NodeId, string> = {};
    const decisions: Record<NodeId, string> = {};
    // A watched peer that has never gone quiet has no actor yet: its heartbeats are counted in plain
    // data (the hot path), which is the detector's initial state, `alive`.
    for (const peer of watching) detectors[peer] = 'alive';
    for (const [peer, a] of this.detectors) detectors[peer] = dotted(a.getSnapshot().value);
    for (const [peer, a] of this.decisions) decisions[peer] = dotted(a.getSnapshot().value);
    return { detectors, decisions };
  }

  private detector(peer: NodeId): Detector {
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

  private decision(peer: NodeId): Decision {
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

  // What the machines do (called from their provided actions, membershipMachines.ts).

  onSuspect(peer: NodeId): void {
    this.env.record({ kind: 'peer.suspect', node: this.host.id, peer });
    this.setBelief(peer, 'suspect', null);
  }

  onAlive(peer: NodeId, source: VerdictSource): void {
    const was = this.belief(peer);
    this.observedSilent.delete(peer);
    this.env.record({ kind: 'peer.alive', node: this.host.id, peer });
    this.setBelief(peer, 'alive', null);
    this.decisions.get(peer)?.send({ type: 'peer.back' });
    this.env.peerBack(peer);
    if (was !== 'suspect') this.report(peer, source, 'alive');
  }

  onPartitioned(peer: NodeId, source: VerdictSource): void {
    if (source === 'observed') this.observedSilent.add(peer);
    this.env.record({ kind: 'peer.partitioned', node: this.host.id, peer });
    this.setBelief(peer, 'partitioned', null);
    this.report(peer, source, 'partitioned');
    this.decision(peer).send({ type: 'peer.silent' });
  }

  onFailed(peer: NodeId, cause: FailedCause, source: VerdictSource): void {
    this.observedSilent.delete(peer);
    this.env.record({ kind: 'peer.failed', node: this.host.id, peer, cause });
    this.setBelief(peer, 'failed', cause);
    if (cause === 'timeout' || cause === 'fenced') this.report(peer, source, 'failed', cause);
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
      this.decisions.get(peer)?.send({ type: ok ? 'fence.succeeded' : 'fence.failed' });
    });
  }

  declareFailed(peer: NodeId, cause: FailedCause): void {
    const i = this.ring.index.get(peer)!;
    // A fence is first-hand: the fencer reports it; any other decision is this node's own.
    const source: VerdictSource = cause === 'fenced' ? 'observed' : 'decided';
    this.detector(peer).send({
      type: 'verdict.failed',
      cause,
      incarnation: this.ring.knownIncarnation[i],
      source,
    });
  }

  /** One fencer per side: the first node, in cluster order, that this node believes reachable. */
  isFencer(): boolean {
    for (const n of this.ring.nodes) {
      if (n === this.host.id) return true;
      const b = this.belief(n);
      if (b === 'alive' || b === 'suspect') return false;
    }
    return true;
  }
}
