import { describe, expect, it } from 'vitest';
import { parseRoute } from '../../src/ui/route.ts';
import { preformDistress } from '../../src/core/distressSignal.ts';
import { open, seal, MAX_ENVELOPE_CHARS, type Body } from '../../src/core/liveEnvelope.ts';
import {
  checkSettings,
  DEFAULT_SETTINGS,
  parseLiveRoute,
  practiceKey,
  roomLink,
} from '../../src/core/liveRoom.ts';

const key = new Uint8Array(32).fill(7);
const other = new Uint8Array(32).fill(8);
const hello: Body = {
  kind: 'hello',
  phase: 'forming',
  incarnation: 1,
  joinedAt: 5,
  formedAt: 0,
  settings: { ...DEFAULT_SETTINGS },
};
const post = (body: Body, k = key, from = 'n1') =>
  seal(k, { from, sid: 'abc', seq: 3, t: 10, to: null, body });
// What a BroadcastChannel does to a post: a structured clone.
const clone = <T>(x: T): T => structuredClone(x);

describe('live envelopes: sealed with the room key', () => {
  it('a sealed post opens with the same key, after a structured clone', () => {
    const r = open(clone(post(hello)), key);
    expect(r.ok && r.envelope.body).toEqual(hello);
  });

  it('a post sealed with another key is refused, naming the seal', () => {
    expect(open(clone(post(hello, other)), key)).toEqual({
      ok: false,
      from: 'n1',
      reason: 'mac: does not match the room key (wrong key, or altered on the way)',
    });
  });

  it('altering any field after sealing breaks the seal', () => {
    const e = clone(post({ kind: 'admin', action: 'keep-waiting', peer: 'n2' }));
    (e.body as { action: string }).action = 'mark-failed';
    expect(open(e, key)).toMatchObject({ ok: false, reason: expect.stringMatching(/^mac:/) });
    const f = clone(post(hello));
    f.seq = 99;
    expect(open(f, key).ok).toBe(false);
  });

  it('malformed, unknown and oversized posts are refused with the field named', () => {
    expect(open('hello', key)).toMatchObject({
      ok: false,
      from: '(unnamed)',
      reason: expect.stringMatching(/^envelope/),
    });
    expect(open({ ...post(hello), seq: -1 }, key)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^envelope\.seq/),
    });
    expect(open(post({ kind: 'nope' } as unknown as Body), key)).toMatchObject({
      reason: 'body.kind: unknown kind "nope"',
    });
    const events = Array.from({ length: 390 }, (_, i) => ({
      t: i,
      kind: 'node.paused',
      node: 'n1',
      ms: 'x'.repeat(200),
    }));
    const big = post({ kind: 'trace', events } as unknown as Body);
    expect(JSON.stringify(big.body).length).toBeGreaterThan(MAX_ENVELOPE_CHARS);
    expect(open(big, key)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^envelope: oversized/),
    });
    const badSettings = post({ ...hello, settings: { ...DEFAULT_SETTINGS, nodes: 99 } } as Body);
    expect(open(badSettings, key)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^body\.settings\.nodes/),
    });
  });

  it('a distress carries its own signature: it needs no seal, and a seal on it is refused', () => {
    const bytes = preformDistress({ clusterId: 'live:r', node: 'n1', incarnation: 1, key }).bytes;
    const distress: Body = { kind: 'cluster', message: { type: 'distress', from: 'n1', bytes } };
    const e = post(distress);
    expect(e.mac).toBe('');
    expect(open(clone(e), other).ok).toBe(true); // the node verifies the bytes (and rejects a wrong key there)
    expect(open({ ...e, mac: 'a'.repeat(64) }, key)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^mac/),
    });
    expect(open(post(distress, key, 'n2'), key)).toMatchObject({
      ok: false,
      reason: 'body.message.from: differs from the sender',
    });
  });
});

describe('live rooms: links and settings', () => {
  it('a link round-trips room, key and settings; no key means the practice key of the name', () => {
    const settings = {
      ...DEFAULT_SETTINGS,
      nodes: 4,
      policy: 'quorum' as const,
      heartbeatMs: 200,
      timeoutMs: 800,
    };
    const r = parseLiveRoute(roomLink('room-a', key, settings));
    expect(r).toEqual({ page: 'node', room: 'room-a', key, practice: false, settings });
    const p = parseLiveRoute(roomLink('room-a', null, settings, true));
    expect(p).toMatchObject({ page: 'observe', practice: true, key: practiceKey('room-a') });
    expect(parseLiveRoute('#/live')).toEqual({ page: 'start' });
    // The app opens live mode for every #/live link, with or without a room.
    expect(parseRoute('#/live')).toEqual({ page: 'live' });
    expect(parseRoute('#/live?room=a&observe')).toEqual({ page: 'live' });
  });

  it('a damaged link says what is wrong with it', () => {
    const r = parseLiveRoute('#/live?room=a b&key=12&nodes=40&policy=nope');
    expect(r.page).toBe('error');
    const errors = r.page === 'error' ? r.errors.join('\n') : '';
    expect(errors).toMatch(/link room/);
    expect(errors).toMatch(/link key: expected 64 hexadecimal digits/);
    expect(errors).toMatch(/link\.nodes: expected a whole number from 2 to 8, got 40/);
    expect(errors).toMatch(/link\.policy/);
  });

  it('settings that make no sense are refused: a timeout shorter than the heartbeat, more resources than nodes', () => {
    expect(checkSettings({ ...DEFAULT_SETTINGS, heartbeatMs: 1000, timeoutMs: 500 })).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/timeoutMs: must be longer/)],
    });
    expect(checkSettings({ ...DEFAULT_SETTINGS, nodes: 2, resources: 3 })).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/resources: at most one per node/)],
    });
  });
});
