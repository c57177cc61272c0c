import type { Clock, Transport } from '../core/ports.ts';
import type { Message, NodeId } from '../core/types.ts';
import { isMajority } from '../core/majority.ts';

interface Round {
  nonce: number;
  acks: Uint8Array;
  count: number;
  waiters: Array<(ok: boolean) => void>;
}

/**
 * "Can you hear me?" to every node, before a side fences a peer, declares it failed or asks for
 * votes: beliefs lag behind a fresh partition, answers do not. Yes as soon as a strict majority
 * (this node included) answers; no after one heartbeat period without.
 */
export class QuorumProbe {
  private round: Round | null = null;
  private nonce = 0;

  constructor(
    private readonly self: NodeId,
    private readonly nodes: readonly NodeId[],
    private readonly index: ReadonlyMap<NodeId, number>,
    private readonly clock: Clock,
    private readonly transport: Transport,
    private readonly periodMs: number,
  ) {}

  confirm(done: (ok: boolean) => void): void {
    if (this.round) {
      this.round.waiters.push(done);
      return;
    }
    const round: Round = {
      nonce: ++this.nonce,
      acks: new Uint8Array(this.nodes.length),
      count: 1,
      waiters: [done],
    };
    this.round = round;
    this.transport.broadcast({ type: 'probe', from: this.self, nonce: round.nonce });
    this.clock.setTimeout(
      () => this.finish(round, isMajority(round.count, this.nodes.length)),
      this.periodMs,
    );
  }

  receive(m: Extract<Message, { type: 'probe' | 'probe.ack' }>): void {
    if (m.type === 'probe') {
      this.transport.send(m.from, { type: 'probe.ack', from: this.self, nonce: m.nonce });
      return;
    }
    const i = this.index.get(m.from);
    const round = this.round;
    if (!round || i === undefined || m.nonce !== round.nonce || round.acks[i]) return;
    round.acks[i] = 1;
    round.count++;
    if (isMajority(round.count, this.nodes.length)) this.finish(round, true);
  }

  /** Forget the round in progress (the node stopped, or starts a new life). */
  cancel(): void {
    this.round = null;
  }

  private finish(round: Round, ok: boolean): void {
    if (this.round !== round) return;
    this.round = null;
    for (const w of round.waiters) w(ok);
  }
}
