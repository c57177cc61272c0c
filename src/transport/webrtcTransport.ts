// Devices as a cluster network (DESIGN §7): WebRTC data channels between every pair of nodes in the
// room, opened through the PeerJS server on the LAN; the LAN server's relay where a channel cannot be
// opened. PeerJS is imported here, lazily, so it is only fetched when a node goes live across devices.
import type { DataConnection, Peer, PeerOptions } from 'peerjs';
import type { Transport } from '../core/ports.ts';
import type { Message, NodeId } from '../core/types.ts';
import { MeshTransport, type Link, type LinkView, type RejectKind } from './meshTransport.ts';
import { nodeFromPeerJsId, PEERJS_KEY, PEERJS_PATH, peerJsId } from './peerjsSettings.ts';
import { RelayClient, type RelayStatus, type SocketLike } from './relayClient.ts';

export interface WebRtcOptions {
  self: NodeId;
  room: string;
  key: Uint8Array;
  /** The LAN server (page and signaling share it): usually location.hostname / port / https. */
  host: string;
  port: number;
  secure: boolean;
  /** Give up on a data channel after this long and use the relay (default 5 s). */
  dialTimeoutMs?: number;
  /** After a data channel closes, wait this long before dialling again (default 3 s). */
  redialMs?: number;
  /** Extra RTCPeerConnection settings (tests use `iceTransportPolicy: 'relay'` with no TURN server to
   * gather no candidate at all: a network where no device can reach another directly). */
  rtcConfig?: RTCConfiguration;
  /** Relay fallback through the server (default on). */
  relay?: boolean;
  onInvalid?: (reason: string, kind: RejectKind) => void;
  onChange?: () => void;
  /** Tests and Node pass their own; the browser's are the default. */
  loadPeerJs?: () => Promise<{ Peer: new (id: string, options: PeerOptions) => Peer }>;
  openSocket?: (url: string) => SocketLike;
}

export type SignalingStatus = 'connecting' | 'open' | 'lost';

export class WebRtcTransport implements Transport {
  readonly mesh: MeshTransport;
  private readonly relay: RelayClient;
  private readonly present = new Set<NodeId>();
  private readonly conns = new Map<NodeId, DataConnection>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private closed = false;
  signaling: SignalingStatus = 'connecting';

  constructor(
    private readonly options: WebRtcOptions,
    private readonly peer: Peer,
  ) {
    this.mesh = new MeshTransport({
      self: options.self,
      room: options.room,
      key: options.key,
      now: () => Date.now(),
      onInvalid: options.onInvalid,
      onLinksChanged: () => options.onChange?.(),
    });
    const scheme = options.secure ? 'wss' : 'ws';
    const query = `room=${encodeURIComponent(options.room)}&id=${encodeURIComponent(options.self)}`;
    this.relay = new RelayClient({
      url: `${scheme}://${options.host}:${options.port}/mayday-relay?${query}`,
      openSocket: options.openSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike),
      onPeer: (id) => this.meet(id),
      onPeerLeft: (id) => this.leave(id),
      onData: (link, data) => {
        if (!this.mesh.holds(link)) this.mesh.attach(link);
        this.mesh.receive(link, data);
      },
      onStatus: () => options.onChange?.(),
      onBadFrame: () =>
        options.onInvalid?.('relay: a frame from the server that is not the relay protocol', 'malformed'),
      setTimeout: (fn, ms) => this.later(fn, ms),
      clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
    });
    peer.on('open', () => this.setSignaling('open'));
    peer.on('connection', (conn) => this.accept(conn));
    // The server went away: data channels already open keep working (STACK-NOTES); PeerJS does not
    // reconnect by itself, so try every 2 s; the server gives the same id back.
    peer.on('disconnected', () => {
      this.setSignaling('lost');
      const retry = () => {
        if (this.closed || !peer.disconnected) return;
        peer.reconnect();
        this.later(retry, 2000);
      };
      this.later(retry, 2000);
    });
    peer.on('error', (error) => {
      // 'peer-unavailable': a dial to someone who left; the dial's own timeout handles it.
      if ((error as { type?: string }).type === 'unavailable-id') this.setSignaling('lost');
    });
  }

  send(to: NodeId, message: Message): void {
    this.mesh.send(to, message);
  }

  broadcast(message: Message): void {
    this.mesh.broadcast(message);
  }

  onMessage(handler: (message: Message) => void): void {
    this.mesh.onMessage(handler);
  }

  /** Each peer and the path its messages take now: `p2p`, `relay` or `connecting`. */
  links(): LinkView[] {
    return this.mesh.links();
  }

  get relayStatus(): RelayStatus {
    return this.relay.status;
  }

  /** Closes the data channel to `peer` (a cut cable, for tests and teaching); it is dialled again later. */
  closeDataChannel(peer: NodeId): boolean {
    const conn = this.conns.get(peer);
    conn?.close();
    return conn !== undefined;
  }

  /** The RTCPeerConnection under the data channel to `peer` (benchmarks open a bare channel on it). */
  peerConnection(peer: NodeId): RTCPeerConnection | undefined {
    return this.conns.get(peer)?.peerConnection;
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.mesh.close();
    this.relay.close();
    this.peer.destroy();
  }

  private later(fn: () => void, ms: number): ReturnType<typeof setTimeout> {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) fn();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  private setSignaling(status: SignalingStatus): void {
    this.signaling = status;
    this.options.onChange?.();
  }

  /** A node is in the room. One side dials (the smaller id), so a pair opens one channel, not two. */
  private meet(id: NodeId): void {
    if (id === this.options.self || this.present.has(id)) return;
    this.present.add(id);
    if (this.options.self < id) this.dial(id);
    else this.fallBackUnlessDirect(id);
  }

  private leave(id: NodeId): void {
    this.present.delete(id);
    const link = this.relay.linkTo(id);
    if (this.mesh.holds(link)) this.mesh.detach(link);
  }

  private dial(id: NodeId): void {
    if (this.closed || this.mesh.hasDirect(id) || !this.present.has(id)) return;
    // While the signaling server is unreachable PeerJS cannot dial (connect() returns undefined).
    const conn = this.peer.disconnected
      ? undefined
      : this.peer.connect(peerJsId(this.options.room, id), { reliable: true, serialization: 'raw' });
    if (conn) this.wire(conn, id);
    this.fallBackUnlessDirect(id);
  }

  /** No data channel after the dial timeout: use the relay for this peer (issue 12: isolated Wi-Fi). */
  private fallBackUnlessDirect(id: NodeId): void {
    this.later(() => {
      if (this.mesh.hasDirect(id) || !this.present.has(id)) return;
      if (this.options.relay !== false && this.relay.open) {
        const link = this.relay.linkTo(id);
        if (!this.mesh.holds(link)) this.mesh.attach(link);
      } else if (this.options.self < id) {
        this.dial(id);
      }
    }, this.options.dialTimeoutMs ?? 5000);
  }

  private accept(conn: DataConnection): void {
    const id = nodeFromPeerJsId(this.options.room, conn.peer);
    if (id === undefined) {
      this.options.onInvalid?.(
        `p2p: a connection from ${conn.peer}, which is not in room ${this.options.room}`,
        'wrongRoom',
      );
      conn.close();
      return;
    }
    this.wire(conn, id);
  }

  private wire(conn: DataConnection, id: NodeId): void {
    const link: Link = {
      peer: id,
      path: 'p2p',
      send: (text) => void conn.send(text),
      close: () => conn.close(),
    };
    conn.on('open', () => {
      this.conns.get(id)?.close();
      this.conns.set(id, conn);
      this.mesh.attach(link);
    });
    conn.on('data', (data) => this.mesh.receive(link, data));
    const closed = () => {
      if (this.conns.get(id) === conn) this.conns.delete(id);
      if (!this.mesh.holds(link)) return;
      // A closed channel says nothing about the peer's health (DESIGN §7): silence will judge it.
      this.mesh.detach(link);
      if (this.options.self < id) this.later(() => this.dial(id), this.options.redialMs ?? 3000);
    };
    conn.on('close', closed);
    conn.on('error', closed);
  }
}

/**
 * Joins the room: loads PeerJS (only now), registers with the LAN server's PeerJS, and opens the relay
 * socket. Everything PeerJS would otherwise fetch from the public cloud is set: host, port, path, key,
 * and no STUN/TURN servers (STACK-NOTES), so a room works with no internet.
 */
export async function connectWebRtc(options: WebRtcOptions): Promise<WebRtcTransport> {
  const { Peer } = await (options.loadPeerJs ?? (() => import('peerjs')))();
  const peer = new Peer(peerJsId(options.room, options.self), {
    host: options.host,
    port: options.port,
    path: PEERJS_PATH,
    key: PEERJS_KEY,
    secure: options.secure,
    config: { ...options.rtcConfig, iceServers: [] },
    debug: 0,
  });
  return new WebRtcTransport(options, peer);
}
