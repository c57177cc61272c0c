import { hmac } from '@noble/hashes/hmac.js';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DISTRESS_MAX_BYTES,
  REASON_MAX_BYTES,
  REASON_SLOT_BYTES,
  clusterKeyFromSeed,
  composeDistress,
  constantTimeEqual,
  fillReason,
  forgeDistress,
  preformDistress,
  randomClusterKey,
  verifyDistress,
} from '../../src/core/distressSignal.ts';
import type { DistressIdentity, VerifyDistressOptions } from '../../src/core/distressSignal.ts';
import {
  composeDistressWebCrypto,
  importDistressKey,
  preformDistressWebCrypto,
  verifyDistressWebCrypto,
} from '../../src/core/distressWebCrypto.ts';
import { createRng } from '../../src/core/rng.ts';

// Count every HMAC computed by the code under test: the proof that fillReason never signs.
vi.mock('@noble/hashes/hmac.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@noble/hashes/hmac.js')>();
  return { ...actual, hmac: Object.assign(vi.fn(actual.hmac), { create: actual.hmac.create }) };
});
const hmacCalls = (): number => vi.mocked(hmac).mock.calls.length;

const KEY = clusterKeyFromSeed(42);
const n1: DistressIdentity = { clusterId: 'lab', node: 'n1', incarnation: 3, key: KEY };
const members: Record<string, number> = { n1: 3, n2: 0, n3: 7 };
const receiver: VerifyDistressOptions = {
  clusterId: 'lab',
  key: KEY,
  currentIncarnation: (node) => members[node],
};
const subtle = globalThis.crypto.subtle;
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

beforeEach(() => {
  vi.mocked(hmac).mockClear(); // block body: a function returned from beforeEach would run as teardown
});

describe('byte layout', () => {
  it('is MAYDAY, version, cluster, node, incarnation, MAC, then the 32-byte reason slot', () => {
    const { bytes, reasonOffset } = preformDistress(n1);
    expect(new TextDecoder().decode(bytes.subarray(0, 6))).toBe('MAYDAY');
    expect(bytes[6]).toBe(1);
    expect([bytes[7], ...bytes.subarray(8, 11)]).toEqual([3, ...new TextEncoder().encode('lab')]);
    expect([bytes[11], ...bytes.subarray(12, 14)]).toEqual([2, 0x6e, 0x31]);
    expect([...bytes.subarray(14, 18)]).toEqual([0, 0, 0, 3]);
    expect(bytes.subarray(18, 50)).toEqual(
      hmac(vi.mocked(hmac).mock.calls[0][0], KEY, bytes.subarray(0, 18)),
    );
    expect(reasonOffset).toBe(50);
    expect(bytes.length).toBe(77 + 3 + 2);
    expect(bytes.subarray(reasonOffset).every((b) => b === 0)).toBe(true);
  });

  it('stays under the transport cap at the largest cluster and node ids', () => {
    const big = { ...n1, clusterId: 'c'.repeat(255), node: 'n'.repeat(32) };
    expect(preformDistress(big).bytes.length).toBe(DISTRESS_MAX_BYTES);
    expect(DISTRESS_MAX_BYTES).toBeLessThanOrEqual(512);
  });
});

describe('pre-formed message (§0045, §0050)', () => {
  it('pre-formed message: built once at start, only the reason slot changes at failure time', () => {
    const pre = preformDistress(n1);
    expect(hmacCalls()).toBe(1);
    const pristine = pre.bytes.slice();

    const sent = fillReason(pre, 'power-loss');
    const again = fillReason(pre, 'os-crash');

    // No signing at failure time, however many reasons are filled in.
    expect(hmacCalls()).toBe(1);
    // Every byte before the slot (header, ids, incarnation, MAC) is the start-up byte.
    expect(sent.subarray(0, pre.reasonOffset)).toEqual(pristine.subarray(0, pre.reasonOffset));
    expect(again.subarray(0, pre.reasonOffset)).toEqual(pristine.subarray(0, pre.reasonOffset));
    expect(sent.length).toBe(pristine.length);
    expect(sent[pre.reasonOffset]).toBe('power-loss'.length);
    // A copy: the pre-formed bytes stay as they were and can be used again.
    expect(sent).not.toBe(pre.bytes);
    expect(pre.bytes).toEqual(pristine);
    expect(Object.isFrozen(pre) && Object.isFrozen(pre.message)).toBe(true);
    expect(pre.message).toEqual({ header: 'MAYDAY', clusterId: 'lab', node: 'n1', incarnation: 3 });
    expect(verifyDistress(sent, receiver)).toEqual({
      ok: true,
      node: 'n1',
      incarnation: 3,
      reason: 'power-loss',
    });
    expect(verifyDistress(again, receiver)).toMatchObject({ ok: true, reason: 'os-crash' });
  });

  it('compose (the pre-patent baseline) gives the same bytes as preform + fill, but signs every time', () => {
    const pre = preformDistress(n1);
    for (const reason of ['', 'power-loss-battery', 'disk-failing', 'é'.repeat(40), '⚡'.repeat(20)]) {
      const before = hmacCalls();
      expect(hex(composeDistress(n1, reason))).toBe(hex(fillReason(pre, reason)));
      expect(hmacCalls()).toBe(before + 1);
    }
  });

  it('cuts a long reason on a UTF-8 character boundary', () => {
    const pre = preformDistress(n1);
    const cases: [string, string][] = [
      ['x'.repeat(40), 'x'.repeat(31)],
      ['é'.repeat(20), 'é'.repeat(15)], // 2-byte characters: 30 bytes fit, the 16th would not
      ['ab' + '😀'.repeat(10), 'ab' + '😀'.repeat(7)], // 4-byte characters: 2 + 28 bytes
      ['a\uD800b', 'a\uFFFDb'], // a lone surrogate becomes U+FFFD rather than broken bytes
    ];
    for (const [reason, received] of cases) {
      const bytes = fillReason(pre, reason);
      expect(bytes[pre.reasonOffset]).toBeLessThanOrEqual(REASON_MAX_BYTES);
      expect(verifyDistress(bytes, receiver)).toMatchObject({ ok: true, reason: received });
    }
  });

  it('refuses an identity it cannot encode, naming the field', () => {
    expect(() => preformDistress({ ...n1, node: 'n 1' })).toThrow(/^node: /);
    expect(() => preformDistress({ ...n1, node: 'n'.repeat(33) })).toThrow(/^node: /);
    expect(() => preformDistress({ ...n1, clusterId: '' })).toThrow(/^clusterId: /);
    expect(() => preformDistress({ ...n1, clusterId: 'c'.repeat(256) })).toThrow(/^clusterId: /);
    expect(() => preformDistress({ ...n1, clusterId: 'a\uD800' })).toThrow(/surrogate/);
    expect(() => preformDistress({ ...n1, incarnation: -1 })).toThrow(/^incarnation: /);
    expect(() => preformDistress({ ...n1, incarnation: 2 ** 32 })).toThrow(/^incarnation: /);
    expect(() => preformDistress({ ...n1, incarnation: 1.5 })).toThrow(/^incarnation: /);
    expect(() => preformDistress({ ...n1, key: new Uint8Array(8) })).toThrow(/^key: /);
  });
});

describe('verifyDistress', () => {
  it('forged distress rejected (bad-signature): an attacker without the key cannot fence a healthy node', () => {
    const forged = forgeDistress('n2', 'lab', 0, 'power-loss');
    expect(verifyDistress(forged, receiver)).toMatchObject({ ok: false, reason: 'bad-signature' });
    // Signed with another cluster's key, or one bit of the signed part flipped.
    const otherKey = composeDistress({ ...n1, key: clusterKeyFromSeed(43) }, 'x');
    expect(verifyDistress(otherKey, receiver)).toMatchObject({ ok: false, reason: 'bad-signature' });
    const tampered = fillReason(preformDistress(n1), 'x');
    tampered[17] ^= 1; // incarnation 3 → 2
    expect(verifyDistress(tampered, receiver)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('a forgery stays a forgery: the MAC is checked before membership and incarnation', () => {
    expect(verifyDistress(forgeDistress('n9', 'lab', 0, ''), receiver)).toMatchObject({
      reason: 'bad-signature',
    });
    expect(verifyDistress(forgeDistress('n3', 'lab', 1, ''), receiver)).toMatchObject({
      reason: 'bad-signature',
    });
  });

  it('replay of an earlier incarnation rejected (stale-incarnation)', () => {
    const fromEarlierLife = fillReason(preformDistress({ ...n1, node: 'n3', incarnation: 6 }), 'power-loss');
    const verdict = verifyDistress(fromEarlierLife, receiver);
    expect(verdict).toMatchObject({ ok: false, reason: 'stale-incarnation' });
    expect(!verdict.ok && verdict.detail).toMatch(/incarnation 7.*incarnation 6/);
    // The current life, and a newer one the receiver has not heard of yet, are accepted.
    expect(verifyDistress(composeDistress({ ...n1, node: 'n3', incarnation: 7 }, ''), receiver).ok).toBe(
      true,
    );
    expect(verifyDistress(composeDistress({ ...n1, node: 'n3', incarnation: 8 }, ''), receiver).ok).toBe(
      true,
    );
  });

  it('rejects a node it does not know (unknown-node) and another cluster (wrong-cluster)', () => {
    const stranger = composeDistress({ ...n1, node: 'n9' }, '');
    expect(verifyDistress(stranger, receiver)).toMatchObject({ ok: false, reason: 'unknown-node' });
    const elsewhere = composeDistress({ ...n1, clusterId: 'prod' }, '');
    expect(verifyDistress(elsewhere, receiver)).toMatchObject({ ok: false, reason: 'wrong-cluster' });
  });

  it('does not authenticate the reason (filled at failure time, outside the MAC): it is informative only', () => {
    const bytes = fillReason(preformDistress(n1), 'disk-failing');
    bytes.set(new TextEncoder().encode('os-crashing!'), 51);
    expect(verifyDistress(bytes, receiver)).toMatchObject({ ok: true, node: 'n1', reason: 'os-crashing!' });
  });

  it('malformed: random bytes, truncations and wrong types never throw and are never accepted', () => {
    const seed = 20240610;
    const rng = createRng(seed);
    const genuine = fillReason(preformDistress(n1), 'power-loss');
    const header = genuine.subarray(0, 12); // MAYDAY, version, cluster 'lab', node length: reach deep parsing
    for (let i = 0; i < 1000; i++) {
      const bytes = new Uint8Array(rng.int(400));
      for (let j = 0; j < bytes.length; j++) bytes[j] = rng.int(256);
      if (i % 2 === 1) bytes.set(header.subarray(0, Math.min(header.length, bytes.length)));
      const verdict = verifyDistress(bytes, receiver);
      const replay = `seed ${seed}, case ${i}: npx vitest run test/unit/distressSignal.test.ts -t malformed`;
      expect(verdict.ok, replay).toBe(false);
    }
    for (let length = 0; length < genuine.length; length++) {
      expect(verifyDistress(genuine.subarray(0, length), receiver)).toMatchObject({ reason: 'malformed' });
    }
    const longer = new Uint8Array(genuine.length + 1);
    longer.set(genuine);
    expect(verifyDistress(longer, receiver)).toMatchObject({ reason: 'malformed' });
    const badPadding = genuine.slice();
    badPadding[badPadding.length - 1] = 1;
    expect(verifyDistress(badPadding, receiver)).toMatchObject({ reason: 'malformed' });

    const hostile = new Proxy(
      {},
      {
        getPrototypeOf() {
          throw new Error('boom');
        },
      },
    );
    const wrongTypes = [
      undefined,
      null,
      'MAYDAY',
      42,
      [...genuine],
      genuine.buffer,
      new DataView(genuine.buffer),
      {},
      hostile,
    ];
    for (const input of wrongTypes) {
      expect(verifyDistress(input, receiver)).toMatchObject({ ok: false, reason: 'malformed' });
    }
  });

  it('mutated genuine messages never throw, and pass only while every signed byte is intact', () => {
    const seed = 7;
    const rng = createRng(seed);
    const pre = preformDistress(n1);
    const genuine = fillReason(pre, 'power-loss');
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const bytes = genuine.slice();
      for (let k = 1 + rng.int(3); k > 0; k--) bytes[rng.int(bytes.length)] = rng.int(256);
      const verdict = verifyDistress(bytes, receiver);
      seen.add(verdict.ok ? 'ok' : verdict.reason);
      if (verdict.ok) {
        const replay = `seed ${seed}, case ${i}: npx vitest run test/unit/distressSignal.test.ts -t mutated`;
        expect(bytes.subarray(0, pre.reasonOffset), replay).toEqual(genuine.subarray(0, pre.reasonOffset));
      }
    }
    expect([...seen].sort()).toEqual(['bad-signature', 'malformed', 'ok', 'wrong-cluster']);
  });

  it('reads a message that sits inside a larger buffer (a subarray)', () => {
    const genuine = fillReason(preformDistress(n1), 'power-loss');
    const frame = new Uint8Array(genuine.length + 10);
    frame.set(genuine, 5);
    expect(verifyDistress(frame.subarray(5, 5 + genuine.length), receiver).ok).toBe(true);
  });
});

describe('keys', () => {
  it('clusterKeyFromSeed is 32 deterministic bytes per seed', () => {
    expect(clusterKeyFromSeed(42)).toHaveLength(32);
    expect(hex(clusterKeyFromSeed(42))).toBe(hex(clusterKeyFromSeed(42)));
    expect(hex(clusterKeyFromSeed(42))).not.toBe(hex(clusterKeyFromSeed(43)));
  });

  it('randomClusterKey fills 32 bytes from the function it is given', () => {
    const key = randomClusterKey((array) => globalThis.crypto.getRandomValues(array));
    expect(key).toHaveLength(32);
    expect(() => randomClusterKey(() => undefined)).toThrow(/all zeros/);
  });

  it('constantTimeEqual compares contents and lengths', () => {
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1]))).toBe(false);
  });
});

describe('noble (simulator) and WebCrypto (live) agree', () => {
  it('produce identical bytes, pre-formed and composed', async () => {
    for (const id of [n1, { ...n1, clusterId: 'salle-B ☕', node: 'tab-7.x_y', incarnation: 2 ** 32 - 1 }]) {
      const noble = preformDistress(id);
      const web = await preformDistressWebCrypto(id, subtle);
      expect(hex(web.bytes)).toBe(hex(noble.bytes));
      expect(web.reasonOffset).toBe(noble.reasonOffset);
      expect(web.message).toEqual(noble.message);
      const key = await importDistressKey(id.key, subtle);
      expect(hex(await composeDistressWebCrypto(id, 'pagehide', subtle, key))).toBe(
        hex(composeDistress(id, 'pagehide')),
      );
    }
  });

  it('verify each other’s messages, with the same verdicts', async () => {
    const web = fillReason(await preformDistressWebCrypto(n1, subtle), 'offline');
    expect(verifyDistress(web, receiver)).toEqual({
      ok: true,
      node: 'n1',
      incarnation: 3,
      reason: 'offline',
    });
    const cryptoKey = await importDistressKey(KEY, subtle);
    const inputs: unknown[] = [
      fillReason(preformDistress(n1), 'offline'),
      forgeDistress('n2', 'lab', 0, ''),
      composeDistress({ ...n1, node: 'n3', incarnation: 6 }, ''),
      composeDistress({ ...n1, node: 'n9' }, ''),
      composeDistress({ ...n1, clusterId: 'prod' }, ''),
      new Uint8Array(100),
      'not bytes',
    ];
    for (const input of inputs) {
      const expected = verifyDistress(input, receiver);
      expect(await verifyDistressWebCrypto(input, receiver, subtle)).toEqual(expected);
      expect(await verifyDistressWebCrypto(input, { ...receiver, key: cryptoKey }, subtle)).toEqual(expected);
    }
  });
});

it('uses the documented slot size', () => {
  expect(REASON_SLOT_BYTES).toBe(32);
});
