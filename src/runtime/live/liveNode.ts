import { defaultWarningMs } from '../../core/catalogue.ts';
import type { Clock } from '../../core/ports.ts';
import type { Body, Envelope, Phase } from '../../core/liveEnvelope.ts';
import { liveClusterId, nodeIds, roomScenario, type RoomSettings } from '../../core/liveRoom.ts';
import type { NodeSnapshot } from '../../core/snapshot.ts';
import type { NodeId, ScenarioEvent, TraceEvent } from '../../core/types.ts';
import { ClusterNode } from '../../machines/clusterNode.ts';
import type { TraceBody } from '../../machines/nodeEnv.ts';
import type { RoomChannel } from '../../transport/roomChannel.ts';
import { RoomTransport } from '../../transport/roomTransport.ts';
import type { StartDistressTask } from '../../machines/distressSender.ts';
import { pageCopy, type HeldDistress } from './readyDistress.ts';

/** What the tab shows about its node: all of it read from the machines at that moment. */
export interface LiveNodeView {
  id: NodeId;
  phase: Phase;
  settings: RoomSettings;
  /** Slots heard from while forming, or members heard from since. */
  present: NodeId[];
  snapshot: NodeSnapshot | null;
  /** The node's own view of who serves each resource, in its order of succession. */
  order: Record<string, NodeId[]>;
  adminPending: NodeId[];
  cutOff: NodeId[];
  rejected: Record<string, { count: number; reasons: Record<string, number> }>;
  /** Time the node's timers stood still beyond a second (a frozen or throttled tab). */
  frozenMs: number;
  /** True while a page-hide would have a distress to send (a healthy member with distress on). */
  armed: boolean;
}

export interface LiveNodeHost {
  /** New trace events, stamped: to store (IndexedDB) and to show. */
  recorded(events: TraceEvent[]): void;
  /** A user's or script's action, as a scenario event at absolute time (replay in the Lab). */
  injected(event: ScenarioEvent): void;
  changed(view: LiveNodeView): void;
  /** This life's ready distress, for the page's own last task (pagehide); null when none may leave. */
  ready(ready: HeldDistress | null): void;
  /** Starts the dedicated distress task of this life (§0044): in the browser, a Worker of its own. */
  distressTask: StartDistressTask;
  /** The incarnation now running, to keep across a reload. */
  incarnation(n: number): void;
}

export interface LiveNodeOptions {
  id: NodeId;
  room: string;
  key: Uint8Array;
  settings: RoomSettings;
  channel: RoomChannel;
  clock: Clock;
  host: LiveNodeHost;
  /** The incarnation this slot had before (a reload): it starts dead and comes back by rejoin. */
  previousIncarnation: number | null;
}

const FORMING_HELLO_MS = 200;
const RUNNING_HELLO_MS = 1000;
const TRACE_FLUSH_MS = 100;
const STALL_CHECK_MS = 200;

/**
 * One live tab's node (DESIGN §7): it waits until every slot of the room has a tab, then runs the
 * same ClusterNode as the simulator on the real clock, over the room's channel. A tab that finds
 * the cluster already running is a node coming back (a reload): dead until it rejoins (§0052).
 */
export class LiveNode {
  phase: Phase = 'forming';
  settings: RoomSettings;
  node: ClusterNode | null = null;
  private transport: RoomTransport | null = null;
  private readonly heard = new Map<NodeId, { phase: Phase; at: number }>();
  private readonly adminPending = new Set<NodeId>();
  private readonly pendingTrace: TraceEvent[] = [];
  private helloTimer: unknown;
  private flushTimer: unknown = null;
  private statusDue = false;
  private frozenMs = 0;
  private lastCheck = 0;
  private stallTimer: unknown;
  private checkEvery = STALL_CHECK_MS;
  private pageSentDistress = false;
  private joinedAt = 0;
  private formedAt = 0;

  constructor(private readonly o: LiveNodeOptions) {
    this.settings = o.settings;
    o.channel.onEnvelope((e) => this.onEnvelope(e));
    o.channel.onReject = () => this.changed();
  }

  get id(): NodeId {
    return this.o.id;
  }

  begin(): void {
    this.joinedAt = this.o.clock.now();
    this.heard.set(this.id, { phase: 'forming', at: this.joinedAt });
    this.hello();
    this.lastCheck = this.o.clock.now();
    this.watchStalls();
    this.changed();
  }

  // ------------------------------------------------------------------ commands (buttons, window.mayday)

  inject(type: string, warningMs: number): string {
    const node = this.running();
    if (type === 'crash') return this.kill();
    if (type === 'pause') return this.pause(warningMs || 5000);
    if (node.isDead()) return `${this.id} is dead: recover and rejoin it first`;
    this.o.host.injected({ at: this.o.clock.now(), kind: 'failure', node: this.id, type, warningMs });
    if (!node.isPaused()) node.failureImminent(type, warningMs);
    const life = node.life;
    this.o.clock.setTimeout(() => {
      if (node.life === life) node.powerLost(type);
      this.changed();
    }, warningMs);
    this.changed();
    return `${this.id}: ${type}, ${warningMs} ms of warning`;
  }

  /** Kill without warning: the node goes silent and sends nothing (the silence path). */
  kill(): string {
    const node = this.running();
    if (node.isDead()) return `${this.id} is already dead`;
    this.o.host.injected({ at: this.o.clock.now(), kind: 'crash', node: this.id });
    node.crash();
    this.changed();
    return `${this.id} killed without warning`;
  }

  pause(ms: number): string {
    const node = this.running();
    if (node.isDead() || node.isPaused()) return `${this.id} is ${node.isDead() ? 'dead' : 'already paused'}`;
    this.o.host.injected({ at: this.o.clock.now(), kind: 'pause', node: this.id, ms });
    this.record({ kind: 'node.paused', node: this.id, ms });
    node.pause();
    this.o.clock.setTimeout(() => {
      if (node.isDead() || !node.isPaused()) return;
      this.record({ kind: 'node.resumed', node: this.id });
      node.resume();
      this.changed();
    }, ms);
    this.changed();
    return `${this.id} paused for ${ms} ms`;
  }

  /** Recover (if dead) and rejoin as a new incarnation, the last backup. */
  rejoin(): string {
    const node = this.running();
    const now = this.o.clock.now();
    // Out of the cluster but running (fenced after its distress): it shuts down, then comes back.
    if (node.state === 'fenced') node.powerLost('shut down to rejoin');
    if (node.isDead()) {
      this.o.host.injected({ at: now, kind: 'recover', node: this.id });
      node.recover();
    }
    if (node.state !== 'offline') return `${this.id} is ${node.state}: nothing to rejoin`;
    if (this.phase === 'down') this.phase = 'running';
    this.o.host.injected({ at: now, kind: 'rejoin', node: this.id });
    this.pageSentDistress = false;
    node.rejoin();
    this.lifeChanged();
    return `${this.id} rejoined as incarnation ${node.incarnation}`;
  }

  partition(peers: NodeId[]): string {
    const transport = this.running() && this.transport!;
    const valid = peers.filter(
      (p) => p !== this.id && this.settings.nodes >= Number(p.slice(1)) && /^n\d+$/.test(p),
    );
    if (valid.length === 0) return 'partition: name at least one other node of this room (e.g. ["n2"])';
    transport.cut(valid);
    const at = this.o.clock.now();
    this.o.host.injected({ at, kind: 'cut', from: this.id, to: valid });
    for (const p of valid) this.o.host.injected({ at, kind: 'cut', from: p, to: [this.id] });
    this.record({ kind: 'network.cut', from: this.id, to: valid });
    this.changed();
    return `${this.id} cut off from ${valid.join(', ')}`;
  }

  heal(): string {
    this.running();
    this.transport!.heal();
    this.o.host.injected({ at: this.o.clock.now(), kind: 'heal' });
    this.record({ kind: 'network.heal' });
    this.changed();
    return 'network healed';
  }

  /** The administrator's answer, applied by every node of the room (the prompt is cluster-wide). */
  admin(action: 'mark-failed' | 'keep-waiting', peer: NodeId): string {
    this.o.channel.post({ kind: 'admin', action, peer });
    this.o.host.injected({ at: this.o.clock.now(), kind: 'admin', action, node: peer });
    this.applyAdmin(action, peer, true);
    return `administrator: ${action} ${peer}`;
  }

  /**
   * The page sent the ready distress itself, on its own task (freeze, offline): the node takes the
   * sync path without sending again, and stays out of the cluster until it rejoins.
   */
  pageSent(failure: string): void {
    const node = this.node;
    if (!node || !node.isHealthy()) return;
    this.pageSentDistress = true;
    const warningMs = defaultWarningMs(failure);
    this.o.host.injected({
      at: this.o.clock.now(),
      kind: 'failure',
      node: this.id,
      type: failure,
      warningMs,
    });
    node.failureImminent(failure, warningMs);
    this.changed();
  }

  view(): LiveNodeView {
    const node = this.node;
    const rejected: LiveNodeView['rejected'] = {};
    for (const [from, r] of this.o.channel.rejected)
      rejected[from] = { count: r.count, reasons: { ...r.reasons } };
    const order: Record<string, NodeId[]> = {};
    if (node)
      for (const r of roomScenario(this.settings).resources) order[r.name] = node.resourceOrder(r.name);
    return {
      id: this.id,
      phase: this.phase,
      settings: this.settings,
      present: [...this.heard.keys()].sort(byNumber),
      snapshot: node ? node.snapshot(null) : null,
      order,
      adminPending: [...this.adminPending].sort(byNumber),
      cutOff: this.transport?.cutOff ?? [],
      rejected,
      frozenMs: Math.round(this.frozenMs),
      armed: this.armed(),
    };
  }

  // ------------------------------------------------------------------ inside

  private running(): ClusterNode {
    if (!this.node)
      throw new Error(`${this.id} has not joined a running cluster yet (waiting for the room to form)`);
    return this.node;
  }

  private armed(): boolean {
    return !!this.node && this.settings.distress && this.node.isHealthy() && !this.pageSentDistress;
  }

  private onEnvelope(e: Envelope): void {
    const b = e.body;
    if (b.kind === 'hello') return this.onHello(e.from, b);
    if (b.kind === 'admin' && this.node && e.from !== this.id)
      return this.applyAdmin(b.action, b.peer, false);
    if (b.kind === 'fence' && b.target === this.id && this.node && !this.node.isDead()) {
      this.node.powerLost('powered off by the fence device');
      this.changed();
    }
  }

  private onHello(from: string, b: Extract<Body, { kind: 'hello' }>): void {
    if (!/^n\d+$/.test(from) || from === this.id) return;
    const known = this.heard.has(from);
    this.heard.set(from, { phase: b.phase, at: this.o.clock.now() });
    if (this.phase !== 'forming') {
      if (!known || b.phase === 'forming') this.hello(); // answer a newcomer at once
      return;
    }
    // New tabs take the room's settings from its members (a link may be older than the room).
    if (b.phase !== 'forming' || !known) this.settings = b.settings;
    // Formed while this tab was forming: it was counted in, so it starts with the others. Formed
    // before it came: the cluster runs without this slot, so this is a node coming back (§0052).
    if (b.phase !== 'forming') return b.formedAt >= this.joinedAt ? this.startFresh() : this.startDown();
    if (!known) this.hello();
    const slots = nodeIds(this.settings);
    if (slots.every((s) => this.heard.get(s)?.phase === 'forming')) this.startFresh();
    else this.changed();
  }

  private hello(): void {
    this.o.channel.post({
      kind: 'hello',
      phase: this.phase,
      incarnation: this.node?.incarnation ?? this.o.previousIncarnation ?? 1,
      joinedAt: this.joinedAt,
      formedAt: this.formedAt,
      settings: this.settings,
    });
    this.o.clock.clearTimeout(this.helloTimer);
    this.helloTimer = this.o.clock.setTimeout(
      () => this.hello(),
      this.phase === 'forming' ? FORMING_HELLO_MS : RUNNING_HELLO_MS,
    );
  }

  private build(): ClusterNode {
    const scenario = roomScenario(this.settings);
    const transport = new RoomTransport(this.o.channel, scenario.nodes);
    this.transport = transport;
    const node = new ClusterNode(this.id, {
      clock: this.o.clock,
      transport: {
        send: (to, m) => transport.send(to, m),
        // A distress the page already sent from its own task (freeze, offline) does not leave twice.
        broadcast: (m) =>
          m.type === 'distress' && this.pageSentDistress ? undefined : transport.broadcast(m),
        onMessage: (h) => transport.onMessage(h),
      },
      scenario,
      clusterId: liveClusterId(this.o.room),
      clusterKey: this.o.key,
      record: (e) => this.record(e),
      fenceDevice: {
        powerOff: (_by, target, done) => {
          this.o.channel.post({ kind: 'fence', target }, target);
          this.o.clock.setTimeout(() => done(true), scenario.fence.delayMs);
        },
      },
      requestAdmin: (peer) => {
        if (this.adminPending.has(peer)) return;
        this.adminPending.add(peer);
        this.record({ kind: 'admin.required', peer });
      },
      peerBack: (peer) => {
        if (this.adminPending.delete(peer)) this.changed();
      },
      changed: () => this.changed(),
      invalidMessage: (reason) => this.o.channel.onReject('(cluster)', reason),
      distressTask: this.o.host.distressTask,
    });
    this.node = node;
    return node;
  }

  private startFresh(): void {
    this.phase = 'running';
    this.formedAt = this.o.clock.now();
    this.build().start();
    this.lifeChanged();
    this.hello();
  }

  private startDown(): void {
    this.phase = 'down';
    this.formedAt = this.o.clock.now();
    this.build().startDown(this.o.previousIncarnation ?? 1, 'its page went away (reload)');
    this.o.host.ready(null);
    this.hello();
    this.changed();
  }

  private lifeChanged(): void {
    const node = this.running();
    this.o.host.incarnation(node.incarnation);
    this.o.host.ready(
      this.settings.distress
        ? pageCopy({
            clusterId: liveClusterId(this.o.room),
            node: this.id,
            incarnation: node.incarnation,
            key: this.o.key,
          })
        : null,
    );
    this.changed();
  }

  private applyAdmin(action: 'mark-failed' | 'keep-waiting', peer: NodeId, mine: boolean): void {
    if (mine || this.adminPending.has(peer)) this.record({ kind: 'admin.action', peer, action });
    this.adminPending.delete(peer);
    if (peer === this.id || !this.node) return;
    if (action === 'mark-failed') this.node.adminMarkFailed(peer);
    else this.node.adminKeepWaiting(peer);
    this.changed();
  }

  private record(e: TraceBody): void {
    this.pendingTrace.push({ ...e, t: this.o.clock.now() } as TraceEvent);
    this.statusDue = true;
    this.flushSoon();
  }

  private changed(): void {
    this.statusDue = true;
    this.flushSoon();
  }

  private flushSoon(): void {
    if (this.flushTimer !== null) return;
    this.flushTimer = this.o.clock.setTimeout(() => this.flush(), TRACE_FLUSH_MS);
  }

  /** Trace and status leave in batches: a busy moment costs a few posts, not one per event. */
  private flush(): void {
    this.flushTimer = null;
    const events = this.pendingTrace.splice(0);
    if (events.length) {
      this.o.host.recorded(events);
      for (let i = 0; i < events.length; i += 400)
        this.o.channel.post({ kind: 'trace', events: events.slice(i, i + 400) });
    }
    if (!this.statusDue) return;
    this.statusDue = false;
    const view = this.view();
    if (view.snapshot) {
      this.o.channel.post({
        kind: 'status',
        snapshot: view.snapshot,
        rejected: countsOnly(view.rejected),
        frozenMs: view.frozenMs,
        adminPending: view.adminPending,
        cutOff: view.cutOff,
      });
    }
    this.o.host.changed(view);
  }

  /** A Worker's timers keep time in a hidden tab; when they stood still anyway (frozen), say so. */
  private watchStalls(): void {
    const now = this.o.clock.now();
    const gap = now - this.lastCheck - this.checkEvery;
    this.lastCheck = now;
    if (gap > 1000) {
      this.frozenMs += gap;
      this.changed();
    }
    // The status also goes out once per heartbeat period, so an observer sees beliefs age.
    // A dead node's tab still says so: an observer tells a dead node from a closed tab.
    if (this.node) this.statusDue = true;
    this.flushSoon();
    this.checkEvery = Math.max(STALL_CHECK_MS, this.settings.heartbeatMs);
    this.stallTimer = this.o.clock.setTimeout(() => this.watchStalls(), this.checkEvery);
  }

  /** The tab goes: every timer stops, nothing more is posted (a closed channel would throw). */
  stop(): void {
    this.o.clock.clearTimeout(this.helloTimer);
    this.o.clock.clearTimeout(this.stallTimer);
    this.o.clock.clearTimeout(this.flushTimer);
    this.flushTimer = 'stopped';
    this.node?.stop();
  }
}

function countsOnly(r: LiveNodeView['rejected']): Record<string, number> {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.count]));
}

export function byNumber(a: string, b: string): number {
  return Number(a.slice(1)) - Number(b.slice(1)) || a.localeCompare(b);
}
