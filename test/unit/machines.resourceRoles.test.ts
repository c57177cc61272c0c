// One node's roles on their own (§0052, DESIGN §6), on a virtual clock, with its beliefs set by hand
// and its messages read off a list: who takes over, in which order, and when a lease lets it serve.
import { describe, expect, it } from 'vitest';
import type { Belief } from '../../src/core/snapshot.ts';
import type { FailedCause, Message, NodeId } from '../../src/core/types.ts';
import { ResourceRoles } from '../../src/machines/resourceRoles.ts';
import { fakeNodeEnv } from './fakeNodeEnv.ts';

function roles(id: NodeId, fields: Record<string, unknown> = {}) {
  const f = fakeNodeEnv(fields);
  const beliefs = new Map<NodeId, Belief>();
  const causes = new Map<NodeId, FailedCause>();
  const joined = new Map<NodeId, number>();
  const r = new ResourceRoles(f.env, f.nodeClock, {
    id,
    belief: (p) => beliefs.get(p) ?? 'alive',
    cause: (p) => causes.get(p) ?? null,
    canLead: () => true,
    joinedAt: (p) => joined.get(p) ?? 0,
    // The pre-vote probe: a majority answers one network hop later.
    confirmQuorum: (done) => void f.clock.setTimeout(() => done(true), 5),
  });
  r.start(true);
  const fail = (peer: NodeId, cause: FailedCause) => {
    beliefs.set(peer, 'failed');
    causes.set(peer, cause);
    r.reconsider();
  };
  return { ...f, r, beliefs, joined, fail };
}

describe('resource roles', () => {
  it('manual/aggressive: the first backup not believed failed serves; the rest stay backups', () => {
    const n2 = roles('n2', { policy: 'aggressive' });
    expect(n2.r.roles()).toEqual({ db: 'backup' });
    n2.fail('n1', 'timeout');
    expect(n2.r.roles()).toEqual({ db: 'primary' });
    expect(n2.r.isActingPrimary('db', 0)).toBe(true);
    const n3 = roles('n3', { policy: 'aggressive' });
    n3.fail('n1', 'timeout');
    expect(n3.r.roles()).toEqual({ db: 'backup' });
  });

  it('a node that rejoined goes after every node that joined before it (§0052)', () => {
    const n2 = roles('n2');
    expect(n2.r.order('db')).toEqual(['n1', 'n2', 'n3']);
    n2.joined.set('n1', 30_000);
    expect(n2.r.order('db')).toEqual(['n2', 'n3', 'n1']);
  });

  it('dropping every role (after a distress) leaves nothing to serve', () => {
    const n1 = roles('n1');
    expect(n1.r.isActingPrimary('db', 0)).toBe(true);
    n1.r.dropAll();
    expect(n1.r.roles()).toEqual({ db: 'none' });
    expect(n1.r.isActingPrimary('db', 0)).toBe(false);
  });

  it('quorum: a primary serves only while a majority renews its lease', () => {
    const n1 = roles('n1', { policy: 'quorum', leaseMs: 3000 });
    expect(n1.r.isActingPrimary('db', 100)).toBe(true);
    // Nobody answers the renewals: the lease granted at start runs out and it stops serving.
    n1.clock.runUntil(3000);
    expect(n1.r.isActingPrimary('db', 3000)).toBe(false);
    expect(n1.trace.map((e) => e.kind)).toContain('lease.lost');
    expect(n1.sentOf('lease.renew').length).toBeGreaterThan(0);
  });

  it('quorum: renewals acknowledged by a majority keep the lease', () => {
    const n1 = roles('n1', { policy: 'quorum', leaseMs: 3000 });
    for (let t = 0; t < 10_000; t += 100) {
      n1.clock.runUntil(t);
      for (const s of n1.sentOf('lease.renew').splice(0)) {
        const m = s.message as Extract<Message, { type: 'lease.renew' }>;
        for (const from of ['n2', 'n3', 'n4'])
          n1.r.receive({
            type: 'lease.ack',
            from,
            resource: 'db',
            term: m.term,
            round: m.round,
            granted: true,
          });
      }
      n1.sent.length = 0;
    }
    expect(n1.r.isActingPrimary('db', 10_000)).toBe(true);
  });

  it('quorum: a backup owed to a silent primary does not stand for election before its lease ends, but does at once after a distress', () => {
    const waiting = roles('n2', { policy: 'quorum', leaseMs: 3000 });
    waiting.fail('n1', 'timeout');
    waiting.clock.runUntil(100);
    expect(waiting.sentOf('vote.request')).toEqual([]);
    waiting.clock.runUntil(3000); // the lease n1 was granted at start is over
    waiting.r.tick();
    waiting.clock.runUntil(3100);
    expect(waiting.sentOf('vote.request').length).toBeGreaterThan(0);
    const distress = roles('n2', { policy: 'quorum', leaseMs: 3000 });
    distress.fail('n1', 'distress');
    distress.clock.runUntil(100);
    expect(distress.sentOf('vote.request').length).toBeGreaterThan(0);
  });
});
