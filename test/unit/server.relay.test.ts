// The LAN server (npm run lan) in-process on a free port: the relay routes within a room and refuses
// what breaks its limits; the PeerJS signaling socket only passes well-formed PeerJS messages.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startLanServer, type LanServer } from '../../server/lanServer.ts';
import { signalProblem } from '../../server/signalingGuard.ts';
import { nodeFromPeerJsId, PEERJS_KEY, peerJsId } from '../../src/transport/peerjsSettings.ts';
import { RelayClient } from '../../src/transport/relayClient.ts';
import { RELAY_CLOSE } from '../../src/transport/relayProtocol.ts';

let server: LanServer;
const open: WebSocket[] = [];

beforeAll(async () => {
  const dist = mkdtempSync(join(tmpdir(), 'mayday-lan-'));
  writeFileSync(join(dist, 'index.html'), '<title>Mayday</title>');
  server = await startLanServer({ dist, port: 0, host: '127.0.0.1', maxRoomSize: 3 });
});
afterAll(async () => {
  for (const s of open) s.terminate();
  await server.close();
});

interface Member {
  socket: WebSocket;
  events: Array<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
}

async function joinRoom(room: string, id: string): Promise<Member> {
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/mayday-relay?room=${room}&id=${id}`);
  open.push(socket);
  const events: Array<Record<string, unknown>> = [];
  socket.on('message', (data) => events.push(JSON.parse(String(data))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  await new Promise((resolve) => socket.once('open', resolve));
  return { socket, events, closed };
}

describe('LAN server', () => {
  it('serves the built app', async () => {
    const page = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(await page.text()).toContain('Mayday');
  });

  it('relay: members learn who is in their room, and frames reach only the addressee', async () => {
    const a = await joinRoom('r1', 'a');
    const b = await joinRoom('r1', 'b');
    const other = await joinRoom('r2', 'a');
    await vi.waitFor(() => expect(b.events[0]).toEqual({ t: 'peers', ids: ['a'] }));
    await vi.waitFor(() => expect(a.events).toContainEqual({ t: 'joined', id: 'b' }));
    a.socket.send(JSON.stringify({ to: 'b', data: 'hello b' }));
    await vi.waitFor(() => expect(b.events).toContainEqual({ t: 'from', from: 'a', data: 'hello b' }));
    expect(other.events).toEqual([{ t: 'peers', ids: [] }]);
    b.socket.close();
    await vi.waitFor(() => expect(a.events).toContainEqual({ t: 'left', id: 'b' }));
  });

  it('relay: bad frames, unknown peers and floods are dropped and counted; the member stays', async () => {
    const a = await joinRoom('r3', 'a');
    const b = await joinRoom('r3', 'b');
    const before = server.stats().relay.rejected;
    a.socket.send('not json');
    a.socket.send(JSON.stringify({ to: 'b', data: 'x', extra: 1 }));
    a.socket.send(JSON.stringify({ to: 'nobody', data: 'x' }));
    a.socket.send(JSON.stringify({ to: 'b', data: 'x'.repeat(2049) }));
    for (let i = 0; i < 1000; i++) a.socket.send(JSON.stringify({ to: 'b', data: `${i}` }));
    await vi.waitFor(() => expect(server.stats().relay.rejected.tooFast - before.tooFast).toBeGreaterThan(0));
    const after = server.stats().relay.rejected;
    expect(after.malformed - before.malformed).toBe(2);
    expect(after.unknownPeer - before.unknownPeer).toBe(1);
    expect(after.tooBig - before.tooBig).toBe(1);
    expect(b.events.filter((e) => e.t === 'from').length).toBeLessThan(1000);
    expect(a.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('relay: a full room and a bad id are refused with a reason', async () => {
    await joinRoom('r4', 'a');
    await joinRoom('r4', 'b');
    await joinRoom('r4', 'c');
    const fourth = await joinRoom('r4', 'd');
    expect(await fourth.closed).toEqual({
      code: RELAY_CLOSE.roomFull,
      reason: 'room r4 already has 3 nodes',
    });
    const bad = await joinRoom('r4', 'bad%20id');
    expect((await bad.closed).code).toBe(RELAY_CLOSE.badJoin);
  });

  it('relay client: reports who is in the room and carries frames both ways', async () => {
    const seen: string[] = [];
    const data: string[] = [];
    const client = new RelayClient({
      url: `ws://127.0.0.1:${server.port}/mayday-relay?room=r5&id=me`,
      openSocket: (url) => new WebSocket(url) as never,
      onPeer: (id) => seen.push(id),
      onPeerLeft: () => {},
      onData: (_link, text) => data.push(text),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
    });
    const peer = await joinRoom('r5', 'you');
    await vi.waitFor(() => expect(seen).toEqual(['you']));
    client.linkTo('you').send('frame for you');
    await vi.waitFor(() =>
      expect(peer.events).toContainEqual({ t: 'from', from: 'me', data: 'frame for you' }),
    );
    peer.socket.send(JSON.stringify({ to: 'me', data: 'frame for me' }));
    await vi.waitFor(() => expect(data).toEqual(['frame for me']));
    client.close();
  });

  it('signaling: only PeerJS message types of sane size reach PeerJS', async () => {
    expect(signalProblem(JSON.stringify({ type: 'OFFER', dst: 'x', payload: {} }))).toBeNull();
    expect(signalProblem('nope')).toBe('not JSON');
    expect(signalProblem(JSON.stringify({ type: 'RM -RF' }))).toBe('type: "RM -RF" is not a PeerJS message');
    const id = peerJsId('r6', 'n1');
    const socket = new WebSocket(
      `ws://127.0.0.1:${server.port}/peerjs/peerjs?key=${PEERJS_KEY}&id=${id}&token=t1`,
    );
    open.push(socket);
    await new Promise((resolve) => socket.once('message', resolve)); // OPEN
    const before = server.stats().signaling;
    socket.send('garbage');
    socket.send(JSON.stringify({ type: 'HEARTBEAT' }));
    await vi.waitFor(() => expect(server.stats().signaling.passed).toBe(before.passed + 1));
    expect(server.stats().signaling.rejected.malformed).toBe(before.rejected.malformed + 1);
  });

  it('PeerJS ids carry room and node, and only this room reads back', () => {
    const id = peerJsId('room.1', 'n_1-x');
    expect(id).toMatch(/^[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*$/);
    expect(nodeFromPeerJsId('room.1', id)).toBe('n_1-x');
    expect(nodeFromPeerJsId('room.2', id)).toBeUndefined();
  });
});
