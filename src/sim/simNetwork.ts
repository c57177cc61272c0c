// The simulated network (DESIGN §4.1): seeded latency, loss, duplication and reordering, plus
// partitions, one-way cuts and heal. Every message carries `sentAt` and `deliverAt`, so the view can
// place it at any instant without animating state (CONVENTIONS, habit 3).
import type { Rng, Transport } from '../core/ports.ts';
import type { MessageInFlight } from '../core/snapshot.ts';
import type { Message, MessageType, NetworkSettings, NodeId } from '../core/types.ts';
import { checkSettings } from './networkSettings.ts';
import type { VirtualClock } from './virtualClock.ts';

export type DropReason =
  /** The network lost it (settings.loss, decided at send). */
  | 'loss'
  /** Sender and receiver were in different partition groups, at send or at delivery time. */
  | 'partition'
  /** The link sender → receiver was cut, at send or at delivery time. */
  | 'cut'
  /** The sender could not send when it tried (dead or paused). */
  | 'sender-down'
  /** The receiver could not receive when the message arrived (dead or paused). */
  | 'receiver-down'
  /** Sent to a node this network does not know. */
  | 'unknown-node';

/** One message copy as it crosses the network. Passed to hooks; never mutated afterwards. */
export interface MessageRecord {
  /** Increases by one for each message copy (a duplicate has its own id). */
  readonly id: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly type: MessageType;
  readonly sentAt: number;
  readonly deliverAt: number;
  readonly message: Message;
  /** Why it will be dropped, when already known at send time (partition, cut, loss); else null. */
  readonly doomedBy: DropReason | null;
  /** True for the extra copy made by `settings.duplicate`. */
  readonly duplicate: boolean;
}

export interface NetworkHooks {
  /** False while the node is dead or paused: messages reaching it then are dropped. Default: always true. */
  canReceive?(node: NodeId): boolean;
  /** False while the node cannot send (checked at send time). Default: `canReceive`. */
  canSend?(node: NodeId): boolean;
  onSent?(record: MessageRecord): void;
  onDelivered?(record: MessageRecord): void;
  onDropped?(record: MessageRecord, reason: DropReason): void;
}

export interface SimNetworkOptions {
  /** Keep undelivered messages for `inFlight()` (the Lab draws them). Off for the CLI and benches. */
  trackInFlight?: boolean;
}

export interface NetworkStats {
  sent: number;
  delivered: number;
  dropped: number;
}

class Envelope implements MessageRecord {
  readonly id: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly type: MessageType;
  readonly sentAt: number;
  readonly deliverAt: number;
  readonly message: Message;
  readonly doomedBy: DropReason | null;
  readonly duplicate: boolean;
  readonly fromIx: number;
  readonly toIx: number;

  constructor(
    id: number,
    fromIx: number,
    toIx: number,
    from: NodeId,
    to: NodeId,
    message: Message,
    sentAt: number,
    deliverAt: number,
    doomedBy: DropReason | null,
    duplicate: boolean,
  ) {
    this.id = id;
    this.from = from;
    this.to = to;
    this.type = message.type;
    this.sentAt = sentAt;
    this.deliverAt = deliverAt;
    this.message = message;
    this.doomedBy = doomedBy;
    this.duplicate = duplicate;
    this.fromIx = fromIx;
    this.toIx = toIx;
  }
}

type Handler = (message: Message) => void;

const alwaysUp = (): boolean => true;
const CUT_SEP = '\u0000';

export class SimNetwork {
  private readonly clock: VirtualClock;
  private readonly rng: Rng;
  private settings: NetworkSettings;
  private readonly hooks: NetworkHooks;
  private readonly canReceiveFn: (node: NodeId) => boolean;
  private readonly canSendFn: (node: NodeId) => boolean;
  private readonly track: boolean;

  // Nodes, by registration index.
  private readonly names: NodeId[] = [];
  private readonly indexOf = new Map<NodeId, number>();
  private readonly handlers: Array<Handler | null> = [];
  private readonly endpoints: Transport[] = [];

  // Network shape as given (by name), and its index form for the hot path.
  private partitionGroups: NodeId[][] | null = null;
  private readonly groupOfName = new Map<NodeId, number>();
  private cutList: Array<[NodeId, NodeId]> = [];
  private readonly cutKeys = new Set<string>();
  private whole = true;
  private groupIx = new Int32Array(0);
  private cutMatrix = new Uint8Array(0);

  private nextId = 1;
  private readonly flying = new Set<Envelope>();
  private sentCount = 0;
  private deliveredCount = 0;
  private droppedCount = 0;

  // Bound once: the queue stores (deliverFn, envelope) pairs, so no closure is made per message.
  private readonly deliverFn = (env: Envelope): void => this.deliver(env);

  constructor(
    clock: VirtualClock,
    rng: Rng,
    settings: NetworkSettings,
    hooks: NetworkHooks = {},
    options: SimNetworkOptions = {},
  ) {
    this.clock = clock;
    this.rng = rng;
    this.settings = checkSettings(settings);
    this.hooks = hooks;
    this.canReceiveFn = hooks.canReceive ? hooks.canReceive.bind(hooks) : alwaysUp;
    this.canSendFn = hooks.canSend ? hooks.canSend.bind(hooks) : this.canReceiveFn;
    this.track = options.trackInFlight === true;
  }

  /** The node's Transport; registers the node on first call (registration order = broadcast order). */
  endpoint(node: NodeId): Transport {
    const known = this.indexOf.get(node);
    if (known !== undefined) return this.endpoints[known];
    const ix = this.names.length;
    this.names.push(node);
    this.indexOf.set(node, ix);
    this.handlers.push(null);
    const endpoint: Transport = {
      send: (to, message) => {
        const toIx = this.indexOf.get(to);
        if (toIx === undefined) this.dropAtSend(ix, to, message, 'unknown-node');
        else this.sendIx(ix, toIx, message);
      },
      broadcast: (message) => {
        const n = this.names.length;
        for (let toIx = 0; toIx < n; toIx++) if (toIx !== ix) this.sendIx(ix, toIx, message);
      },
      onMessage: (handler) => {
        this.handlers[ix] = handler;
      },
    };
    this.endpoints.push(endpoint);
    this.rebuild();
    return endpoint;
  }

  /** Registered nodes, in registration order. */
  nodes(): NodeId[] {
    return this.names.slice();
  }

  getSettings(): NetworkSettings {
    return { ...this.settings, latencyMs: [this.settings.latencyMs[0], this.settings.latencyMs[1]] };
  }

  /** Change latency/loss/duplicate/reorder while running; applies to messages sent from now on. */
  setSettings(partial: Partial<NetworkSettings>): void {
    this.settings = checkSettings({ ...this.settings, ...partial });
  }

  /**
   * Split the network: nodes in different groups cannot talk; nodes listed in no group form one
   * extra group. Replaces any earlier partition; one-way cuts stay until `heal()`.
   */
  partition(groups: NodeId[][]): void {
    const groupOf = new Map<NodeId, number>();
    groups.forEach((group, g) => {
      for (const node of group) {
        const other = groupOf.get(node);
        if (other !== undefined && other !== g) {
          throw new Error(
            `SimNetwork.partition: node '${node}' is in groups ${other} and ${g}; a node belongs to one group`,
          );
        }
        groupOf.set(node, g);
      }
    });
    this.partitionGroups = groups.map((group) => [...new Set(group)]);
    this.groupOfName.clear();
    for (const [node, g] of groupOf) this.groupOfName.set(node, g);
    this.rebuild();
  }

  /** One-way cuts: messages from → each of `to` are dropped; the reverse direction still works. */
  cut(from: NodeId, to: NodeId[]): void {
    for (const target of to) {
      const key = from + CUT_SEP + target;
      if (target === from || this.cutKeys.has(key)) continue;
      this.cutKeys.add(key);
      this.cutList.push([from, target]);
    }
    this.rebuild();
  }

  /** Remove every partition and every cut. */
  heal(): void {
    this.partitionGroups = null;
    this.groupOfName.clear();
    this.cutKeys.clear();
    this.cutList = [];
    this.rebuild();
  }

  /** Would a message from → to get through the network now (ignoring loss and node state)? */
  canTalk(from: NodeId, to: NodeId): boolean {
    if (from === to) return true;
    if (this.partitionGroups !== null && this.groupOfNode(from) !== this.groupOfNode(to)) return false;
    return !this.cutKeys.has(from + CUT_SEP + to);
  }

  /** The partition groups in force, the implicit extra group (registered nodes listed nowhere) last; null when whole. */
  groups(): NodeId[][] | null {
    if (this.partitionGroups === null) return null;
    const groups = this.partitionGroups.map((group) => group.slice());
    const rest = this.names.filter((node) => !this.groupOfName.has(node));
    if (rest.length > 0) groups.push(rest);
    return groups;
  }

  /** Index of the node's group in `groups()`, or null when there is no partition. */
  groupOf(node: NodeId): number | null {
    if (this.partitionGroups === null) return null;
    return this.groupOfNode(node);
  }

  cuts(): Array<[NodeId, NodeId]> {
    return this.cutList.map(([from, to]): [NodeId, NodeId] => [from, to]);
  }

  /** Undelivered messages in send order; `doomed` = would be dropped if it arrived now. Needs `trackInFlight`. */
  inFlight(): MessageInFlight[] {
    if (!this.track) {
      throw new Error('SimNetwork.inFlight() needs the network built with { trackInFlight: true }');
    }
    const out: MessageInFlight[] = [];
    for (const env of this.flying) {
      const doomed =
        env.doomedBy !== null || this.blockedIx(env.fromIx, env.toIx) !== null || !this.canReceiveFn(env.to);
      out.push({
        id: env.id,
        from: env.from,
        to: env.to,
        type: env.type,
        sentAt: env.sentAt,
        deliverAt: env.deliverAt,
        doomed,
      });
    }
    return out;
  }

  stats(): NetworkStats {
    return { sent: this.sentCount, delivered: this.deliveredCount, dropped: this.droppedCount };
  }

  // ------------------------------------------------------------------------------------------- hot path

  private sendIx(fromIx: number, toIx: number, message: Message): void {
    if (!this.canSendFn(this.names[fromIx])) {
      this.dropAtSend(fromIx, this.names[toIx], message, 'sender-down');
      return;
    }
    this.emit(fromIx, toIx, message, false);
    const dup = this.settings.duplicate;
    if (dup > 0 && this.rng.chance(dup)) this.emit(fromIx, toIx, message, true);
  }

  /**
   * One copy onto the wire. The random draws happen whether or not the copy is doomed, so a
   * partition does not shift the random stream of everything that follows.
   */
  private emit(fromIx: number, toIx: number, message: Message, duplicate: boolean): void {
    const s = this.settings;
    const rng = this.rng;
    const lost = s.loss > 0 && rng.chance(s.loss);
    const min = s.latencyMs[0];
    const max = s.latencyMs[1];
    let latency = rng.between(min, max);
    if (s.reorder > 0 && rng.chance(s.reorder)) {
      // Held back past anything sent at the same moment without the extra delay: it gets overtaken.
      const span = max > 0 ? max : 1;
      latency += rng.between(span, 3 * span);
    }
    const doomedBy = this.blockedIx(fromIx, toIx) ?? (lost ? 'loss' : null);
    const now = this.clock.now();
    const env = new Envelope(
      this.nextId++,
      fromIx,
      toIx,
      this.names[fromIx],
      this.names[toIx],
      message,
      now,
      now + latency,
      doomedBy,
      duplicate,
    );
    this.sentCount++;
    if (this.track) this.flying.add(env);
    if (this.hooks.onSent !== undefined) this.hooks.onSent(env);
    this.clock.callAt(env.deliverAt, this.deliverFn, env);
  }

  private deliver(env: Envelope): void {
    if (this.track) this.flying.delete(env);
    // Checked again on arrival: a partition or cut that began while the message was in flight drops it.
    let reason = env.doomedBy ?? this.blockedIx(env.fromIx, env.toIx);
    // Only the receiver's state matters now: a message that left before its sender died still arrives
    // (that is the whole point of the distress signal).
    if (reason === null && !this.canReceiveFn(env.to)) reason = 'receiver-down';
    if (reason !== null) {
      this.droppedCount++;
      if (this.hooks.onDropped !== undefined) this.hooks.onDropped(env, reason);
      return;
    }
    this.deliveredCount++;
    if (this.hooks.onDelivered !== undefined) this.hooks.onDelivered(env);
    const handler = this.handlers[env.toIx];
    if (handler !== null) handler(env.message);
  }

  private blockedIx(fromIx: number, toIx: number): DropReason | null {
    if (this.whole || fromIx === toIx) return null;
    if (this.groupIx[fromIx] !== this.groupIx[toIx]) return 'partition';
    if (this.cutMatrix[fromIx * this.names.length + toIx] === 1) return 'cut';
    return null;
  }

  /** Refused before reaching the wire: reported as dropped at once, never as sent. */
  private dropAtSend(fromIx: number, to: NodeId, message: Message, reason: DropReason): void {
    const now = this.clock.now();
    const toIx = this.indexOf.get(to) ?? -1;
    const env = new Envelope(
      this.nextId++,
      fromIx,
      toIx,
      this.names[fromIx],
      to,
      message,
      now,
      now,
      reason,
      false,
    );
    this.droppedCount++;
    if (this.hooks.onDropped !== undefined) this.hooks.onDropped(env, reason);
  }

  // ------------------------------------------------------------------------------------------- shape

  private groupOfNode(node: NodeId): number {
    const groups = this.partitionGroups;
    if (groups === null) return 0;
    return this.groupOfName.get(node) ?? groups.length;
  }

  /** Recompute the index form of partitions and cuts (on registration and on every change). */
  private rebuild(): void {
    const n = this.names.length;
    this.whole = this.partitionGroups === null && this.cutList.length === 0;
    this.groupIx = new Int32Array(n);
    this.cutMatrix = new Uint8Array(n * n);
    if (this.whole) return;
    for (let i = 0; i < n; i++) this.groupIx[i] = this.groupOfNode(this.names[i]);
    for (const [from, to] of this.cutList) {
      const f = this.indexOf.get(from);
      const t = this.indexOf.get(to);
      if (f !== undefined && t !== undefined) this.cutMatrix[f * n + t] = 1;
    }
  }
}
