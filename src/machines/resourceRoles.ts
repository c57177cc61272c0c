import { dotted } from './stateValue.ts';
import { createActor, type ActorRefFrom, type AnyActorRef } from 'xstate';
import { prepared } from './prepare.ts';
import type { Belief } from '../core/snapshot.ts';
import type { FailedCause, Message, NodeId, ResourceSpec, Role } from '../core/types.ts';
import type { NodeClock } from './nodeClock.ts';
import type { NodeEnv } from './nodeEnv.ts';
import { resourceRoleMachine } from './resourceRoleMachine.ts';
import { isMajority } from '../core/majority.ts';

type RoleActor = ActorRefFrom<typeof resourceRoleMachine>;
type Of<T extends Message['type']> = Extract<Message, { type: T }>;

export interface RolesHost {
  readonly id: NodeId;
  belief(peer: NodeId): Belief;
  cause(peer: NodeId): FailedCause | null;
  /** May this node take a role now (a healthy member, not failing)? */
  canLead(): boolean;
  /** When the peer's current life joined the cluster, as far as this node knows (0 = at start). */
  joinedAt(peer: NodeId): number;
  /** Ask everyone "can you hear me?"; `done(true)` if a majority answered. */
  confirmQuorum(done: (ok: boolean) => void): void;
}

/** This node's view of one resource, and its own role in it. */
interface ResourceView {
  spec: ResourceSpec;
  /** The configured order: primary first, then ordered backups. */
  configured: NodeId[];
  term: number;
  primary: NodeId;
  votedTerm: number;
  votedFor: NodeId | null;
  /** Lease policies: this node promised not to help anyone else serve before this time. */
  promiseHolder: NodeId | null;
  promiseUntil: number;
  role: RoleActor | null;
  leaseUntil: number;
  leaseCheck: unknown;
  /** The next renewal, or the follow-up that checks whether the last one reached a majority. */
  renewTimer: unknown;
  round: number;
  rounds: Map<number, { sentAt: number; acks: Uint8Array; count: number }>;
  /** Where the next partial renewal starts in the ring of peers (each round asks the next ones). */
  nextPeer: number;
  /** The term this node asks votes for; not adopted (nor shown to others) until a majority grants it. */
  candidateTerm: number;
  votes: Uint8Array;
  voteCount: number;
  voteSentAt: number;
}

/**
 * Primary and ordered backups per resource (§0052), and how a backup takes over. Under `manual`
 * and `aggressive` the first node of the order not believed failed simply serves. Under `quorum`
 * and `fencing` a primary serves only while a majority has renewed its lease, and a backup needs a
 * majority of votes — and no voter grants one while it still owes the old primary its lease.
 */
export class ResourceRoles {
  private readonly views: ResourceView[];

  /** Each resource's role machine state (`none` before it starts), for the Machine tab. */
  machineStates(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const v of this.views) out[v.spec.name] = v.role ? dotted(v.role.getSnapshot().value) : 'none';
    return out;
  }
  private readonly leased: boolean;
  private readonly n: number;
  private readonly index = new Map<NodeId, number>();

  constructor(
    private readonly env: NodeEnv,
    private readonly clock: NodeClock,
    private readonly host: RolesHost,
  ) {
    const s = env.scenario;
    this.leased = s.policy === 'quorum' || s.policy === 'fencing';
    this.n = s.nodes.length;
    s.nodes.forEach((node, i) => this.index.set(node, i));
    this.views = s.resources.map((spec) => ({
      spec,
      configured: [spec.primary, ...spec.backups],
      term: 1,
      primary: spec.primary,
      votedTerm: 1,
      votedFor: spec.primary,
      // The configured primary starts with a lease everyone granted at time 0.
      promiseHolder: this.leased ? spec.primary : null,
      promiseUntil: this.leased ? s.leaseMs : 0,
      role: null,
      leaseUntil: 0,
      leaseCheck: undefined,
      renewTimer: undefined,
      round: 0,
      rounds: new Map(),
      nextPeer: 0,
      candidateTerm: 0,
      votes: new Uint8Array(this.n),
      voteCount: 0,
      voteSentAt: 0,
    }));
  }

  /** Start the role actors of this life: `fresh` = cluster start, else a rejoin (last backup). */
  start(fresh: boolean): void {
    this.stop();
    const me = this.host.id;
    for (const v of this.views) {
      const configured = v.spec.primary === me || v.spec.backups.includes(me);
      let initial: Role = 'none';
      if (configured) initial = fresh && v.spec.primary === me ? 'primary' : 'backup';
      if (initial === 'primary') {
        v.leaseUntil = this.leased ? this.env.scenario.leaseMs : 0;
        v.promiseHolder = this.leased ? me : null;
        this.scheduleLeaseCheck(v);
        if (this.leased) this.scheduleRenewal(v, this.renewEveryMs());
      }
      v.role = this.roleActor(v, initial);
    }
  }

  stop(): void {
    for (const v of this.views) {
      v.role?.stop();
      v.role = null;
      v.leaseUntil = 0;
      this.clock.clearTimeout(v.leaseCheck);
      v.leaseCheck = undefined;
      this.clock.clearTimeout(v.renewTimer);
      v.renewTimer = undefined;
    }
  }

  roles(): Record<string, Role> {
    const out: Record<string, Role> = {};
    for (const v of this.views) out[v.spec.name] = this.roleOf(v);
    return out;
  }

  /** DESIGN §4.3: believes it is primary and, under a lease policy, its lease is valid by its clock. */
  isActingPrimary(resource: string, now: number): boolean {
    const v = this.views.find((x) => x.spec.name === resource);
    return !!v && this.roleOf(v) === 'primary' && (!this.leased || v.leaseUntil > now);
  }

  /**
   * The order of succession as this node sees it: the configured order, except that a node that
   * rejoined goes after every node that joined before it (§0052: it comes back as a backup). Ordering
   * by join time, not by who heard which join, keeps every node's view consistent.
   */
  order(resource: string): NodeId[] {
    const v = this.views.find((x) => x.spec.name === resource);
    return v ? this.orderOf(v) : [];
  }

  private orderOf(v: ResourceView): NodeId[] {
    const joined = v.configured.map((n) => this.host.joinedAt(n));
    if (joined.every((t) => t === 0)) return v.configured;
    return v.configured
      .map((n, i) => ({ n, i, t: joined[i] }))
      .sort((a, b) => a.t - b.t || a.i - b.i)
      .map((x) => x.n);
  }

  dropAll(): void {
    for (const v of this.views) {
      v.leaseUntil = 0;
      v.role?.send({ type: 'role.drop' });
    }
  }

  /** A peer rejoined: the order of succession may have changed. */
  peerRejoined(): void {
    this.reconsider();
  }

  /** Who should serve, from this node's beliefs; act on it if that is this node. */
  reconsider(): void {
    if (!this.host.canLead()) return;
    const me = this.host.id;
    for (const v of this.views) {
      // Called every beat on every node: nodes outside a resource's order have nothing to weigh.
      const role = v.role?.getSnapshot().value;
      if (role !== 'backup' && role !== 'candidate') continue;
      const leader = this.orderOf(v).find((n) => n === me || this.host.belief(n) !== 'failed');
      if (leader === me) {
        if (role !== 'backup') continue;
        if (!this.leased) v.role!.send({ type: 'role.promote' });
        else if (this.promiseFree(v, me)) v.role!.send({ type: 'role.stand' });
      } else if (role === 'candidate') {
        v.role!.send({ type: 'role.backup' });
      }
    }
  }

  /** Each heartbeat period: retry candidacies (a primary renews on its own timer, see `renew`). */
  tick(): void {
    if (!this.leased || !this.host.canLead()) return;
    const now = this.clock.now();
    for (const v of this.views) {
      if (!v.role) continue;
      const role = v.role.getSnapshot().value;
      if (role === 'candidate' && now - v.voteSentAt >= this.env.scenario.heartbeat.intervalMs) {
        v.role.send({ type: 'role.stand' });
      }
    }
    this.reconsider();
  }

  receive(m: Message): void {
    const v = 'resource' in m ? this.views.find((x) => x.spec.name === m.resource) : undefined;
    if (!v) return;
    switch (m.type) {
      case 'lease.renew':
        return this.onRenew(v, m);
      case 'lease.ack':
        return this.onAck(v, m);
      case 'vote.request':
        return this.onVoteRequest(v, m);
      case 'vote.reply':
        return this.onVoteReply(v, m);
    }
  }

  // -------------------------------------------------------------------------------------------

  private roleOf(v: ResourceView): Role {
    const value = v.role?.getSnapshot().value;
    if (value === 'primary') return 'primary';
    if (value === 'backup' || value === 'candidate') return 'backup';
    return 'none';
  }

  /** May this node help `candidate` serve? Not while it still owes another node its lease. */
  private promiseFree(v: ResourceView, candidate: NodeId): boolean {
    const holder = v.promiseHolder;
    if (holder === null || holder === candidate || this.clock.now() >= v.promiseUntil) return true;
    // A holder that sent a verified distress (or was fenced, or was marked failed) serves no more.
    const cause = this.host.belief(holder) === 'failed' ? this.host.cause(holder) : null;
    return cause === 'distress' || cause === 'fenced' || cause === 'admin';
  }

  /**
   * Renewals cost what the lease protocol costs, so a primary renews at two thirds of its lease, not
   * every beat, and asks only a majority plus a few spares (the next ones round the ring, peers it
   * believes alive first): safety needs a majority of promises, not everyone's. A sixth of a lease
   * later it looks again; a round short of a majority is repeated at once, to every peer.
   */
  private renew(v: ResourceView, now: number, everyone: boolean): void {
    const round = ++v.round;
    v.rounds.set(round, { sentAt: now, acks: new Uint8Array(this.n), count: 1 });
    v.rounds.delete(round - 6);
    const message: Message = {
      type: 'lease.renew',
      from: this.host.id,
      resource: v.spec.name,
      term: v.term,
      round,
    };
    if (everyone) this.env.transport.broadcast(message);
    else for (const peer of this.renewalPeers(v)) this.env.transport.send(peer, message);
    this.scheduleRenewal(v, this.env.scenario.leaseMs / 6, round);
  }

  /** A majority of the cluster (this node included), plus spares for lost messages. */
  private renewalPeers(v: ResourceView): NodeId[] {
    const nodes = this.env.scenario.nodes;
    const wanted = Math.min(this.n - 1, (this.n >> 1) + Math.max(2, Math.ceil(this.n / 16)));
    const chosen: NodeId[] = [];
    const others: NodeId[] = [];
    let i = v.nextPeer;
    for (let step = 0; step < this.n && chosen.length < wanted; step++, i = (i + 1) % this.n) {
      const peer = nodes[i];
      if (peer === this.host.id) continue;
      if (this.host.belief(peer) === 'alive') chosen.push(peer);
      else others.push(peer);
    }
    v.nextPeer = i;
    for (const peer of others) if (chosen.length < wanted) chosen.push(peer);
    return chosen;
  }

  private renewEveryMs(): number {
    return (this.env.scenario.leaseMs * 2) / 3;
  }

  /** After `delay`: renew (no `round`), or check that `round` reached a majority. */
  private scheduleRenewal(v: ResourceView, delay: number, round = 0): void {
    this.clock.clearTimeout(v.renewTimer);
    v.renewTimer = this.clock.setTimeout(
      () => {
        v.renewTimer = undefined;
        if (this.roleOf(v) !== 'primary') return;
        const now = this.clock.now();
        if (!this.host.canLead()) return this.scheduleRenewal(v, this.env.scenario.leaseMs / 6);
        if (round === 0) return this.renew(v, now, false);
        const r = v.rounds.get(round);
        if (r && isMajority(r.count, this.n)) this.scheduleRenewal(v, r.sentAt + this.renewEveryMs() - now);
        else this.renew(v, now, true);
      },
      Math.max(0, delay),
    );
  }

  private onRenew(v: ResourceView, m: Of<'lease.renew'>): void {
    const reply = (granted: boolean): void =>
      this.env.transport.send(m.from, {
        type: 'lease.ack',
        from: this.host.id,
        resource: m.resource,
        term: granted ? m.term : v.term,
        round: m.round,
        granted,
      });
    if (m.term < v.term || (m.term === v.votedTerm && v.votedFor !== m.from)) return reply(false);
    this.follow(v, m.from, m.term);
    reply(true);
  }

  private onAck(v: ResourceView, m: Of<'lease.ack'>): void {
    if (!m.granted) {
      if (m.term > v.term) this.stepDown(v, m.term, null);
      return;
    }
    const r = v.rounds.get(m.round);
    const i = this.index.get(m.from);
    if (!r || i === undefined || m.term !== v.term || r.acks[i] || this.roleOf(v) !== 'primary') return;
    r.acks[i] = 1;
    r.count++;
    if (isMajority(r.count, this.n) && r.sentAt + this.env.scenario.leaseMs > v.leaseUntil) {
      v.leaseUntil = r.sentAt + this.env.scenario.leaseMs;
      v.promiseHolder = this.host.id;
      v.promiseUntil = v.leaseUntil;
      this.scheduleLeaseCheck(v);
    }
  }

  private onVoteRequest(v: ResourceView, m: Of<'vote.request'>): void {
    const grant =
      m.term >= v.term && (m.term > v.votedTerm || (m.term === v.votedTerm && v.votedFor === m.from));
    const ok = grant && this.promiseFree(v, m.from);
    if (ok) this.follow(v, m.from, m.term);
    this.env.transport.send(m.from, {
      type: 'vote.reply',
      from: this.host.id,
      resource: m.resource,
      term: ok ? m.term : v.term,
      granted: ok,
      primary: v.primary,
    });
  }

  private onVoteReply(v: ResourceView, m: Of<'vote.reply'>): void {
    const i = this.index.get(m.from);
    if (i === undefined || v.role?.getSnapshot().value !== 'candidate') return;
    if (!m.granted) {
      if (m.term > v.term) this.stepDown(v, m.term, m.primary ?? null);
      return;
    }
    if (m.term !== v.candidateTerm || v.votes[i]) return;
    v.votes[i] = 1;
    v.voteCount++;
    if (isMajority(v.voteCount, this.n)) {
      v.term = v.candidateTerm;
      v.leaseUntil = v.voteSentAt + this.env.scenario.leaseMs;
      v.promiseHolder = this.host.id;
      v.promiseUntil = v.leaseUntil;
      v.primary = this.host.id;
      this.scheduleLeaseCheck(v);
      v.role.send({ type: 'role.promote' });
      // The first renewal of a term goes to everyone: all learn the new primary at once.
      this.renew(v, this.clock.now(), true);
    }
  }

  /** Grant `leader` the lease for `term`: promise not to help anyone else for one lease. */
  private follow(v: ResourceView, leader: NodeId, term: number): void {
    v.term = term;
    v.votedTerm = term;
    v.votedFor = leader;
    v.primary = leader;
    v.promiseHolder = leader;
    v.promiseUntil = this.clock.now() + this.env.scenario.leaseMs;
    if (leader !== this.host.id && v.role) {
      const role = v.role.getSnapshot().value;
      if (role === 'primary' || role === 'candidate') {
        v.leaseUntil = 0;
        v.role.send({ type: 'role.backup' });
      }
    }
  }

  private stepDown(v: ResourceView, term: number, primary: NodeId | null): void {
    v.term = term;
    if (primary) v.primary = primary;
    v.leaseUntil = 0;
    const role = v.role?.getSnapshot().value;
    if (role === 'primary' || role === 'candidate') v.role!.send({ type: 'role.backup' });
  }

  private scheduleLeaseCheck(v: ResourceView): void {
    if (!this.leased || v.leaseCheck !== undefined) return;
    const check = (): void => {
      v.leaseCheck = undefined;
      const now = this.clock.now();
      if (this.roleOf(v) !== 'primary') return;
      if (v.leaseUntil > now) {
        v.leaseCheck = this.clock.setTimeout(check, v.leaseUntil - now);
        return;
      }
      // No majority renewed the lease in time: stop serving (DESIGN §6 quorum).
      v.role!.send({ type: 'lease.lost' });
    };
    v.leaseCheck = this.clock.setTimeout(check, Math.max(0, v.leaseUntil - this.clock.now()));
  }

  private roleActor(v: ResourceView, initial: Role): RoleActor {
    const actor = createActor(roleMachine, { clock: this.clock, input: { resource: v.spec.name, initial } });
    owners.set(actor, this);
    actor.start();
    return actor;
  }

  askForVotes(resource: string): void {
    const v = this.views.find((x) => x.spec.name === resource)!;
    v.voteSentAt = this.clock.now();
    // A pre-vote: only a candidate that a majority can hear asks for a real vote, so a node cut off
    // in a minority does not push everyone's term up, and cannot depose the primary when it is back.
    this.host.confirmQuorum((ok) => {
      if (ok && v.role?.getSnapshot().value === 'candidate') this.requestVotes(v);
    });
  }

  private requestVotes(v: ResourceView): void {
    const resource = v.spec.name;
    const me = this.host.id;
    // A partitioned candidate retries every period; keeping its hopeful term to itself means that,
    // back in the cluster, it cannot depose a primary with a number it never won (cf. Raft's pre-vote).
    const term = Math.max(v.term, v.votedTerm, v.candidateTerm) + 1;
    v.candidateTerm = term;
    v.votedTerm = term;
    v.votedFor = me;
    v.votes.fill(0);
    v.votes[this.index.get(me)!] = 1;
    v.voteCount = 1;
    v.voteSentAt = this.clock.now();
    this.env.transport.broadcast({ type: 'vote.request', from: me, resource, term });
  }

  announce(resource: string, role: Role | 'lease-lost'): void {
    if (role === 'lease-lost') this.env.record({ kind: 'lease.lost', node: this.host.id, resource });
    else this.env.record({ kind: 'role.changed', node: this.host.id, resource, role });
    this.env.changed();
  }
}

// Provided once for every node (`.provide()` per actor is costly); each action finds its node
// through the actor that runs it.
const owners = new WeakMap<AnyActorRef, ResourceRoles>();
const owner = (self: AnyActorRef): ResourceRoles => owners.get(self)!;

const roleMachine = prepared(
  resourceRoleMachine.provide({
    actions: {
      announceRole: ({ context, self }, params) => owner(self).announce(context.resource, params.role),
      announceLeaseLost: ({ context, self }) => owner(self).announce(context.resource, 'lease-lost'),
      askForVotes: ({ context, self }) => owner(self).askForVotes(context.resource),
    },
  }),
);
