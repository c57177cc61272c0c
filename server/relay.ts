// The relay of last resort: when a data channel cannot be opened (Wi-Fi that isolates its clients, no
// TURN offline), two nodes talk through this WebSocket on the LAN server. It also tells each node who
// is in its room, so nodes know whom to dial. It routes and limits; it never reads the cluster
// messages (each end proves the room key to the other, so the server needs no key).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { NODE_ID_PATTERN } from '../src/core/distressSignal.ts';
import { MAX_FRAME_CHARS, ROOM_PATTERN } from '../src/transport/linkFrames.ts';
import { RELAY_CLOSE } from '../src/transport/relayProtocol.ts';
import { TokenBucket } from '../src/transport/tokenBucket.ts';

export const RELAY_PATH = '/mayday-relay';

export interface RelayOptions {
  maxRoomSize?: number;
  ratePerSecond?: number;
  burst?: number;
  log?: (line: string) => void;
}

export interface RelayStats {
  rooms: number;
  members: number;
  forwarded: number;
  rejected: {
    badJoin: number;
    roomFull: number;
    tooBig: number;
    tooFast: number;
    malformed: number;
    unknownPeer: number;
  };
}

interface Member {
  socket: WebSocket;
  bucket: TokenBucket;
}

export function createRelay(options: RelayOptions = {}) {
  const maxRoomSize = options.maxRoomSize ?? 32;
  const rooms = new Map<string, Map<string, Member>>();
  const stats: RelayStats = {
    rooms: 0,
    members: 0,
    forwarded: 0,
    rejected: { badJoin: 0, roomFull: 0, tooBig: 0, tooFast: 0, malformed: 0, unknownPeer: 0 },
  };
  // The frame limit plus room for the envelope; ws closes a socket that sends more (code 1009).
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_CHARS + 256 });

  // A device that vanishes without closing its socket (Wi-Fi gone, phone asleep) would hold its place in
  // the room until TCP gives up; a ping every 10 s that goes unanswered frees it.
  const alive = new WeakSet<WebSocket>();
  const keepalive = setInterval(() => {
    for (const client of wss.clients) {
      if (!alive.has(client)) {
        client.terminate();
        continue;
      }
      alive.delete(client);
      client.ping();
    }
  }, 10_000);
  keepalive.unref();
  wss.on('connection', (socket) => {
    alive.add(socket);
    socket.on('pong', () => alive.add(socket));
  });

  const sendTo = (socket: WebSocket, value: unknown): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(value));
  };

  function join(socket: WebSocket, room: string, id: string): void {
    let members = rooms.get(room);
    if (!members) rooms.set(room, (members = new Map()));
    const previous = members.get(id);
    if (!previous && members.size >= maxRoomSize) {
      stats.rejected.roomFull++;
      socket.close(RELAY_CLOSE.roomFull, `room ${room} already has ${maxRoomSize} nodes`);
      return;
    }
    // A reloaded tab comes back with its id before the old socket has timed out: the newer one wins.
    if (previous) previous.socket.close(RELAY_CLOSE.replaced, 'the same node id joined again');
    const member: Member = {
      socket,
      bucket: new TokenBucket(options.ratePerSecond ?? 300, options.burst ?? 600),
    };
    members.set(id, member);
    sendTo(socket, { t: 'peers', ids: [...members.keys()].filter((other) => other !== id) });
    for (const [other, m] of members) if (other !== id) sendTo(m.socket, { t: 'joined', id });

    socket.on('message', (data, isBinary) => {
      if (!member.bucket.take(Date.now())) return void stats.rejected.tooFast++;
      const text = isBinary ? '' : data.toString();
      if (text.length > MAX_FRAME_CHARS + 128) return void stats.rejected.tooBig++;
      let frame: unknown;
      try {
        frame = JSON.parse(text);
      } catch {
        return void stats.rejected.malformed++;
      }
      const { to, data: payload } = (frame ?? {}) as { to?: unknown; data?: unknown };
      if (
        typeof to !== 'string' ||
        typeof payload !== 'string' ||
        Object.keys(frame as object).length !== 2
      ) {
        return void stats.rejected.malformed++;
      }
      if (payload.length > MAX_FRAME_CHARS) return void stats.rejected.tooBig++;
      const target = rooms.get(room)?.get(to);
      if (!target) return void stats.rejected.unknownPeer++;
      stats.forwarded++;
      sendTo(target.socket, { t: 'from', from: id, data: payload });
    });
    socket.on('close', () => {
      if (members.get(id) !== member) return;
      members.delete(id);
      if (members.size === 0) rooms.delete(room);
      for (const m of members.values()) sendTo(m.socket, { t: 'left', id });
    });
    socket.on('error', () => socket.terminate());
  }

  return {
    stats(): RelayStats {
      let count = 0;
      for (const members of rooms.values()) count += members.size;
      return { ...stats, rooms: rooms.size, members: count, rejected: { ...stats.rejected } };
    },
    /** Takes an HTTP upgrade whose path is RELAY_PATH. */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      const params = new URL(req.url ?? '', 'http://relay').searchParams;
      const room = params.get('room') ?? '';
      const id = params.get('id') ?? '';
      wss.handleUpgrade(req, socket, head, (ws) => {
        wss.emit('connection', ws, req);
        if (!ROOM_PATTERN.test(room) || !NODE_ID_PATTERN.test(id)) {
          stats.rejected.badJoin++;
          ws.close(RELAY_CLOSE.badJoin, 'room and id must be 1–32 of A–Z a–z 0–9 _ . -');
          return;
        }
        join(ws, room, id);
      });
    },
    close(): void {
      clearInterval(keepalive);
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}

export type Relay = ReturnType<typeof createRelay>;
