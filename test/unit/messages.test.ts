import { describe, expect, it } from 'vitest';
import {
  clusterKeyFromSeed,
  fillReason,
  preformDistress,
  verifyDistress,
} from '../../src/core/distressSignal.ts';
import {
  MAX_DISTRESS_BYTES,
  messageFromWire,
  messageToWire,
  validateMessage,
} from '../../src/core/messages.ts';
import { createRng } from '../../src/core/rng.ts';
import type { Message, MessageType } from '../../src/core/types.ts';

const key = clusterKeyFromSeed(1);
const distressBytes = fillReason(
  preformDistress({ clusterId: 'lab', node: 'n1', incarnation: 2, key }),
  'offline',
);

// Keyed by every MessageType, so a new message type in types.ts fails to compile here until it has a sample.
const samples: { [K in MessageType]: Extract<Message, { type: K }> } = {
  heartbeat: { type: 'heartbeat', from: 'n1', incarnation: 0, joinedAt: 0 },
  distress: { type: 'distress', from: 'n1', bytes: distressBytes },
  report: { type: 'report', from: 'n2', peer: 'n1', verdict: 'failed', cause: 'distress', incarnation: 2 },
  'lease.renew': { type: 'lease.renew', from: 'n1', resource: 'db', term: 3, round: 17 },
  'lease.ack': { type: 'lease.ack', from: 'n2', resource: 'db', term: 3, round: 17, granted: true },
  'vote.request': { type: 'vote.request', from: 'n2', resource: 'web server', term: 4 },
  'vote.reply': { type: 'vote.reply', from: 'n3', resource: 'db', term: 4, granted: false, primary: 'n2' },
  join: { type: 'join', from: 'tab-7.a_b', incarnation: 4294967295, joinedAt: 1764000000000 },
  probe: { type: 'probe', from: 'n1', nonce: 1 },
  'probe.ack': { type: 'probe.ack', from: 'n2', nonce: 1 },
  evicted: { type: 'evicted', from: 'n1', incarnation: 5 },
};
const all = Object.values(samples) as Message[];

const reasonOf = (raw: unknown): string => {
  const result = validateMessage(raw);
  return result.ok ? 'accepted' : result.reason;
};

describe('validateMessage', () => {
  it('accepts a valid message of every type and returns a fresh, equal object', () => {
    for (const message of all) {
      const result = validateMessage(message);
      expect(result, message.type).toEqual({ ok: true, message });
      expect(result.ok && result.message).not.toBe(message);
    }
    expect(
      validateMessage({ type: 'report', from: 'n2', peer: 'n1', verdict: 'alive', incarnation: 0 }).ok,
    ).toBe(true);
    expect(
      validateMessage({ type: 'vote.reply', from: 'n3', resource: 'db', term: 0, granted: true }).ok,
    ).toBe(true);
  });

  it('says what is wrong and where', () => {
    const cases: [unknown, string][] = [
      [{ ...samples['lease.renew'], term: -1 }, 'message.term: expected a non-negative integer, got -1'],
      [{ ...samples['lease.ack'], round: 1.5 }, 'message.round: expected a non-negative integer, got 1.5'],
      [{ ...samples['vote.request'], term: '4' }, 'message.term: expected a non-negative integer, got "4"'],
      [
        { ...samples.heartbeat, incarnation: NaN },
        'message.incarnation: expected a non-negative integer up to 4294967295, got NaN',
      ],
      [
        { ...samples.join, incarnation: 2 ** 32 },
        'message.incarnation: expected a non-negative integer up to 4294967295, got 4294967296',
      ],
      [
        { ...samples.heartbeat, from: 'n 1' },
        'message.from: expected a node id (1–32 of A–Z a–z 0–9 _ . -), got "n 1"',
      ],
      [
        { ...samples.heartbeat, from: '' },
        'message.from: expected a node id (1–32 of A–Z a–z 0–9 _ . -), got ""',
      ],
      [
        { ...samples.report, peer: 'n'.repeat(33) },
        expect.stringMatching(/^message\.peer: expected a node id/),
      ],
      [
        { ...samples.report, verdict: 'dead' },
        'message.verdict: expected "alive", "failed" or "partitioned", got "dead"',
      ],
      [{ ...samples.report, cause: 'gone' }, expect.stringMatching(/^message\.cause: expected "distress", /)],
      [
        { ...samples['vote.reply'], primary: 7 },
        expect.stringMatching(/^message\.primary: expected a node id/),
      ],
      [{ ...samples['lease.ack'], granted: 'yes' }, 'message.granted: expected true or false, got "yes"'],
      [
        { ...samples['lease.renew'], resource: '' },
        'message.resource: expected a resource name (1–64 characters), got ""',
      ],
      [
        { ...samples.heartbeat, incarnation: undefined },
        'message.incarnation: expected a non-negative integer up to 4294967295, got nothing',
      ],
      [{ type: 'heartbeat', from: 'n1' }, 'message.incarnation: missing'],
      [{ ...samples.heartbeat, extra: 1 }, 'message.extra: unexpected field'],
      [
        JSON.parse('{"type":"join","from":"n1","incarnation":1,"joinedAt":0,"__proto__":{"x":1}}'),
        'message.__proto__: unexpected field',
      ],
      [
        { type: 'shutdown', from: 'n1' },
        expect.stringMatching(/^message\.type: expected one of heartbeat, .*probe.ack, got "shutdown"$/),
      ],
      [{ from: 'n1' }, expect.stringMatching(/^message\.type: expected one of .*, got nothing$/)],
      [42, 'message: expected an object, got 42'],
      [null, 'message: expected an object, got null'],
      [undefined, 'message: expected an object, got nothing'],
      [[samples.heartbeat], 'message: expected an object, got an array of 1 items'],
      [
        { ...samples.distress, bytes: [1, 2, 3] },
        'message.bytes: expected a Uint8Array of 1–512 bytes, got an array of 3 items',
      ],
      [
        { ...samples.distress, bytes: new Uint8Array(0) },
        'message.bytes: expected a Uint8Array of 1–512 bytes, got a Uint8Array of 0 bytes',
      ],
      [
        { ...samples.distress, bytes: new Uint8Array(MAX_DISTRESS_BYTES + 1) },
        'message.bytes: expected a Uint8Array of 1–512 bytes, got a Uint8Array of 513 bytes',
      ],
    ];
    for (const [raw, reason] of cases) expect(reasonOf(raw)).toEqual(reason);
  });

  it('never throws, whatever arrives', () => {
    const seed = 99;
    const rng = createRng(seed);
    const pick = <T>(items: T[]): T => items[rng.int(items.length)];
    const junk = (): unknown =>
      pick<unknown>([
        rng.next() * 2 - 1,
        -0,
        2 ** 53,
        'n1',
        '',
        null,
        undefined,
        true,
        [],
        {},
        new Uint8Array(3),
        Infinity,
      ]);
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
        has() {
          throw new Error('boom');
        },
      },
    );
    expect(validateMessage(hostile)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/could not be read/),
    });
    for (let i = 0; i < 2000; i++) {
      const base: Record<string, unknown> = { ...pick(all) };
      const field = pick([...Object.keys(base), 'type', 'extra']);
      base[field] = field === 'type' && rng.chance(0.5) ? pick(Object.keys(samples)) : junk();
      const replay = `seed ${seed}, case ${i}: npx vitest run test/unit/messages.test.ts -t "never throws"`;
      expect(() => validateMessage(base), replay).not.toThrow();
      expect(() => messageFromWire(base), replay).not.toThrow();
    }
  });
});

describe('wire form', () => {
  it('round-trips every message type through JSON', () => {
    for (const message of all) {
      const json = JSON.stringify(messageToWire(message));
      expect(messageFromWire(JSON.parse(json)), message.type).toEqual({ ok: true, message });
    }
  });

  it('carries distress bytes as base64, and they still verify on arrival', () => {
    const wire = messageToWire(samples.distress);
    expect(typeof wire.type === 'string' && wire.type === 'distress' && typeof wire.bytes).toBe('string');
    expect(samples.distress.bytes).toBe(distressBytes); // the input is not touched
    const result = messageFromWire(JSON.parse(JSON.stringify(wire)));
    if (!result.ok || result.message.type !== 'distress') throw new Error('expected a distress message');
    const verdict = verifyDistress(result.message.bytes, {
      clusterId: 'lab',
      key,
      currentIncarnation: () => 2,
    });
    expect(verdict).toEqual({ ok: true, node: 'n1', incarnation: 2, reason: 'offline' });
  });

  it('refuses distress bytes that are not strict base64 of a sane length', () => {
    const bad: unknown[] = [
      '',
      'AQID/w',
      'AQ ID/w==',
      'AQID/w==\n',
      '!!!!',
      'A'.repeat(688),
      [1, 2, 3],
      5,
      undefined,
    ];
    for (const bytes of bad) {
      const result = messageFromWire({ type: 'distress', from: 'n1', bytes });
      expect(result.ok, JSON.stringify(bytes)).toBe(false);
      expect(!result.ok && result.reason).toMatch(/^message\.bytes: expected /);
    }
    expect(messageFromWire({ type: 'distress', from: 'n 1', bytes: 'AQID' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^message\.from: /),
    });
  });

  it('validates non-distress messages exactly like validateMessage', () => {
    expect(messageFromWire({ ...samples['lease.renew'], term: -1 })).toEqual(
      validateMessage({ ...samples['lease.renew'], term: -1 }),
    );
  });
});
