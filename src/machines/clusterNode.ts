import type { MachineStates } from '../core/snapshot.ts';
import { createActor, type ActorRefFrom, type SnapshotFrom } from 'xstate';
import { parseDistress, verifyDistress, type DistressIdentity } from '../core/distressSignal.ts';
import { sendPath } from '../core/sendPath.ts';
import type { ImpendingFailure, NodeSnapshot, NodeTruth } from '../core/snapshot.ts';
import type { Message, NodeId } from '../core/types.ts';
import { DistressSender, inThreadDistressTask } from './distressSender.ts';
import { Membership } from './membership.ts';
import { NodeClock } from './nodeClock.ts';
import type { NodeEnv } from './nodeEnv.ts';
import { nodeLifecycleMachine } from './nodeLifecycleMachine.ts';
import { prepared } from './prepare.ts';
import { ResourceRoles } from './resourceRoles.ts';

type Lifecycle = ActorRefFrom<typeof nodeLifecycleMachine>;

/** Dotted form of a state value: { impendingFailure: 'sendingDistressSync' } → "impendingFailure.sendingDistressSync". */
export function stateName(value: SnapshotFrom<typeof nodeLifecycleMachine>['value'] | string): string {
  if (typeof value === 'string') return value;
  const [key, inner] = Object.entries(value)[0];
  return `${key}.${stateName(inner)}`;
}

/**
 * One cluster node: its lifecycle machine, the dedicated distress task, its picture of the peers
 * (Membership) and its roles (ResourceRoles), over an injected clock and transport — so the same
 * class runs in the simulator, the CLI and a live browser tab.
 */
export class ClusterNode {
  readonly id: NodeId;
  readonly clock: NodeClock;
  incarnation = 1;
  private readonly lifecycle: Lifecycle;
  private readonly membership: Membership;
  private readonly roles: ResourceRoles;
  private readonly sender: DistressSender;

  private tickTimer: unknown;
  private deathReason = 'crash';
  /** What its OS knows of the coming failure, for the views: when it dies, when the distress leaves. */
  private impending: ImpendingFailure | null = null;
  private deaths = 0;
  // The lifecycle state, cached on every transition: asked on every message (the hot path).
  private dead = false;
  private healthy = true;
  private member = true;

  constructor(
    id: NodeId,
    private readonly env: NodeEnv,
  ) {
    this.id = id;
    this.clock = new NodeClock(env.clock);
    this.membership = new Membership(env, this.clock, this.membershipHost(), this.incarnation);
    this.roles = new ResourceRoles(env, this.clock, {
      id,
      belief: (peer) => this.membership.belief(peer),
      cause: (peer) => this.membership.cause(peer),
      canLead: () => this.isHealthy(),
      confirmQuorum: (done) => this.membership.confirmQuorum(done),
      joinedAt: (peer) => {
        const i = this.membership.indexOf(peer);
        return i === undefined ? 0 : this.membership.knownJoinedAt[i];
      },
    });
    this.sender = new DistressSender({
      preformed: env.scenario.options.preformed,
      wire: (bytes) => env.transport.broadcast({ type: 'distress', from: id, bytes }),
      left: (mode, reason) => {
        env.record({ kind: 'distress.sent', node: id, mode, failure: reason });
        if (mode === 'async') this.lifecycle.send({ type: 'distress.left' });
      },
      startTask: env.distressTask ?? inThreadDistressTask(this.clock, env.scenario.costs),
    });
    this.lifecycle = createActor(this.lifecycleMachine(), {
      clock: this.clock,
      input: {
        node: id,
        distress: env.scenario.distress,
        options: env.scenario.options,
        costs: env.scenario.costs,
      },
    });
    env.transport.onMessage((m) => this.receive(m));
  }

  /** Cluster start: pre-form the distress (§0045), start the idle task (§0044), take the configured roles. */
  start(): void {
    this.startLifecycle();
    this.enterCluster(true);
  }

  /**
   * A live tab that reloaded: the same node, dead since its page went, at the incarnation it had.
   * Like any dead node it comes back only by recover + rejoin, as a new life (§0052).
   */
  startDown(incarnation: number, reason: string): void {
    this.incarnation = incarnation;
    this.startLifecycle();
    this.deathReason = reason;
    this.lifecycle.send({ type: 'node.crash' });
  }

  private startLifecycle(): void {
    this.lifecycle.subscribe((snapshot) => {
      this.dead = snapshot.matches('dead');
      this.healthy = snapshot.matches('healthy');
      this.member = this.healthy || snapshot.matches('impendingFailure');
    });
    this.lifecycle.start();
  }

  // ------------------------------------------------------------------ what the world does to it

  /** The node's own OS sees a failure coming (§0046–§0047); the power goes at `deathAt`. */
  failureImminent(type: string, warningMs: number): void {
    const now = this.clock.now();
    if (this.impending && !this.isHealthy()) {
      // Already failing: the OS sees a second failure; the earlier death wins, the distress goes on.
      this.env.record({ kind: 'failure.detected', node: this.id, failure: type, warningMs });
      if (now + warningMs < this.impending.deathAt) {
        this.impending.deathAt = now + warningMs;
        this.deathReason = type;
      }
      return;
    }
    this.deathReason = type;
    this.impending = {
      failure: type,
      detectedAt: now,
      deathAt: now + warningMs,
      mode: null,
      distressLeavesAt: null,
      shutdownDoneAt: null,
    };
    this.env.record({ kind: 'failure.detected', node: this.id, failure: type, warningMs });
    this.lifecycle.send({ type: 'failure.imminent', failure: { type, warningMs, detectedAt: now } });
    // The machine has chosen (or, distress off or not a member, sends nothing): when will it leave?
    const path = this.lifecycle.getSnapshot().context.path;
    if (path) {
      const { options, costs } = this.env.scenario;
      const plan = sendPath({
        failure: type,
        warningMs,
        mode: path,
        preformed: options.preformed,
        costs,
        detectedAt: now,
      });
      this.impending.mode = path;
      this.impending.distressLeavesAt = plan.leavesAt;
    }
  }

  powerLost(reason?: string): void {
    if (reason) this.deathReason = reason;
    this.lifecycle.send({ type: 'power.lost' });
  }

  crash(): void {
    this.deathReason = 'crash';
    this.lifecycle.send({ type: 'node.crash' });
  }

  pause(): void {
    this.clock.pause();
    this.lifecycle.send({ type: 'node.pause' });
  }

  resume(): void {
    this.clock.resume();
    this.lifecycle.send({ type: 'node.resume' });
    if (!this.membership.hasMajority) this.lifecycle.send({ type: 'quorum.lost' });
  }

  recover(): void {
    this.lifecycle.send({ type: 'node.recover' });
  }

  rejoin(): void {
    this.lifecycle.send({ type: 'node.rejoin' });
    // Outside the machine's action: a new life starts new actors (the task, the roles).
    if (this.lifecycle.getSnapshot().matches('healthy')) {
      const joinedAt = this.clock.now();
      this.membership.reset(this.incarnation, joinedAt);
      this.enterCluster(false);
      this.env.transport.broadcast({ type: 'join', from: this.id, incarnation: this.incarnation, joinedAt });
      this.env.record({ kind: 'node.rejoined', node: this.id });
      this.env.changed();
    }
  }

  adminMarkFailed(peer: NodeId): void {
    if (this.isMember()) this.membership.adminMarkFailed(peer);
  }

  adminKeepWaiting(peer: NodeId): void {
    if (this.isMember()) this.membership.adminKeepWaiting(peer);
  }

  /** Stop everything this node runs (a live tab closing, a test ending); nothing is sent. */
  stop(): void {
    this.clock.reset();
    this.sender.stop();
    this.membership.stop();
    this.roles.stop();
    this.lifecycle.stop();
  }

  // ------------------------------------------------------------------ what the world can see

  get state(): string {
    return stateName(this.lifecycle.getSnapshot().value);
  }

  /** The state of every machine of this node, for the Machine tab (read on demand, not per frame). */
  machineStates(): MachineStates {
    return {
      lifecycle: this.state,
      distressTask: this.dead ? null : this.sender.taskState(),
      ...this.membership.machineStates(),
      roles: this.roles.machineStates(),
    };
  }

  isDead(): boolean {
    return this.dead;
  }

  /** Recovered (or evicted) and out of the cluster until it explicitly rejoins (§0052). */
  isOffline(): boolean {
    return this.lifecycle.getSnapshot().matches('offline');
  }

  /** Nothing is wrong with it: healthy, or paused and about to come back. Judging it failed now is a false failover. */
  isRunningNormally(): boolean {
    const s = this.lifecycle.getSnapshot();
    return s.matches('healthy') || s.matches('paused');
  }

  /** True from the moment its distress leaves until it rejoins: it must never serve meanwhile. */
  get sentDistress(): boolean {
    return this.sender.sent;
  }

  /** Counts deaths: a power loss scheduled in one life must not kill the next one. */
  get life(): number {
    return this.deaths;
  }

  isPaused(): boolean {
    return this.clock.isPaused;
  }

  /** Taking part in the cluster: heartbeating, voting, judging peers. */
  isMember(): boolean {
    return this.member && !this.clock.isPaused;
  }

  isHealthy(): boolean {
    return this.healthy && !this.clock.isPaused;
  }

  isActingPrimary(resource: string, now: number): boolean {
    return !this.isDead() && !this.isPaused() && this.roles.isActingPrimary(resource, now);
  }

  /** A message it receives; the transport has validated its shape already. */
  receive(m: Message): void {
    if (!this.isMember()) return;
    const from = this.membership.indexOf(m.from);
    if (from === undefined) {
      this.env.invalidMessage(`message.from: '${m.from}' is not a node of this cluster`);
      return;
    }
    switch (m.type) {
      case 'heartbeat':
      case 'join': {
        // A higher incarnation means a new life: treat it as a join even if the join was lost.
        const restarted = m.incarnation > this.membership.knownIncarnation[from];
        this.membership.heardFrom(from, m.incarnation, m.joinedAt);
        if (m.type === 'join' || restarted) this.peerJoined(m.from, m.incarnation);
        else this.membership.answerIfUnwatched(from);
        return;
      }
      case 'distress':
        return this.onDistress(m);
      case 'report':
        this.membership.heardFrom(from);
        return this.membership.adoptReport(m);
      case 'probe':
      case 'probe.ack':
        this.membership.heardFrom(from);
        return this.membership.onProbe(m);
      case 'evicted':
        if (m.incarnation === this.incarnation) this.cutOff();
        return;
      default:
        this.membership.heardFrom(from);
        this.roles.receive(m);
    }
  }

  /** Ground truth, which its peers cannot see. */
  truth(): NodeTruth {
    if (this.isDead()) return 'dead';
    if (this.isPaused()) return 'paused';
    if (this.isMember()) return 'alive';
    return this.isOffline() ? 'offline' : 'fenced';
  }

  snapshot(truthGroup: number | null): NodeSnapshot {
    const lifecycle = this.lifecycle.getSnapshot();
    const truth = this.truth();
    const sendingNow =
      lifecycle.matches({ impendingFailure: 'sendingDistressSync' }) ||
      lifecycle.matches({ impendingFailure: 'sendingDistressAsync' });
    return {
      id: this.id,
      truth,
      group: truthGroup,
      lifecycle: this.state,
      sendingNow,
      sendPath: lifecycle.context.path,
      lostQuorum: lifecycle.matches({ healthy: 'lostQuorum' }),
      incarnation: this.incarnation,
      roles: this.roles.roles(),
      beliefs: this.isDead() ? {} : this.membership.beliefsSnapshot(),
      watching: this.isMember() ? this.membership.watching() : [],
      impending: this.impending && !this.isDead() ? { ...this.impending } : null,
    };
  }

  resourceOrder(resource: string): NodeId[] {
    return this.roles.order(resource);
  }

  // ------------------------------------------------------------------ inside

  /**
   * The cluster went on without it (it was cut off, not dead): it drops its roles, so no split brain
   * outlives the partition, then comes straight back as a new life, a backup like any rejoiner.
   */
  private cutOff(): void {
    if (!this.isHealthy()) return;
    this.lifecycle.send({ type: 'cluster.evicted' });
    this.rejoin();
  }

  private membershipHost() {
    return {
      id: this.id,
      cutOff: () => this.cutOff(),
      beliefsChanged: () => this.roles.reconsider(),
      quorumChanged: (majority: boolean) =>
        this.lifecycle?.send({ type: majority ? 'quorum.regained' : 'quorum.lost' }),
    };
  }

  private identity(): DistressIdentity {
    return {
      clusterId: this.env.clusterId,
      node: this.id,
      incarnation: this.incarnation,
      key: this.env.clusterKey,
    };
  }

  private enterCluster(fresh: boolean): void {
    // §0045: the message, its bytes and signature are made now, while the node is healthy.
    this.sender.arm(this.identity());
    this.impending = null;
    this.roles.start(fresh);
    const n = this.env.scenario.nodes.length;
    const position = this.env.scenario.nodes.indexOf(this.id);
    // Spread first ticks over one interval so heartbeats are not all in lock step.
    const interval = this.env.scenario.heartbeat.intervalMs;
    this.scheduleTick(fresh ? (interval * position) / n : 0);
  }

  private scheduleTick(delay: number): void {
    this.clock.clearTimeout(this.tickTimer);
    this.tickTimer = this.clock.setTimeout(() => this.tick(), delay);
  }

  private tick(): void {
    if (this.isMember()) {
      this.membership.tick();
      this.roles.tick();
    }
    if (!this.isDead()) this.scheduleTick(this.env.scenario.heartbeat.intervalMs);
  }

  private onDistress(m: Extract<Message, { type: 'distress' }>): void {
    const verdict = verifyDistress(m.bytes, {
      clusterId: this.env.clusterId,
      key: this.env.clusterKey,
      currentIncarnation: (node) => {
        const i = this.membership.indexOf(node);
        return i === undefined ? undefined : this.membership.knownIncarnation[i];
      },
    });
    if (!verdict.ok) {
      const parsed = parseDistress(m.bytes);
      const claimed = parsed.ok ? parsed.node : m.from;
      this.env.record({ kind: 'distress.rejected', node: this.id, from: claimed, reason: verdict.reason });
      return;
    }
    this.env.record({ kind: 'distress.received', node: this.id, from: verdict.node });
    this.membership.failed(verdict.node, 'distress', verdict.incarnation, 'observed');
  }

  private peerJoined(peer: NodeId, incarnation: number): void {
    this.membership.rejoined(peer, incarnation);
    this.roles.peerRejoined();
  }

  private lifecycleMachine() {
    return prepared(nodeLifecycleMachine).provide({
      actions: {
        dropAllRoles: () => {
          this.roles.dropAll();
          this.env.changed();
        },
        sendDistressSync: ({ context }) => this.sender.sendSync(context.failure?.type ?? 'unknown'),
        handToDistressTask: ({ context }) => this.sender.handOver(context.failure?.type ?? 'unknown'),
        startOrderlyShutdown: () => {
          const ms = this.env.scenario.costs.orderlyShutdownMs;
          if (this.impending) this.impending.shutdownDoneAt = this.clock.now() + ms;
          this.clock.setTimeout(() => {
            this.env.record({ kind: 'shutdown.completed', node: this.id });
            this.lifecycle.send({ type: 'shutdown.done' });
          }, ms);
        },
        // §0052: out of the cluster; survivors learn it from the distress (or from silence).
        leaveCluster: () => {
          this.env.record({ kind: 'node.fenced', node: this.id });
          this.membership.stop();
          this.env.changed();
        },
        reportDistressLost: () => {
          this.env.record({ kind: 'distress.lost', node: this.id, reason: 'died before the message left' });
        },
        die: () => {
          this.deaths++;
          this.clock.reset();
          this.sender.stop();
          this.membership.stop();
          this.roles.stop();
          this.env.record({ kind: 'node.died', node: this.id, reason: this.deathReason });
          this.env.changed();
        },
        recover: () => {
          this.impending = null;
          this.env.record({ kind: 'node.recovered', node: this.id });
        },
        // A new life in the cluster: a new incarnation, so a distress recorded in the old one is a replay.
        announceJoin: () => {
          this.incarnation++;
        },
      },
    });
  }
}
