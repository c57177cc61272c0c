import { open, seal, type Body, type Envelope } from '../core/liveEnvelope.ts';
import type { ChannelLike } from './broadcastChannelTransport.ts';

export interface RoomChannelOptions {
  /** This tab's name on the channel: its node id, or an observer's name. */
  self: string;
  /** One per page or worker, random: sequence numbers count within it. */
  sid: string;
  key: Uint8Array;
  channel: ChannelLike;
  now(): number;
  /** An observer reads every post, whoever it is for. */
  readAll?: boolean;
  /** Per-sender budget: a steady rate and a burst; beyond it posts are dropped unread and counted. */
  ratePerSecond?: number;
  burst?: number;
}

/** Why one sender's posts were refused, and how often. */
export interface SenderRejections {
  count: number;
  reasons: Record<string, number>;
}

const MAX_SENDERS = 64;
const MAX_REASONS = 8;

/**
 * A live room's channel (DESIGN §7): seals what this tab posts and opens what others post. What
 * fails — malformed, oversized, wrong key, replayed, or more than a sender's budget — is counted
 * per sender with its reason and never reaches the node. A flood is dropped before any parsing or
 * hashing, so one noisy tab costs the others a counter increment per post.
 */
export class RoomChannel {
  readonly rejected = new Map<string, SenderRejections>();
  private readonly handlers: Array<(e: Envelope) => void> = [];
  private seq = 0;
  private readonly lastSeq = new Map<string, number>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly rate: number;
  private readonly burst: number;
  onReject: (from: string, reason: string) => void = () => {};

  constructor(private readonly o: RoomChannelOptions) {
    this.rate = o.ratePerSecond ?? 400;
    this.burst = o.burst ?? 800;
    o.channel.addEventListener('message', (event) => this.receive(event.data));
  }

  get self(): string {
    return this.o.self;
  }

  post(body: Body, to: string | null = null): void {
    this.o.channel.postMessage(
      seal(this.o.key, { from: this.o.self, sid: this.o.sid, seq: this.seq++, t: this.o.now(), to, body }),
    );
  }

  /** A post sealed ahead of time, for a page's last task (pagehide): one postMessage, nothing else. */
  sealAhead(body: Body): Envelope {
    return seal(this.o.key, { from: this.o.self, sid: this.o.sid, seq: this.seq++, t: 0, to: null, body });
  }

  onEnvelope(handler: (e: Envelope) => void): void {
    this.handlers.push(handler);
  }

  totalRejected(): number {
    let n = 0;
    for (const r of this.rejected.values()) n += r.count;
    return n;
  }

  close(): void {
    this.o.channel.close();
  }

  private receive(raw: unknown): void {
    const claimed = (raw as { from?: unknown } | null)?.from;
    const from = typeof claimed === 'string' ? claimed.slice(0, 48) : '(unnamed)';
    if (!this.spend(from)) return this.reject(from, `flood: more than ${this.rate} posts/s`);
    const to = (raw as { to?: unknown } | null)?.to;
    if (!this.o.readAll && typeof to === 'string' && to !== this.o.self) return;
    const opened = open(raw, this.o.key);
    if (!opened.ok) return this.reject(opened.from, opened.reason);
    const e = opened.envelope;
    if (e.sid === this.o.sid) return;
    const last = this.lastSeq.get(e.sid);
    if (last !== undefined && e.seq <= last) return this.reject(e.from, 'seq: replayed (already seen)');
    this.lastSeq.set(e.sid, e.seq);
    for (const h of this.handlers) h(e);
  }

  private spend(from: string): boolean {
    const now = this.o.now();
    let b = this.buckets.get(from);
    if (!b) {
      if (this.buckets.size >= MAX_SENDERS * 4) this.buckets.clear();
      b = { tokens: this.burst, at: now };
      this.buckets.set(from, b);
    }
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) * this.rate) / 1000);
    b.at = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  private reject(from: string, reason: string): void {
    let r = this.rejected.get(from);
    if (!r) {
      if (this.rejected.size >= MAX_SENDERS) from = '(others)';
      r = this.rejected.get(from) ?? { count: 0, reasons: {} };
      this.rejected.set(from, r);
    }
    r.count++;
    const short = reason.length > 120 ? `${reason.slice(0, 120)}…` : reason;
    if (short in r.reasons || Object.keys(r.reasons).length < MAX_REASONS)
      r.reasons[short] = (r.reasons[short] ?? 0) + 1;
    this.onReject(from, reason);
  }
}
