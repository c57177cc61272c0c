import type { Belief } from '../core/snapshot.ts';
import type { FailedCause, Message, NodeId } from '../core/types.ts';
import { HeartbeatRing } from './heartbeatRing.ts';
import type { VerdictSource } from './membershipMachines.ts';
import type { NodeClock } from './nodeClock.ts';
import type { NodeEnv } from './nodeEnv.ts';
import { PeerVerdicts, type VerdictsHost } from './peerVerdicts.ts';

export type MembershipHost = VerdictsHost;

/**
 * One node's picture of the others, in two parts: the heartbeat ring (who it heartbeats, when it
 * last heard each peer: machines/heartbeatRing.ts) and its verdicts (what it concludes about each
 * peer, and eviction and healing after a partition: machines/peerVerdicts.ts). This class only
 * wires them together for ClusterNode.
 */
export class Membership {
  private readonly ring: HeartbeatRing;
  private readonly verdicts: PeerVerdicts;

  constructor(env: NodeEnv, clock: NodeClock, host: MembershipHost, incarnation: number) {
    this.verdicts = new PeerVerdicts(env, clock, host);
    this.ring = new HeartbeatRing(env, clock, host.id, incarnation, this.verdicts);
    this.verdicts.attach(this.ring);
  }

  get knownIncarnation(): Int32Array {
    return this.ring.knownIncarnation;
  }

  get knownJoinedAt(): Float64Array {
    return this.ring.knownJoinedAt;
  }

  indexOf(node: NodeId): number | undefined {
    return this.ring.index.get(node);
  }

  belief(peer: NodeId): Belief {
    return this.verdicts.belief(peer);
  }

  cause(peer: NodeId): FailedCause | null {
    return this.verdicts.cause(peer);
  }

  beliefsSnapshot(): Record<NodeId, Belief> {
    return this.verdicts.beliefsSnapshot();
  }

  get hasMajority(): boolean {
    return this.verdicts.hasMajority;
  }

  watching(): NodeId[] {
    return this.ring.watching();
  }

  /** One heartbeat period: heartbeats out; a watched peer silent too long goes to its detector. */
  tick(): void {
    this.ring.tick((peer) => this.verdicts.silent(peer));
  }

  /** Any message from peer `i` is a sign of life (the hot path: plain data unless a belief changes). */
  heardFrom(i: number, incarnation?: number, joinedAt?: number): void {
    if (i === this.ring.me) return;
    this.ring.heardFrom(i, incarnation, joinedAt);
    this.verdicts.heard(i);
  }

  answerIfUnwatched(i: number): void {
    this.ring.answerIfUnwatched(i);
  }

  rejoined(peer: NodeId, incarnation: number): void {
    this.verdicts.rejoined(peer, incarnation);
  }

  failed(peer: NodeId, cause: FailedCause, incarnation: number, source: VerdictSource): void {
    this.verdicts.failed(peer, cause, incarnation, source);
  }

  adoptReport(report: Extract<Message, { type: 'report' }>): void {
    this.verdicts.adoptReport(report);
  }

  confirmQuorum(done: (ok: boolean) => void): void {
    this.verdicts.confirmQuorum(done);
  }

  onProbe(m: Extract<Message, { type: 'probe' | 'probe.ack' }>): void {
    this.verdicts.onProbe(m);
  }

  adminMarkFailed(peer: NodeId): void {
    this.verdicts.adminMarkFailed(peer);
  }

  adminKeepWaiting(peer: NodeId): void {
    this.verdicts.adminKeepWaiting(peer);
  }

  /** A new life after a rejoin: no opinions, everyone heard just now. */
  reset(incarnation: number, joinedAt: number): void {
    this.verdicts.clear();
    this.ring.reset(incarnation, joinedAt);
    this.verdicts.setMajority(true);
  }

  /** The state of each per-peer failure detector and cluster decision made so far (Machine tab). */
  machineStates(): { detectors: Record<NodeId, string>; decisions: Record<NodeId, string> } {
    return this.verdicts.machineStates(this.ring.watching());
  }

  stop(): void {
    this.verdicts.stop();
  }
}
