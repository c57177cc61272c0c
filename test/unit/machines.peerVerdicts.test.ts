// The verdicts on their own, on a virtual clock: what a node concludes about a silent peer under
// each policy, which verdicts it reports to the others, and how eviction and healing end a
// partition. The heartbeat ring under it is the real one; the network is a list of sent messages.
import { describe, expect, it } from 'vitest';
import type { Belief } from '../../src/core/snapshot.ts';
import type { FailedCause, Message, NodeId } from '../../src/core/types.ts';
import { HeartbeatRing } from '../../src/machines/heartbeatRing.ts';
import { PeerVerdicts } from '../../src/machines/peerVerdicts.ts';
import { fakeNodeEnv } from './fakeNodeEnv.ts';

function verdicts(fields: Record<string, unknown> = {}, id = 'n1') {
  const f = fakeNodeEnv(fields);
  const changes: Array<{ peer: NodeId; belief: Belief; cause: FailedCause | null }> = [];
  const quorum: boolean[] = [];
  let cutOffs = 0;
  const v = new PeerVerdicts(f.env, f.nodeClock, {
    id,
    beliefsChanged: (peer, belief, cause) => void changes.push({ peer, belief, cause }),
    quorumChanged: (majority) => void quorum.push(majority),
    cutOff: () => void cutOffs++,
  });
  const ring = new HeartbeatRing(f.env, f.nodeClock, id, 1, v);
  v.attach(ring);
  const reports = () =>
    f.sentOf('report').map((s) => {
      const m = s.message as Extract<Message, { type: 'report' }>;
      return `${m.peer} ${m.verdict}${m.cause ? ` (${m.cause})` : ''}`;
    });
  return { ...f, v, ring, changes, quorum, reports, cutOffs: () => cutOffs };
}

const RETRY = 1000; // heartbeat.intervalMs: the retry window after a timeout (§0020)

describe('peer verdicts', () => {
  it('silence alone says partitioned (cause unknown), reported by the watcher; the policy then waits', () => {
    const h = verdicts({ policy: 'manual' });
    h.ring.tick(() => {}); // n1 now watches n2 and n5
    h.v.silent('n2');
    expect(h.v.belief('n2')).toBe('suspect');
    h.clock.runUntil(RETRY);
    expect(h.v.belief('n2')).toBe('partitioned');
    expect(h.reports()).toEqual(['n2 partitioned']);
    expect(h.admin).toEqual(['n2']);
    expect(h.kinds()).toEqual(['peer.suspect', 'peer.partitioned']);
  });

  it('under aggressive, silence is failure: failed by timeout', () => {
    const h = verdicts({ policy: 'aggressive' });
    h.ring.tick(() => {});
    h.v.silent('n2');
    h.clock.runUntil(RETRY);
    expect(h.v.belief('n2')).toBe('failed');
    expect(h.v.cause('n2')).toBe('timeout');
    expect(h.reports()).toEqual(['n2 failed (timeout)']);
  });

  it('a verified distress fails the peer at once under every policy, and nobody has to report it', () => {
    for (const policy of ['manual', 'quorum', 'fencing', 'aggressive']) {
      const h = verdicts({ policy });
      h.v.failed('n2', 'distress', 1, 'observed');
      expect(h.v.belief('n2'), policy).toBe('failed');
      expect(h.changes.at(-1)).toEqual({ peer: 'n2', belief: 'failed', cause: 'distress' });
      expect(h.reports(), policy).toEqual([]);
      expect(h.admin, policy).toEqual([]);
    }
  });

  it('a verdict adopted from another node is believed but not passed on', () => {
    const h = verdicts();
    h.clock.runUntil(10_000); // n3 last heard at 0: long enough ago to believe the report
    h.v.adoptReport({ type: 'report', from: 'n2', peer: 'n3', verdict: 'partitioned', incarnation: 1 });
    expect(h.v.belief('n3')).toBe('partitioned');
    expect(h.reports()).toEqual([]);
    // A report that a peer heard from just now went silent is not believed; its distress is.
    h.ring.heardFrom(3);
    h.v.adoptReport({ type: 'report', from: 'n2', peer: 'n4', verdict: 'partitioned', incarnation: 1 });
    h.v.adoptReport({ type: 'report', from: 'n2', peer: 'n4', verdict: 'failed', incarnation: 1 });
    expect(h.v.belief('n4')).toBe('alive');
    h.v.adoptReport({
      type: 'report',
      from: 'n2',
      peer: 'n4',
      verdict: 'failed',
      incarnation: 1,
      cause: 'fenced',
    });
    expect(h.v.belief('n4')).toBe('failed');
  });

  it('loses its majority when too many peers go silent, and tells the node', () => {
    const h = verdicts({ policy: 'quorum' });
    h.v.failed('n2', 'admin', 1, 'observed');
    h.v.failed('n3', 'admin', 1, 'observed');
    expect(h.v.hasMajority).toBe(true);
    h.v.failed('n4', 'admin', 1, 'observed');
    expect(h.v.hasMajority).toBe(false);
    expect(h.quorum).toEqual([false]);
  });

  it('healing: a majority evicts a peer it judged failed that talks again (once per period); a new life rejoins instead', () => {
    const h = verdicts({ policy: 'aggressive' });
    h.v.failed('n2', 'admin', 1, 'observed');
    h.v.failed('n3', 'admin', 1, 'observed');
    h.clock.runUntil(20_000);
    h.ring.heardFrom(1);
    h.v.heard(1);
    h.v.heard(1);
    const evicted = h.sentOf('evicted');
    expect(evicted.map((s) => s.to)).toEqual(['n2']);
    // The others judged failed by silence are called at once, so the cut-off side rejoins together.
    expect(h.sentOf('heartbeat').map((s) => s.to)).toEqual(['n3']);
    h.ring.heardFrom(2, 2, 20_000);
    h.v.heard(2);
    expect(h.v.belief('n3')).toBe('alive');
  });

  it('healing: a minority node that hears from the majority it judged failed cuts itself off', () => {
    const h = verdicts({ policy: 'aggressive' });
    for (const peer of ['n2', 'n3', 'n4']) h.v.failed(peer, 'timeout', 1, 'observed');
    expect(h.v.hasMajority).toBe(false);
    h.ring.heardFrom(1);
    h.v.heard(1);
    expect(h.cutOffs()).toBe(1);
    expect(h.sentOf('evicted')).toEqual([]);
  });
});
