// The node's end of the LAN server's relay socket: who is in the room (so the node knows whom to
// dial), and a text pipe to any member for when no data channel can be opened. It reconnects by
// itself when the server comes back.
import type { NodeId } from '../core/types.ts';
import type { Link } from './meshTransport.ts';
import { parseRelayEvent, RELAY_CLOSE } from './relayProtocol.ts';

/** The subset of the browser's WebSocket this client uses (Node tests pass the `ws` package's). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface RelayClientOptions {
  url: string;
  openSocket: (url: string) => SocketLike;
  /** Someone is in the room (on connect: everyone already there; later: each newcomer). */
  onPeer: (peer: NodeId) => void;
  onPeerLeft: (peer: NodeId) => void;
  /** A frame from `peer` through the relay, on the relay link for that peer. */
  onData: (link: Link, data: string) => void;
  onStatus?: (status: RelayStatus) => void;
  onBadFrame?: () => void;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (id: unknown) => void;
}

export type RelayStatus = 'connecting' | 'open' | 'closed' | 'refused';

const OPEN = 1;

export class RelayClient {
  private socket: SocketLike | null = null;
  private readonly links = new Map<NodeId, Link>();
  private retryMs = 500;
  private retryTimer: unknown = null;
  private stopped = false;
  status: RelayStatus = 'connecting';
  /** Why the server refused us (room full, bad id), for the UI. */
  refusal = '';

  constructor(private readonly options: RelayClientOptions) {
    this.connect();
  }

  /** The relay pipe to `peer` (the same object every time, so the mesh can tell it apart). */
  linkTo(peer: NodeId): Link {
    let link = this.links.get(peer);
    if (!link) {
      link = {
        peer,
        path: 'relay',
        send: (data) => {
          if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify({ to: peer, data }));
        },
        close: () => this.links.delete(peer),
      };
      this.links.set(peer, link);
    }
    return link;
  }

  get open(): boolean {
    return this.socket?.readyState === OPEN;
  }

  close(): void {
    this.stopped = true;
    this.options.clearTimeout(this.retryTimer);
    this.socket?.close();
  }

  private setStatus(status: RelayStatus): void {
    this.status = status;
    this.options.onStatus?.(status);
  }

  private connect(): void {
    if (this.stopped) return;
    this.setStatus('connecting');
    let socket: SocketLike;
    try {
      socket = this.options.openSocket(this.options.url);
    } catch {
      return this.retry();
    }
    this.socket = socket;
    socket.onopen = () => {
      this.retryMs = 500;
      this.setStatus('open');
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onerror = () => {};
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (event.code === RELAY_CLOSE.roomFull || event.code === RELAY_CLOSE.badJoin) {
        this.refusal = event.reason;
        return this.setStatus('refused');
      }
      this.setStatus('closed');
      if (event.code !== RELAY_CLOSE.replaced) this.retry();
    };
  }

  private retry(): void {
    if (this.stopped) return;
    this.retryTimer = this.options.setTimeout(() => this.connect(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, 5000);
  }

  private receive(data: unknown): void {
    const event = parseRelayEvent(data);
    if (!event) return this.options.onBadFrame?.();
    switch (event.t) {
      case 'peers':
        for (const id of event.ids) this.options.onPeer(id);
        return;
      case 'joined':
        return this.options.onPeer(event.id);
      case 'left':
        return this.options.onPeerLeft(event.id);
      case 'from':
        return this.options.onData(this.linkTo(event.from), event.data);
    }
  }
}
