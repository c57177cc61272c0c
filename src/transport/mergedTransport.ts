// One node, two networks: tabs of the same browser over BroadcastChannel and other devices over
// WebRTC (DESIGN §7). Every message goes out on both, so losing one path loses nothing; a peer that
// both reach would then hear it twice, so the receiving side pairs copies across paths and delivers
// each message once (issue 12).
import type { Transport } from '../core/ports.ts';
import { messageToWire } from '../core/messages.ts';
import type { Message, NodeId } from '../core/types.ts';

export interface MergedOptions {
  now: () => number;
  /** How far apart the two copies of one message may arrive (both paths take about a millisecond). */
  windowMs?: number;
}

interface Pending {
  path: number;
  count: number;
  until: number;
}

export class MergedTransport implements Transport {
  private handler: ((message: Message) => void) | null = null;
  // Copies seen on one path and not yet matched by the other: key → which path, how many, until when.
  private readonly pending = new Map<string, Pending>();
  private readonly expiry: Array<{ key: string; until: number }> = [];
  /** Second copies dropped: a message that reached this node by both paths. */
  duplicates = 0;

  constructor(
    private readonly paths: readonly Transport[],
    private readonly options: MergedOptions,
  ) {
    paths.forEach((path, index) => path.onMessage((message) => this.receive(index, message)));
  }

  send(to: NodeId, message: Message): void {
    for (const path of this.paths) path.send(to, message);
  }

  broadcast(message: Message): void {
    for (const path of this.paths) path.broadcast(message);
  }

  onMessage(handler: (message: Message) => void): void {
    this.handler = handler;
  }

  private receive(path: number, message: Message): void {
    const now = this.options.now();
    this.expire(now);
    // Same sender, same content: the same message, whichever path brought it. Identical messages sent
    // twice on purpose (two heartbeats) come by the same path and are not paired with each other.
    const key = `${message.from}|${JSON.stringify(messageToWire(message))}`;
    const seen = this.pending.get(key);
    if (seen && seen.path !== path && seen.count > 0) {
      seen.count--;
      if (seen.count === 0) this.pending.delete(key);
      this.duplicates++;
      return;
    }
    const until = now + (this.options.windowMs ?? 500);
    if (seen && seen.path === path) {
      seen.count++;
      seen.until = until;
    } else {
      this.pending.set(key, { path, count: 1, until });
    }
    this.expiry.push({ key, until });
    this.handler?.(message);
  }

  private expire(now: number): void {
    let i = 0;
    while (i < this.expiry.length && this.expiry[i].until <= now) {
      const { key } = this.expiry[i++];
      const entry = this.pending.get(key);
      if (entry && entry.until <= now) this.pending.delete(key);
    }
    if (i > 0) this.expiry.splice(0, i);
  }
}
