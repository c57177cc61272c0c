// The WebRTC mesh's rules, over in-memory links: the room-key handshake, validation, limits and path
// choice. What a peer sends can be refused and counted, never crash the node or reach its machines.
import { describe, expect, it } from 'vitest';
import type { Message } from '../../src/core/types.ts';
import { encodeFrame, MAX_FRAME_CHARS, proveKey } from '../../src/transport/linkFrames.ts';
import {
  MeshTransport,
  type Link,
  type LinkPath,
  type RejectKind,
} from '../../src/transport/meshTransport.ts';

const KEY = new Uint8Array(32).fill(7);
const OTHER_KEY = new Uint8Array(32).fill(9);

interface Node {
  mesh: MeshTransport;
  inbox: Message[];
  invalid: Array<[RejectKind, string]>;
  clock: { t: number };
}

function node(self: string, key = KEY, room = 'lab', extra = {}): Node {
  const inbox: Message[] = [];
  const invalid: Array<[RejectKind, string]> = [];
  const clock = { t: 0 };
  const mesh = new MeshTransport({
    self,
    room,
    key,
    now: () => clock.t,
    onInvalid: (reason, kind) => invalid.push([kind, reason]),
    ...extra,
  });
  mesh.onMessage((m) => inbox.push(m));
  return { mesh, inbox, invalid, clock };
}

/** Two link ends joined in memory, delivering synchronously like an ordered channel. */
function connect(a: { id: string; node: Node }, b: { id: string; node: Node }, path: LinkPath = 'p2p') {
  const ab: Link & { open: boolean } = {
    peer: b.id,
    path,
    open: true,
    send: (text) => ab.open && b.node.mesh.receive(ba, text),
    close: () => (ab.open = false),
  };
  const ba: Link & { open: boolean } = {
    peer: a.id,
    path,
    open: true,
    send: (text) => ba.open && a.node.mesh.receive(ab, text),
    close: () => (ba.open = false),
  };
  // Both ends must hold their link before the first hello arrives.
  const attachBoth = () => {
    const sendA = ab.send;
    const queued: string[] = [];
    ab.send = (text) => queued.push(text);
    a.node.mesh.attach(ab);
    b.node.mesh.attach(ba);
    ab.send = sendA;
    for (const text of queued) ab.send(text);
  };
  attachBoth();
  return { ab, ba };
}

const heartbeat = (from: string): Message => ({ type: 'heartbeat', from, incarnation: 1, joinedAt: 0 });

describe('mesh transport: room key, validation, limits', () => {
  it('peers that share the room key trust each other and exchange messages', () => {
    const a = node('a');
    const b = node('b');
    connect({ id: 'a', node: a }, { id: 'b', node: b });
    expect(a.mesh.links()).toEqual([{ peer: 'b', path: 'p2p' }]);
    a.mesh.send('b', heartbeat('a'));
    b.mesh.broadcast(heartbeat('b'));
    expect(b.inbox).toEqual([heartbeat('a')]);
    expect(a.inbox).toEqual([heartbeat('b')]);
    expect(a.invalid).toEqual([]);
  });

  it('a distress (bytes) crosses a link intact', () => {
    const a = node('a');
    const b = node('b');
    connect({ id: 'a', node: a }, { id: 'b', node: b });
    const bytes = new Uint8Array(300).map((_, i) => i & 0xff);
    a.mesh.send('b', { type: 'distress', from: 'a', bytes });
    expect(b.inbox).toEqual([{ type: 'distress', from: 'a', bytes }]);
  });

  it('a peer without the room key is ignored and counted, on both sides', () => {
    const a = node('a');
    const x = node('x', OTHER_KEY);
    connect({ id: 'a', node: a }, { id: 'x', node: x });
    expect(a.mesh.links()).toEqual([{ peer: 'x', path: 'refused' }]);
    expect(a.mesh.counts.rejected.badKey).toBe(1);
    expect(a.invalid[0][1]).toBe('p2p link from x: its proof does not match the room key');
    a.mesh.send('x', heartbeat('a'));
    expect(a.mesh.counts.unreachable).toBe(1);
    expect(x.inbox).toEqual([]);
  });

  it('messages before the key is proven, and messages signed by someone else, are refused', () => {
    const a = node('a');
    const link: Link = { peer: 'm', path: 'p2p', send: () => {}, close: () => {} };
    a.mesh.attach(link);
    a.mesh.receive(link, encodeFrame({ t: 'msg', m: heartbeat('m') }));
    expect(a.invalid.at(-1)).toEqual(['badKey', 'p2p link from m: a message before it proved the room key']);
    // m answers the challenge properly, then claims to be n1.
    const nonce = a.mesh['peers'].get('m')!.p2p!.myNonce;
    a.mesh.receive(link, encodeFrame({ t: 'proof', mac: proveKey(KEY, 'lab', 'm', 'a', nonce) }));
    a.mesh.receive(link, encodeFrame({ t: 'msg', m: heartbeat('n1') }));
    expect(a.invalid.at(-1)).toEqual(['spoofed', 'p2p link from m: a message signed n1']);
    expect(a.inbox).toEqual([]);
    a.mesh.receive(link, encodeFrame({ t: 'msg', m: heartbeat('m') }));
    expect(a.inbox).toEqual([heartbeat('m')]);
  });

  it('a hello for another room, or claiming another id, is refused', () => {
    const a = node('a');
    const link: Link = { peer: 'm', path: 'relay', send: () => {}, close: () => {} };
    a.mesh.attach(link);
    const nonce = '0'.repeat(32);
    a.mesh.receive(link, JSON.stringify({ t: 'hello', room: 'other', id: 'm', nonce }));
    a.mesh.receive(link, JSON.stringify({ t: 'hello', room: 'lab', id: 'n2', nonce }));
    expect(a.invalid.map(([kind]) => kind)).toEqual(['wrongRoom', 'spoofed']);
  });

  it('garbage, oversized and malformed frames are refused with a reason naming the field', () => {
    const a = node('a');
    const b = node('b');
    // `ab` is a's end of the link: what b sends arrives on it.
    const { ab } = connect({ id: 'a', node: a }, { id: 'b', node: b });
    const bad: unknown[] = [
      'not json',
      '[1,2]',
      42,
      'x'.repeat(MAX_FRAME_CHARS + 1),
      JSON.stringify({ t: 'msg', m: { type: 'heartbeat', from: 'b', incarnation: -1, joinedAt: 0 } }),
      JSON.stringify({ t: 'msg', m: { type: 'distress', from: 'b', bytes: '!!!' } }),
      JSON.stringify({ t: 'nope' }),
      JSON.stringify({ t: 'proof', mac: 'zz' }),
    ];
    for (const data of bad) a.mesh.receive(ab, data);
    expect(a.invalid.map(([, reason]) => reason)).toEqual([
      'p2p link from b: frame: not JSON',
      'p2p link from b: frame: expected an object',
      'p2p link from b: frame: expected text, got number',
      `p2p link from b: frame: ${MAX_FRAME_CHARS + 1} characters, more than ${MAX_FRAME_CHARS}`,
      'p2p link from b: message.incarnation: expected a non-negative integer up to 4294967295, got -1',
      'p2p link from b: message.bytes: expected base64 of 1–512 bytes, got "!!!"',
      'p2p link from b: frame.t: expected "hello", "proof" or "msg", got "nope"',
      'p2p link from b: frame.mac: expected 64 hex digits, got "zz"',
    ]);
    expect(a.mesh.counts.rejected).toMatchObject({ tooBig: 1, malformed: 7 });
    expect(a.inbox).toEqual([]);
    // The link still works afterwards.
    b.mesh.send('a', heartbeat('b'));
    expect(a.inbox).toEqual([heartbeat('b')]);
  });

  it('a peer sending faster than its rate is cut back to the rate, and recovers when it slows', () => {
    const a = node('a', KEY, 'lab', { ratePerSecond: 100, burst: 20 });
    const b = node('b');
    connect({ id: 'a', node: a }, { id: 'b', node: b });
    for (let i = 0; i < 100; i++) b.mesh.send('a', heartbeat('b'));
    // The burst less the hello and proof already taken.
    expect(a.inbox).toHaveLength(18);
    expect(a.mesh.counts.rejected.tooFast).toBe(82);
    a.clock.t += 1000;
    b.mesh.send('a', heartbeat('b'));
    expect(a.inbox).toHaveLength(19);
  });

  it('the mesh holds at most 32 nodes; the 33rd link is refused and closed', () => {
    const a = node('a');
    for (let i = 1; i <= 32; i++) {
      a.mesh.attach({ peer: `p${i}`, path: 'p2p', send: () => {}, close: () => {} });
    }
    expect(a.mesh.links()).toHaveLength(31);
    expect(a.mesh.counts.rejected.meshFull).toBe(1);
  });

  it('prefers the data channel, uses the relay without one, and a closed channel leaves the peer to silence', () => {
    const a = node('a');
    const b = node('b');
    const relay = connect({ id: 'a', node: a }, { id: 'b', node: b }, 'relay');
    expect(a.mesh.links()).toEqual([{ peer: 'b', path: 'relay' }]);
    const direct = connect({ id: 'a', node: a }, { id: 'b', node: b }, 'p2p');
    expect(a.mesh.links()).toEqual([{ peer: 'b', path: 'p2p' }]);
    const sentOnRelay: string[] = [];
    const relaySend = relay.ab.send;
    relay.ab.send = (text) => (sentOnRelay.push(text), relaySend(text));
    a.mesh.send('b', heartbeat('a'));
    expect(sentOnRelay).toEqual([]);
    a.mesh.detach(direct.ab);
    expect(a.mesh.links()).toEqual([{ peer: 'b', path: 'relay' }]);
    a.mesh.send('b', heartbeat('a'));
    expect(sentOnRelay).toHaveLength(1);
    expect(b.inbox).toHaveLength(2);
    a.mesh.detach(relay.ab);
    expect(a.mesh.links()).toEqual([]);
    a.mesh.send('b', heartbeat('a'));
    expect(a.mesh.counts.unreachable).toBe(1);
  });

  it('nothing a peer sends crashes the node (random bytes, random JSON)', () => {
    const a = node('a', KEY, 'lab', { ratePerSecond: 1e9, burst: 1e9 });
    const b = node('b');
    const { ab } = connect({ id: 'a', node: a }, { id: 'b', node: b });
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const pieces = [
      '{',
      '}',
      '"t"',
      ':',
      '"msg"',
      '"m"',
      ',',
      '[',
      ']',
      'null',
      '1e999',
      '"heartbeat"',
      '"type"',
      '"from"',
      '"b"',
    ];
    for (let i = 0; i < 2000; i++) {
      const n = 1 + Math.floor(rand() * 12);
      const text = Array.from({ length: n }, () => pieces[Math.floor(rand() * pieces.length)]).join('');
      expect(() => a.mesh.receive(ab, text)).not.toThrow();
    }
    // Every one of them was read and refused (none was silently skipped), and the link still works.
    const refused = Object.values(a.mesh.counts.rejected).reduce((x, y) => x + y, 0);
    expect(refused + a.inbox.length).toBe(2000);
    b.mesh.send('a', heartbeat('b'));
    expect(a.inbox.at(-1)).toEqual(heartbeat('b'));
  });
});
