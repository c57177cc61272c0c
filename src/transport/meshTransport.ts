// The cluster network across devices: a mesh of authenticated links, one per peer and path (a WebRTC
// data channel, or the LAN server's relay where a data channel cannot be opened). It implements the
// same Transport port as the simulator and BroadcastChannel, so the node's machines do not change.
// Links are plain text pipes; which library opened them is not this file's business.
import type { Transport } from '../core/ports.ts';
import type { Message, NodeId } from '../core/types.ts';
import { checkProof, decodeFrame, encodeFrame, newNonce, proveKey } from './linkFrames.ts';
import { TokenBucket } from './tokenBucket.ts';

export type LinkPath = 'p2p' | 'relay';

/** One open text pipe to one peer. The peer id is what the opener was told; the hello must match it. */
export interface Link {
  readonly peer: NodeId;
  readonly path: LinkPath;
  send(text: string): void;
  close(): void;
}

/** Why inbound data was refused; each is counted. */
export type RejectKind = 'tooBig' | 'tooFast' | 'malformed' | 'wrongRoom' | 'badKey' | 'spoofed' | 'meshFull';

export interface MeshOptions {
  self: NodeId;
  room: string;
  /** The room key from the join link; a peer that cannot prove it is ignored. */
  key: Uint8Array;
  now: () => number;
  getRandomValues?: (array: Uint8Array<ArrayBuffer>) => unknown;
  /** Mesh size including this node (issue 12: up to 32). */
  maxNodes?: number;
  /** Per link: messages per second and burst before frames are dropped as too fast. */
  ratePerSecond?: number;
  burst?: number;
  onInvalid?: (reason: string, kind: RejectKind) => void;
  /** A link opened, proved the key, or closed: the UI redraws each link's path. */
  onLinksChanged?: () => void;
}

export interface LinkView {
  peer: NodeId;
  /** The path messages to this peer take now; `connecting` until the peer has proved the room key,
   * `refused` when its proof was wrong (it is not in this room). */
  path: LinkPath | 'connecting' | 'refused';
}

interface LinkState {
  link: Link;
  myNonce: string;
  /** The peer proved the room key (answered our nonce); only then do we send to or accept from it. */
  trusted: boolean;
  /** Its proof did not match the room key: ignored from then on. */
  refused: boolean;
  bucket: TokenBucket;
}

export class MeshTransport implements Transport {
  private readonly peers = new Map<NodeId, Partial<Record<LinkPath, LinkState>>>();
  private handler: ((message: Message) => void) | null = null;
  private readonly maxNodes: number;
  readonly counts = {
    sent: 0,
    received: 0,
    /** send() to a peer with no trusted link: the message is lost, as on a real network. */
    unreachable: 0,
    rejected: {
      tooBig: 0,
      tooFast: 0,
      malformed: 0,
      wrongRoom: 0,
      badKey: 0,
      spoofed: 0,
      meshFull: 0,
    } as Record<RejectKind, number>,
  };

  constructor(private readonly options: MeshOptions) {
    this.maxNodes = options.maxNodes ?? 32;
  }

  send(to: NodeId, message: Message): void {
    const state = this.route(to);
    if (!state) {
      this.counts.unreachable++;
      return;
    }
    this.counts.sent++;
    state.link.send(encodeFrame({ t: 'msg', m: message }));
  }

  broadcast(message: Message): void {
    // Encoded once: a broadcast to 31 peers must not pay for 31 JSON encodings.
    let text: string | null = null;
    for (const peer of this.peers.keys()) {
      const state = this.route(peer);
      if (!state) continue;
      text ??= encodeFrame({ t: 'msg', m: message });
      this.counts.sent++;
      state.link.send(text);
    }
  }

  onMessage(handler: (message: Message) => void): void {
    this.handler = handler;
  }

  /** A link has opened: say hello with a fresh challenge. A second link on the same path replaces the first. */
  attach(link: Link): void {
    if (link.peer === this.options.self) return link.close();
    const entry = this.peers.get(link.peer);
    if (!entry && this.peers.size >= this.maxNodes - 1) {
      this.reject('meshFull', `link from ${link.peer}: the mesh already has ${this.maxNodes} nodes`);
      return link.close();
    }
    const old = entry?.[link.path];
    const state: LinkState = {
      link,
      myNonce: newNonce(this.options.getRandomValues ?? ((a) => crypto.getRandomValues(a))),
      trusted: false,
      refused: false,
      bucket: new TokenBucket(this.options.ratePerSecond ?? 200, this.options.burst ?? 400),
    };
    this.peers.set(link.peer, { ...entry, [link.path]: state });
    if (old && old.link !== link) old.link.close();
    link.send(
      encodeFrame({ t: 'hello', room: this.options.room, id: this.options.self, nonce: state.myNonce }),
    );
    this.options.onLinksChanged?.();
  }

  /** A link closed. The peer may well be alive (DESIGN §7): only the failure detector's silence judges it. */
  detach(link: Link): void {
    const entry = this.peers.get(link.peer);
    if (entry?.[link.path]?.link !== link) return;
    delete entry[link.path];
    if (!entry.p2p && !entry.relay) this.peers.delete(link.peer);
    this.options.onLinksChanged?.();
  }

  /** Text arrived on a link. Never throws: whatever a peer sends, the node goes on. */
  receive(link: Link, data: unknown): void {
    const state = this.peers.get(link.peer)?.[link.path];
    if (state?.link !== link) return;
    const from = `${link.path} link from ${link.peer}`;
    if (!state.bucket.take(this.options.now()))
      return this.reject('tooFast', `${from}: more than its rate allows`);
    const decoded = decodeFrame(data);
    if (!decoded.ok)
      return this.reject(decoded.tooBig ? 'tooBig' : 'malformed', `${from}: ${decoded.reason}`);
    const frame = decoded.frame;
    const { key, room, self } = this.options;
    if (frame.t === 'hello') {
      if (frame.room !== room)
        return this.reject('wrongRoom', `${from}: hello for room ${frame.room}, not ${room}`);
      if (frame.id !== link.peer) return this.reject('spoofed', `${from}: hello claims to be ${frame.id}`);
      link.send(encodeFrame({ t: 'proof', mac: proveKey(key, room, self, link.peer, frame.nonce) }));
      return;
    }
    if (frame.t === 'proof') {
      if (!checkProof(key, room, link.peer, self, state.myNonce, frame.mac)) {
        if (!state.refused) {
          state.refused = true;
          this.options.onLinksChanged?.();
        }
        return this.reject('badKey', `${from}: its proof does not match the room key`);
      }
      if (!state.trusted) {
        state.trusted = true;
        this.options.onLinksChanged?.();
      }
      return;
    }
    if (!state.trusted) return this.reject('badKey', `${from}: a message before it proved the room key`);
    if (frame.m.from !== link.peer)
      return this.reject('spoofed', `${from}: a message signed ${frame.m.from}`);
    this.counts.received++;
    this.handler?.(frame.m);
  }

  /** The path each known peer is reached by now (p2p preferred), for the UI. */
  links(): LinkView[] {
    return [...this.peers.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([peer, entry]) => {
        const refused = entry.p2p?.refused || entry.relay?.refused;
        return { peer, path: this.route(peer)?.link.path ?? (refused ? 'refused' : 'connecting') };
      });
  }

  /** True when this very link is the one the mesh holds for its peer and path. */
  holds(link: Link): boolean {
    return this.peers.get(link.peer)?.[link.path]?.link === link;
  }

  /** True when a trusted data channel (not the relay) reaches `peer`. */
  hasDirect(peer: NodeId): boolean {
    return this.peers.get(peer)?.p2p?.trusted === true;
  }

  /** Closes every link (the node is leaving). */
  close(): void {
    for (const entry of [...this.peers.values()]) {
      entry.p2p?.link.close();
      entry.relay?.link.close();
    }
    this.peers.clear();
  }

  private route(peer: NodeId): LinkState | undefined {
    const entry = this.peers.get(peer);
    if (entry?.p2p?.trusted) return entry.p2p;
    if (entry?.relay?.trusted) return entry.relay;
    return undefined;
  }

  private reject(kind: RejectKind, reason: string): void {
    this.counts.rejected[kind]++;
    this.options.onInvalid?.(reason, kind);
  }
}
