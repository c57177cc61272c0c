import { clusterKeyFromSeed, fillReason, forgeDistress, preformDistress } from '../core/distressSignal.ts';
import { catalogueEntry } from '../core/catalogue.ts';
import { MetricsTracker } from '../core/metrics.ts';
import { createRng, deriveSeed } from '../core/rng.ts';
import type { ClusterSnapshot, MachineStates } from '../core/snapshot.ts';
import type { Metrics, NodeId, RunOutput, Scenario, ScenarioEvent, TraceEvent } from '../core/types.ts';
import { ClusterNode } from '../machines/clusterNode.ts';
import type { FenceDevice, NodeEnv, TraceBody } from '../machines/nodeEnv.ts';
import { SimNetwork } from '../sim/simNetwork.ts';
import { allowedActions } from './nodeActions.ts';
import { VirtualClock } from '../sim/virtualClock.ts';

export interface SimulationOptions {
  /** Record msg.sent / msg.delivered / msg.dropped in the trace (CLI `--messages`). */
  recordMessages?: boolean;
  /**
   * With `recordMessages`: only messages sent at or after this time (ms). A Lab that jumps to minute
   * 50 needs the last minute of messages for its diagram, not 2 million events it never draws.
   */
  recordMessagesFrom?: number;
  /** Keep messages in flight for snapshots (the Lab draws them). */
  trackInFlight?: boolean;
}

/** A scenario event without its time: what a user does now. */
export type Action = ScenarioEvent extends infer E
  ? E extends ScenarioEvent
    ? Omit<E, 'at'>
    : never
  : never;

/** A scenario event the runtime refused when its time came (runtime/nodeActions.ts says why). */
export interface RefusedEvent {
  /** Its index in `events`. */
  index: number;
  at: number;
  kind: ScenarioEvent['kind'];
  reason: string;
}

export interface ActionResult {
  ok: boolean;
  message: string;
}

/**
 * A whole simulated cluster: one virtual clock, one seeded network, the nodes, the scenario's
 * events, and beside them the ground truth (who is alive, who really serves) that no node sees.
 * Same scenario + seed ⇒ the same trace, byte for byte.
 */
export class Simulation {
  readonly scenario: Scenario;
  private readonly clock = new VirtualClock();
  private readonly network: SimNetwork;
  private readonly nodes = new Map<NodeId, ClusterNode>();
  private readonly events: TraceEvent[] = [];
  private readonly tracker: MetricsTracker;
  private readonly adminPending = new Set<NodeId>();
  private readonly refusedEvents: RefusedEvent[] = [];
  private readonly clusterId: string;
  private readonly clusterKey: Uint8Array;
  private dirty = false;
  private readonly trackInFlight: boolean;
  /** Every message sent from this time on is in the trace (Infinity: none are). */
  messagesFrom: number;
  /** When the last skip began: messages sent until then were recorded already. */
  private gapAt = -Infinity;

  constructor(scenario: Scenario, options: SimulationOptions = {}) {
    this.scenario = scenario;
    this.clusterId = `mayday-${scenario.seed}`;
    this.clusterKey = clusterKeyFromSeed(scenario.seed);
    this.trackInFlight = options.trackInFlight === true;
    const record = options.recordMessages === true;
    this.messagesFrom = record ? (options.recordMessagesFrom ?? 0) : Infinity;
    this.network = new SimNetwork(
      this.clock,
      createRng(deriveSeed(scenario.seed, 1)),
      scenario.network,
      {
        canReceive: (node) => {
          const n = this.nodes.get(node);
          return n !== undefined && !n.isDead() && !n.isPaused();
        },
        onSent: record
          ? (m) =>
              this.recorded(m.sentAt) &&
              this.push({
                kind: 'msg.sent',
                id: m.id,
                from: m.from,
                to: m.to,
                type: m.type,
                deliverAt: m.deliverAt,
              })
          : undefined,
        onDelivered: record
          ? (m) =>
              this.recorded(m.sentAt) &&
              this.push({
                kind: 'msg.delivered',
                id: m.id,
                from: m.from,
                to: m.to,
                type: m.type,
                sentAt: m.sentAt,
              })
          : undefined,
        onDropped: record
          ? (m, reason) =>
              this.recorded(m.sentAt) &&
              this.push({ kind: 'msg.dropped', id: m.id, from: m.from, to: m.to, type: m.type, reason })
          : undefined,
      },
      { trackInFlight: options.trackInFlight === true },
    );
    const initial: Record<string, NodeId[]> = {};
    for (const r of scenario.resources) initial[r.name] = [r.primary];
    this.tracker = new MetricsTracker(initial);

    const fenceRng = createRng(deriveSeed(scenario.seed, 2));
    const fenceDevice: FenceDevice = {
      powerOff: (by, target, done) => {
        this.clock.setTimeout(() => {
          const ok = fenceRng.chance(scenario.fence.successRate);
          const victim = this.nodes.get(target);
          if (ok && victim && !victim.isDead()) victim.powerLost('powered off by the fence device');
          const fencer = this.nodes.get(by);
          if (fencer && !fencer.isDead()) fencer.clock.setTimeout(() => done(ok), 0);
          this.settle();
        }, scenario.fence.delayMs);
      },
    };
    for (const id of scenario.nodes) {
      const env: NodeEnv = {
        clock: this.clock,
        transport: this.network.endpoint(id),
        scenario,
        clusterId: this.clusterId,
        clusterKey: this.clusterKey,
        record: (e) => this.record(e),
        fenceDevice,
        requestAdmin: (peer) => {
          if (this.adminPending.has(peer)) return;
          this.adminPending.add(peer);
          this.record({ kind: 'admin.required', peer });
        },
        peerBack: (peer) => this.adminPending.delete(peer),
        changed: () => {
          this.dirty = true;
        },
        invalidMessage: () => this.tracker.invalidMessage(),
      };
      this.nodes.set(id, new ClusterNode(id, env));
    }
    scenario.events.forEach((e, index) =>
      this.clock.callAt(
        e.at,
        (ev) => {
          const result = this.apply(ev);
          if (!result.ok)
            this.refusedEvents.push({ index, at: ev.at, kind: ev.kind, reason: result.message });
        },
        e,
      ),
    );
    for (const node of this.nodes.values()) node.start();
    this.settle();
  }

  now(): number {
    return this.clock.now();
  }

  get finished(): boolean {
    return this.clock.now() >= this.scenario.durationMs;
  }

  trace(): readonly TraceEvent[] {
    return this.events;
  }

  /** The scenario's events refused so far: a recover of a live node, a second crash… */
  refused(): readonly RefusedEvent[] {
    return this.refusedEvents;
  }

  metrics(): Metrics {
    return this.tracker.metrics(this.clock.now());
  }

  /** Advance virtual time to `t` (never past the end of the run). */
  runUntil(t: number): void {
    const until = Math.min(t, this.scenario.durationMs);
    const clock = this.clock;
    while (clock.nextTime() <= until) {
      clock.step();
      if (this.dirty) this.settle();
    }
    clock.runUntil(until);
  }

  /**
   * Record no message sent before `t` from now on (a jump far ahead: the messages in between would
   * never be drawn). Messages already in the trace stay.
   */
  skipMessagesUntil(t: number): void {
    if (this.messagesFrom === Infinity || t <= this.messagesFrom) return;
    this.messagesFrom = t;
    this.gapAt = this.clock.now();
  }

  /** Is a message sent at `sentAt` in the trace? (Its delivery or loss then is too.) */
  private recorded(sentAt: number): boolean {
    return sentAt >= this.messagesFrom || sentAt <= this.gapAt;
  }

  /** Run exactly one scheduled event (the Lab's "step"); false at the end of the run. */
  step(): boolean {
    if (this.clock.nextTime() > this.scenario.durationMs) {
      this.clock.runUntil(this.scenario.durationMs);
      return false;
    }
    this.clock.step();
    if (this.dirty) this.settle();
    return true;
  }

  /** Time of the next scheduled event, or Infinity. */
  nextEventTime(): number {
    return this.clock.nextTime();
  }

  run(): RunOutput {
    this.runUntil(this.scenario.durationMs);
    return { metrics: this.metrics(), events: [...this.events] };
  }

  /** Every machine of node `id` and its state now (the Lab's Machine tab). */
  machineStates(id: NodeId): MachineStates | null {
    return this.nodes.get(id)?.machineStates() ?? null;
  }

  node(id: NodeId): ClusterNode | undefined {
    return this.nodes.get(id);
  }

  snapshot(): ClusterSnapshot {
    return {
      t: this.clock.now(),
      nodes: [...this.nodes.values()].map((n) => n.snapshot(this.network.groupOf(n.id))),
      resources: this.scenario.resources.map((r) => ({
        name: r.name,
        acting: [...this.tracker.acting(r.name)],
        order: this.nodes.get(r.primary)?.resourceOrder(r.name) ?? [r.primary, ...r.backups],
      })),
      messages: this.trackInFlight ? this.network.inFlight() : [],
      network: { groups: this.network.groups(), cuts: this.network.cuts() },
      adminPending: [...this.adminPending],
    };
  }

  /** Do something to the cluster now: the same effect as a scenario event at this instant. */
  act(action: Action): ActionResult {
    const result = this.apply({ ...action, at: this.clock.now() } as ScenarioEvent);
    this.settle();
    return result;
  }

  // -------------------------------------------------------------------------------------------

  private record(e: TraceBody): void {
    const event = { t: this.clock.now(), ...e } as TraceEvent;
    this.push(event);
    if (e.kind === 'peer.failed') {
      const peer = this.nodes.get(e.peer);
      if (peer?.isRunningNormally()) {
        this.tracker.falseFailover();
      }
    }
    if (e.kind === 'role.changed' && e.role === 'primary' && this.nodes.get(e.node)?.sentDistress) {
      this.push({
        t: this.clock.now(),
        kind: 'invariant.violated',
        invariant: 'primary-after-distress',
        resource: e.resource,
        nodes: [e.node],
      });
    }
  }

  private push(e: TraceBody | TraceEvent): void {
    const event = ('t' in e ? e : { t: this.clock.now(), ...e }) as TraceEvent;
    this.events.push(event);
    this.tracker.observe(event);
  }

  /** Re-read the ground truth: who acts as primary of each resource right now (DESIGN §4.3). */
  private settle(): void {
    this.dirty = false;
    const now = this.clock.now();
    for (const r of this.scenario.resources) {
      const acting: NodeId[] = [];
      for (const node of this.nodes.values()) if (node.isActingPrimary(r.name, now)) acting.push(node.id);
      const before = this.tracker.acting(r.name);
      if (acting.length === before.length && acting.every((n, i) => n === before[i])) continue;
      const change = this.tracker.setActing(r.name, acting, now);
      if (change.splitBrainStarted) {
        this.push({
          kind: 'invariant.violated',
          invariant: 'split-brain',
          resource: r.name,
          nodes: change.splitBrainStarted,
        });
      }
      if (change.splitBrainEnded)
        this.push({ kind: 'invariant.restored', invariant: 'split-brain', resource: r.name });
    }
  }

  private apply(e: ScenarioEvent): ActionResult {
    const ok = (message: string): ActionResult => ({ ok: true, message });
    const refuse = (message: string): ActionResult => ({ ok: false, message });
    const get = (id: NodeId): ClusterNode | undefined => this.nodes.get(id);
    this.dirty = true;
    switch (e.kind) {
      case 'failure': {
        const node = get(e.node);
        if (!node) return refuse(`${e.node} is not a node of this cluster`);
        const allowed = this.allowed(node).failure;
        if (!allowed.ok) return refuse(allowed.reason);
        // The catalogue says what this type does (DESIGN §5); unknown types warn, then power off.
        const atDeath = catalogueEntry(e.type)?.atDeath ?? { does: 'power-off' };
        if (atDeath.does === 'crash') return this.apply({ at: e.at, kind: 'crash', node: e.node });
        if (atDeath.does === 'pause')
          return this.apply({ at: e.at, kind: 'pause', node: e.node, ms: atDeath.ms });
        // A paused OS sees nothing coming; the power goes all the same.
        if (!node.isPaused()) node.failureImminent(e.type, e.warningMs);
        const life = node.life;
        this.clock.call(
          e.warningMs,
          (n) => {
            if (n.life === life) n.powerLost(e.type);
          },
          node,
        );
        return ok(`${e.node}: ${e.type}, ${e.warningMs} ms of warning`);
      }
      case 'crash': {
        const node = get(e.node);
        if (!node) return refuse(`${e.node} is not a node of this cluster`);
        const allowed = this.allowed(node).crash;
        if (!allowed.ok) return refuse(allowed.reason);
        node.crash();
        return ok(`${e.node} crashed`);
      }
      case 'pause': {
        const node = get(e.node);
        if (!node) return refuse(`${e.node} is not a node of this cluster`);
        const allowed = this.allowed(node).pause;
        if (!allowed.ok) return refuse(allowed.reason);
        this.record({ kind: 'node.paused', node: e.node, ms: e.ms });
        node.pause();
        this.clock.call(
          e.ms,
          (n) => {
            if (n.isDead() || !n.isPaused()) return;
            this.record({ kind: 'node.resumed', node: n.id });
            n.resume();
            this.dirty = true;
          },
          node,
        );
        return ok(`${e.node} paused for ${e.ms} ms`);
      }
      case 'recover': {
        const node = get(e.node);
        if (!node) return refuse(`${e.node} is not a node of this cluster`);
        const allowed = this.allowed(node).recover;
        if (!allowed.ok) return refuse(allowed.reason);
        node.recover();
        return ok(`${e.node} recovered; it stays offline until it rejoins`);
      }
      case 'rejoin': {
        const node = get(e.node);
        if (!node) return refuse(`${e.node} is not a node of this cluster`);
        const allowed = this.allowed(node).rejoin;
        if (!allowed.ok) return refuse(allowed.reason);
        node.rejoin();
        return ok(`${e.node} rejoined as a backup`);
      }
      case 'partition':
        this.network.partition(e.groups);
        this.record({ kind: 'network.partition', groups: e.groups });
        return ok('network partitioned');
      case 'cut':
        this.network.cut(e.from, e.to);
        this.record({ kind: 'network.cut', from: e.from, to: e.to });
        return ok(`link ${e.from} → ${e.to.join(', ')} cut`);
      case 'heal':
        this.network.heal();
        this.record({ kind: 'network.heal' });
        return ok('network healed');
      case 'admin': {
        this.record({ kind: 'admin.action', peer: e.node, action: e.action });
        this.adminPending.delete(e.node);
        for (const node of this.nodes.values()) {
          if (node.id === e.node) continue;
          if (e.action === 'mark-failed') node.adminMarkFailed(e.node);
          else node.adminKeepWaiting(e.node);
        }
        return ok(`administrator: ${e.action} ${e.node}`);
      }
      case 'forge-distress':
        return this.forge(e.from, e.claim, e.replay);
    }
  }

  /** What may be done to `node` now (runtime/nodeActions.ts): the one list the Lab's menu shows too. */
  private allowed(node: ClusterNode) {
    return allowedActions(node.snapshot(null), { groups: this.network.groups(), cuts: this.network.cuts() });
  }

  /** An attacker on the path sends a distress for another node: forged, or replayed from an earlier life. */
  private forge(from: NodeId, claim: NodeId, replay: boolean): ActionResult {
    const sender = this.nodes.get(from);
    const victim = this.nodes.get(claim);
    if (!sender || sender.isDead()) return { ok: false, message: `${from} cannot send: it is dead` };
    if (!victim) return { ok: false, message: `${claim} is not a node of this cluster` };
    const bytes = replay
      ? fillReason(
          preformDistress({
            clusterId: this.clusterId,
            node: claim,
            incarnation: Math.max(0, victim.incarnation - 1),
            key: this.clusterKey,
          }),
          'replayed',
        )
      : forgeDistress(claim, this.clusterId, victim.incarnation, 'forged');
    this.network.endpoint(from).broadcast({ type: 'distress', from, bytes });
    return {
      ok: true,
      message: `${from} sent a ${replay ? 'replayed' : 'forged'} distress claiming to be ${claim}`,
    };
  }
}
