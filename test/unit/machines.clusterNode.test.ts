// One ClusterNode on its own, on a virtual clock, its network a list of sent messages: what it
// sends when it sees its death coming, what its snapshot says meanwhile, and what it makes of a
// distress it receives (§0042–§0052).
import { describe, expect, it } from 'vitest';
import { preformDistress, fillReason, verifyDistress } from '../../src/core/distressSignal.ts';
import type { Message } from '../../src/core/types.ts';
import { ClusterNode } from '../../src/machines/clusterNode.ts';
import { fakeNodeEnv } from './fakeNodeEnv.ts';

function node(id = 'n1', fields: Record<string, unknown> = {}) {
  const f = fakeNodeEnv(fields);
  const n = new ClusterNode(id, f.env);
  n.start();
  const distress = () => f.sentOf('distress').map((s) => s.message as Extract<Message, { type: 'distress' }>);
  return { ...f, n, distress };
}

describe('cluster node', () => {
  it('battery loss: drops its roles, hands the distress to the dedicated task, which sends it 1.05 ms later', () => {
    const h = node('n1');
    h.clock.runUntil(10_000);
    h.n.failureImminent('power-loss-battery', 60_000);
    const during = h.n.snapshot(null);
    expect(during).toMatchObject({
      sendingNow: true,
      sendPath: 'async',
      truth: 'alive',
      roles: { db: 'none' },
    });
    expect(during.impending).toMatchObject({ mode: 'async', deathAt: 70_000, shutdownDoneAt: 13_000 });
    expect(h.distress()).toEqual([]);
    h.clock.runUntil(10_001.05);
    const [sent] = h.distress();
    const verdict = verifyDistress(sent.bytes, {
      clusterId: h.env.clusterId,
      key: h.env.clusterKey,
      currentIncarnation: () => 1,
    });
    expect(verdict).toMatchObject({ ok: true, node: 'n1', reason: 'power-loss-battery' });
    const after = h.n.snapshot(null);
    expect(after).toMatchObject({ sendingNow: false, sendPath: 'async', truth: 'fenced' });
    expect(h.n.sentDistress).toBe(true);
    expect(h.kinds()).toEqual(expect.arrayContaining(['failure.detected', 'distress.sent', 'node.fenced']));
  });

  it('a hurried failure is sent sync on the current task; dying first loses it (distress.lost)', () => {
    const sync = node('n1');
    sync.n.failureImminent('os-crash', 5);
    expect(sync.n.snapshot(null).sendPath).toBe('sync');
    sync.clock.runUntil(0.05);
    expect(sync.distress()).toHaveLength(1);
    const lost = node('n1', { options: { preformed: false } });
    lost.n.failureImminent('os-crash', 5);
    lost.clock.runUntil(5);
    lost.n.powerLost('os-crash');
    lost.clock.runUntil(100);
    expect(lost.distress()).toEqual([]);
    expect(lost.kinds()).toEqual(expect.arrayContaining(['distress.lost', 'node.died']));
  });

  it('believes a verified distress at once, and rejects a replay from an earlier life', () => {
    const h = node('n2');
    const cluster = { clusterId: h.env.clusterId, key: h.env.clusterKey };
    const replay = fillReason(preformDistress({ ...cluster, node: 'n1', incarnation: 0 }), 'x');
    h.deliver({ type: 'distress', from: 'n1', bytes: replay });
    expect(h.n.snapshot(null).beliefs).toEqual({});
    expect(h.kinds()).toContain('distress.rejected');
    const real = fillReason(preformDistress({ ...cluster, node: 'n1', incarnation: 1 }), 'power-loss');
    h.deliver({ type: 'distress', from: 'n1', bytes: real });
    expect(h.n.snapshot(null).beliefs).toEqual({ n1: 'failed' });
    // The first backup takes over at once (manual policy: no administrator needed after a distress).
    expect(h.n.snapshot(null).roles).toEqual({ db: 'primary' });
  });

  it('after recovery it stays offline, serving nothing, until it rejoins as a new life', () => {
    const h = node('n1');
    h.n.crash();
    expect(h.n.truth()).toBe('dead');
    h.n.recover();
    expect(h.n.isOffline()).toBe(true);
    expect(h.n.snapshot(null)).toMatchObject({ truth: 'offline', roles: { db: 'none' } });
    h.n.rejoin();
    expect(h.n.snapshot(null)).toMatchObject({ truth: 'alive', incarnation: 2, roles: { db: 'backup' } });
    expect(h.sentOf('join')).toHaveLength(1);
  });
});
