// The sending side of the distress signal on its own (§0042–§0045): what leaves, on which task, when.
import { describe, expect, it } from 'vitest';
import { clusterKeyFromSeed, verifyDistress, type DistressIdentity } from '../../src/core/distressSignal.ts';
import { sendPath } from '../../src/core/sendPath.ts';
import type { Costs, SendMode } from '../../src/core/types.ts';
import {
  DistressSender,
  inThreadDistressTask,
  type ReadyDistress,
  type StartDistressTask,
} from '../../src/machines/distressSender.ts';
import { VirtualClock } from '../../src/sim/virtualClock.ts';

const COSTS: Costs = { sendMs: 0.05, wakeTaskMs: 1, composeMs: 20, orderlyShutdownMs: 3000 };
const ID: DistressIdentity = { clusterId: 'c1', node: 'n1', incarnation: 3, key: clusterKeyFromSeed(5) };

function setUp(preformed: boolean, startTask?: StartDistressTask) {
  const clock = new VirtualClock();
  const wire: Array<{ t: number; bytes: Uint8Array }> = [];
  const left: Array<{ t: number; mode: SendMode; reason: string }> = [];
  const sender = new DistressSender({
    preformed,
    wire: (bytes) => wire.push({ t: clock.now(), bytes: bytes.slice() }),
    left: (mode, reason) => left.push({ t: clock.now(), mode, reason }),
    startTask: startTask ?? inThreadDistressTask(clock, COSTS),
  });
  sender.arm(ID);
  return { clock, sender, wire, left };
}

/** What a receiver makes of the bytes: the node, its incarnation and the reason, or why it refused. */
function verify(bytes: Uint8Array) {
  return verifyDistress(bytes, { clusterId: 'c1', key: ID.key, currentIncarnation: () => 3 });
}

describe('distress sender', () => {
  it('sync: the ready bytes leave at once on the current task, with the reason, and verify', () => {
    const { sender, wire, left } = setUp(true);
    sender.sendSync('power-loss');
    expect(wire).toHaveLength(1);
    expect(verify(wire[0].bytes)).toMatchObject({ ok: true, node: 'n1', reason: 'power-loss' });
    expect(left).toEqual([{ t: 0, mode: 'sync', reason: 'power-loss' }]);
    expect(sender.sent).toBe(true);
  });

  it('async: handed to the dedicated task, it leaves when core/sendPath says, and only once', () => {
    for (const preformed of [true, false]) {
      const { clock, sender, wire, left } = setUp(preformed);
      clock.runUntil(500);
      sender.handOver('power-loss-battery');
      sender.handOver('power-loss-battery');
      expect(wire).toEqual([]);
      clock.runUntil(600);
      const { leavesAt } = sendPath({
        failure: 'power-loss-battery',
        warningMs: 60_000,
        mode: 'async',
        preformed,
        costs: COSTS,
        detectedAt: 500,
      });
      expect(left).toEqual([{ t: leavesAt, mode: 'async', reason: 'power-loss-battery' }]);
      expect(verify(wire[0].bytes)).toMatchObject({ ok: true, reason: 'power-loss-battery' });
    }
  });

  it('stopped (the node died) before the task sends: nothing leaves', () => {
    const { clock, sender, wire, left } = setUp(true);
    sender.handOver('disk-failing');
    clock.runUntil(0.5);
    sender.stop();
    clock.runUntil(100);
    expect(wire).toEqual([]);
    expect(left).toEqual([]);
    expect(sender.sent).toBe(false);
  });

  it('a new life (rejoin) readies a message of the new incarnation and may send again', () => {
    const { sender, wire } = setUp(true);
    sender.sendSync('os-crash');
    sender.arm({ ...ID, incarnation: 4 });
    expect(sender.sent).toBe(false);
    sender.sendSync('os-crash');
    const fresh = verifyDistress(wire[1].bytes, {
      clusterId: 'c1',
      key: ID.key,
      currentIncarnation: () => 4,
    });
    expect(fresh).toMatchObject({ ok: true, incarnation: 4 });
    expect(verify(wire[0].bytes)).toMatchObject({ ok: true, incarnation: 3 });
  });

  it('the dedicated task gets plain data only, so it can run on another thread', () => {
    // A stand-in for a Web Worker: it may only keep a structured clone of what it is given.
    const given: ReadyDistress[] = [];
    let queued: ((reason: string) => void) | null = null;
    const worker: StartDistressTask = (ready, wire, left) => {
      const copy = structuredClone(ready);
      given.push(copy);
      queued = (reason) => {
        if (copy.kind !== 'preformed') throw new Error('expected ready bytes');
        const bytes = copy.bytes;
        new TextEncoder().encodeInto(reason, bytes.subarray(copy.reasonOffset + 1));
        bytes[copy.reasonOffset] = reason.length;
        wire(bytes);
        left(reason);
      };
      return { queue: (reason) => queued?.(reason), stop: () => (queued = null) };
    };
    const { sender, wire, left } = setUp(true, worker);
    expect(given[0].kind).toBe('preformed');
    sender.handOver('disk-failing');
    expect(left).toEqual([{ t: 0, mode: 'async', reason: 'disk-failing' }]);
    expect(verify(wire[0].bytes)).toMatchObject({ ok: true, reason: 'disk-failing' });
  });
});
