import type { Transport } from '../core/ports.ts';
import type { Message, NodeId } from '../core/types.ts';
import type { RoomChannel } from './roomChannel.ts';

/**
 * A node's Transport over a live room (the same interface the simulator's network implements), with
 * the one network fault a tab can make for real: cutting itself off from some peers (`cut`), both
 * ways, until `heal`.
 */
export class RoomTransport implements Transport {
  private readonly cuts = new Set<NodeId>();
  private handler: ((m: Message) => void) | null = null;

  constructor(
    private readonly room: RoomChannel,
    private readonly nodes: readonly NodeId[],
  ) {
    room.onEnvelope((e) => {
      if (e.body.kind !== 'cluster' || e.from === room.self || this.cuts.has(e.from)) return;
      this.handler?.(e.body.message);
    });
  }

  send(to: NodeId, message: Message): void {
    if (!this.cuts.has(to)) this.room.post({ kind: 'cluster', message }, to);
  }

  broadcast(message: Message): void {
    if (this.cuts.size === 0) return this.room.post({ kind: 'cluster', message });
    for (const peer of this.nodes) if (peer !== this.room.self) this.send(peer, message);
  }

  onMessage(handler: (message: Message) => void): void {
    this.handler = handler;
  }

  cut(peers: readonly NodeId[]): void {
    for (const p of peers) if (p !== this.room.self) this.cuts.add(p);
  }

  heal(): void {
    this.cuts.clear();
  }

  get cutOff(): NodeId[] {
    return [...this.cuts].sort();
  }
}
