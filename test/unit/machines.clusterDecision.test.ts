import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { clusterDecisionMachine, type DecisionEvent } from '../../src/machines/clusterDecisionMachine.ts';
import type { FailedCause, Policy } from '../../src/core/types.ts';
import { VirtualClock } from '../../src/sim/virtualClock.ts';

// What a survivor does about one silent peer, per policy (DESIGN §6), on a simulated clock. The
// peer's resources fail over exactly when `declareFailed` runs; its cause is what the trace shows.

const LEASE_MS = 3000;
const FENCE_RETRY_MS = 5000;

function start(policy: Policy) {
  const clock = new VirtualClock();
  const calls: Array<{ t: number; action: string }> = [];
  const log = (action: string) => () => void calls.push({ t: clock.now(), action });
  const machine = clusterDecisionMachine.provide({
    actions: {
      requestAdmin: log('requestAdmin'),
      confirmQuorum: log('confirmQuorum'),
      startFence: log('startFence'),
      declareFailed: (_, params: { cause: FailedCause }) =>
        void calls.push({ t: clock.now(), action: `declareFailed(${params.cause})` }),
    },
  });
  const actor = createActor(machine, {
    clock,
    input: { peer: 'n1', policy, leaseMs: LEASE_MS, fenceRetryMs: FENCE_RETRY_MS },
  }).start();
  return {
    clock,
    calls,
    send: (e: DecisionEvent) => actor.send(e),
    state: () => actor.getSnapshot().value,
    actions: () => calls.map((c) => c.action),
  };
}

describe('cluster decision: manual (IBM i)', () => {
  it('silence → awaitingAdmin; waiting changes nothing; "mark failed" → failedOver, cause admin', () => {
    const d = start('manual');
    d.clock.runUntil(100);
    d.send({ type: 'peer.silent' });
    expect(d.state()).toBe('awaitingAdmin');
    d.send({ type: 'admin.keepWaiting' });
    d.clock.runUntil(3_600_000);
    expect(d.state()).toBe('awaitingAdmin');
    expect(d.calls).toEqual([{ t: 100, action: 'requestAdmin' }]);

    d.send({ type: 'admin.markFailed' });
    expect(d.state()).toBe('failedOver');
    expect(d.calls.at(-1)).toEqual({ t: 3_600_000, action: 'declareFailed(admin)' });
  });

  it('the peer is heard again while waiting: back to watching, nothing declared', () => {
    const d = start('manual');
    d.send({ type: 'peer.silent' });
    d.send({ type: 'peer.back' });
    expect(d.state()).toBe('watching');
    expect(d.actions()).toEqual(['requestAdmin']);
  });
});

describe('cluster decision: aggressive', () => {
  it('silence is failure: failedOver at once, cause timeout', () => {
    const d = start('aggressive');
    d.clock.runUntil(100);
    d.send({ type: 'peer.silent' });
    expect(d.state()).toBe('failedOver');
    expect(d.calls).toEqual([{ t: 100, action: 'declareFailed(timeout)' }]);
  });

  it('failedOver ignores more silence; the peer coming back resets to watching', () => {
    const d = start('aggressive');
    d.send({ type: 'peer.silent' });
    d.send({ type: 'peer.silent' });
    expect(d.actions()).toEqual(['declareFailed(timeout)']);
    d.send({ type: 'peer.back' });
    expect(d.state()).toBe('watching');
  });
});

describe('cluster decision: quorum', () => {
  it('silence → confirming (probe); confirmed → waits the lease out, then declares failed (timeout)', () => {
    const d = start('quorum');
    d.clock.runUntil(100);
    d.send({ type: 'peer.silent' });
    expect(d.state()).toEqual({ majority: 'confirming' });
    d.clock.runUntil(1100);
    d.send({ type: 'quorum.confirmed', fencer: false });
    expect(d.state()).toEqual({ majority: 'waitingOutLease' });
    d.clock.runUntil(1100 + LEASE_MS - 0.001);
    expect(d.actions()).toEqual(['confirmQuorum']);
    d.clock.runUntil(1100 + LEASE_MS);
    expect(d.state()).toBe('failedOver');
    expect(d.calls).toEqual([
      { t: 100, action: 'confirmQuorum' },
      { t: 1100 + LEASE_MS, action: 'declareFailed(timeout)' },
    ]);
  });

  it('no majority answers the probe → minority: nothing is ever declared', () => {
    const d = start('quorum');
    d.send({ type: 'peer.silent' });
    d.send({ type: 'quorum.denied' });
    expect(d.state()).toBe('minority');
    d.clock.runUntil(3_600_000);
    expect(d.actions()).toEqual(['confirmQuorum']);
  });

  it('minority: when quorum changes it probes again', () => {
    const d = start('quorum');
    d.send({ type: 'peer.silent' });
    d.send({ type: 'quorum.denied' });
    d.send({ type: 'quorum.changed' });
    expect(d.state()).toEqual({ majority: 'confirming' });
    expect(d.actions()).toEqual(['confirmQuorum', 'confirmQuorum']);
  });

  it('the peer is heard while the lease is waited out: nothing is declared', () => {
    const d = start('quorum');
    d.send({ type: 'peer.silent' });
    d.send({ type: 'quorum.confirmed', fencer: false });
    d.clock.runUntil(LEASE_MS / 2);
    d.send({ type: 'peer.back' });
    d.clock.runUntil(10 * LEASE_MS);
    expect(d.state()).toBe('watching');
    expect(d.actions()).toEqual(['confirmQuorum']);
  });
});

describe('cluster decision: fencing', () => {
  it('the fencer powers the peer off; a failed fence is retried after fenceRetryMs; success → fenced', () => {
    const d = start('fencing');
    d.send({ type: 'peer.silent' });
    d.clock.runUntil(1000);
    d.send({ type: 'quorum.confirmed', fencer: true });
    expect(d.state()).toEqual({ majority: 'fencing' });
    d.clock.runUntil(6000);
    d.send({ type: 'fence.failed' });
    expect(d.state()).toEqual({ majority: 'fenceFailed' });
    d.clock.runUntil(6000 + FENCE_RETRY_MS - 0.001);
    expect(d.actions().filter((a) => a === 'startFence')).toHaveLength(1);
    d.clock.runUntil(6000 + FENCE_RETRY_MS);
    expect(d.state()).toEqual({ majority: 'fencing' });
    d.clock.runUntil(16_000);
    d.send({ type: 'fence.succeeded' });
    expect(d.state()).toBe('failedOver');
    expect(d.calls).toEqual([
      { t: 0, action: 'confirmQuorum' },
      { t: 1000, action: 'startFence' },
      { t: 6000 + FENCE_RETRY_MS, action: 'startFence' },
      { t: 16_000, action: 'declareFailed(fenced)' },
    ]);
  });

  it('a node that is not the fencer waits for the fencer’s report, and decides again if none comes', () => {
    const d = start('fencing');
    d.send({ type: 'peer.silent' });
    d.send({ type: 'quorum.confirmed', fencer: false });
    expect(d.state()).toEqual({ majority: 'awaitingFence' });
    d.clock.runUntil(FENCE_RETRY_MS - 1);
    expect(d.actions()).toEqual(['confirmQuorum']);
    // No report within the retry time: ask again (the fencer may have died, or this node may be the fencer now).
    d.clock.runUntil(FENCE_RETRY_MS);
    expect(d.state()).toEqual({ majority: 'confirming' });
    expect(d.actions()).toEqual(['confirmQuorum', 'confirmQuorum']);
    d.send({ type: 'quorum.confirmed', fencer: false });
    d.send({ type: 'peer.fenced' });
    expect(d.state()).toBe('failedOver');
    expect(d.actions()).toEqual(['confirmQuorum', 'confirmQuorum', 'declareFailed(fenced)']);
  });

  it('the minority side never fences', () => {
    const d = start('fencing');
    d.send({ type: 'peer.silent' });
    d.send({ type: 'quorum.denied' });
    d.clock.runUntil(3_600_000);
    expect(d.state()).toBe('minority');
    expect(d.actions()).not.toContain('startFence');
  });
});

describe('cluster decision: a verified distress wins from any state, under every policy', () => {
  const reach: Record<string, (d: ReturnType<typeof start>) => void> = {
    watching: () => {},
    awaitingAdmin: (d) => d.send({ type: 'peer.silent' }),
    confirming: (d) => d.send({ type: 'peer.silent' }),
    minority: (d) => {
      d.send({ type: 'peer.silent' });
      d.send({ type: 'quorum.denied' });
    },
    waitingOutLease: (d) => {
      d.send({ type: 'peer.silent' });
      d.send({ type: 'quorum.confirmed', fencer: false });
    },
    fencing: (d) => {
      d.send({ type: 'peer.silent' });
      d.send({ type: 'quorum.confirmed', fencer: true });
    },
    awaitingFence: (d) => {
      d.send({ type: 'peer.silent' });
      d.send({ type: 'quorum.confirmed', fencer: false });
    },
  };
  const cases: Array<[Policy, keyof typeof reach]> = [
    ['manual', 'watching'],
    ['manual', 'awaitingAdmin'],
    ['aggressive', 'watching'],
    ['quorum', 'confirming'],
    ['quorum', 'minority'],
    ['quorum', 'waitingOutLease'],
    ['fencing', 'fencing'],
    ['fencing', 'awaitingFence'],
    ['fencing', 'minority'],
  ];
  for (const [policy, from] of cases) {
    it(`${policy}, from ${from}: failedOver at once, cause distress, no fence and no admin`, () => {
      const d = start(policy);
      reach[from](d);
      const before = d.calls.length;
      d.clock.runUntil(500);
      d.send({ type: 'peer.distress' });
      expect(d.state()).toBe('failedOver');
      expect(d.calls.slice(before)).toEqual([{ t: 500, action: 'declareFailed(distress)' }]);
      // Nothing left running: no lease wait or fence retry declares it again later.
      d.clock.runUntil(3_600_000);
      expect(d.calls.slice(before)).toHaveLength(1);
    });
  }
});
