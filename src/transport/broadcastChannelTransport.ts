import { validateMessage } from '../core/messages.ts';
import type { Transport } from '../core/ports.ts';
import type { Message, NodeId } from '../core/types.ts';

/** What travels on the channel: the message plus who it is for (null = everyone). */
interface Envelope {
  to: NodeId | null;
  message: unknown;
}

export interface ChannelLike {
  postMessage(data: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
}

/**
 * Tabs of one browser as a cluster network (DESIGN §7). Everything that arrives is validated before
 * a node sees it; what fails is counted and reported, never trusted.
 */
export class BroadcastChannelTransport implements Transport {
  private handler: ((m: Message) => void) | null = null;
  rejected = 0;

  constructor(
    private readonly self: NodeId,
    private readonly channel: ChannelLike,
    private readonly onInvalid: (reason: string) => void = () => {},
  ) {
    channel.addEventListener('message', (event) => this.receive(event.data));
  }

  send(to: NodeId, message: Message): void {
    this.channel.postMessage({ to, message } satisfies Envelope);
  }

  broadcast(message: Message): void {
    this.channel.postMessage({ to: null, message } satisfies Envelope);
  }

  onMessage(handler: (message: Message) => void): void {
    this.handler = handler;
  }

  close(): void {
    this.channel.close();
  }

  private receive(data: unknown): void {
    const envelope = data as Partial<Envelope> | null;
    if (typeof envelope !== 'object' || envelope === null || !('message' in envelope)) {
      return this.reject('channel message: expected { to, message }');
    }
    if (envelope.to !== null && envelope.to !== this.self) {
      if (typeof envelope.to !== 'string') this.reject('channel message.to: expected a node id or null');
      return;
    }
    const result = validateMessage(envelope.message);
    if (!result.ok) return this.reject(result.reason);
    if (result.message.from === this.self) return;
    this.handler?.(result.message);
  }

  private reject(reason: string): void {
    this.rejected++;
    this.onInvalid(reason);
  }
}
