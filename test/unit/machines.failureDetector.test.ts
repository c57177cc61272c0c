import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { failureDetectorMachine, type DetectorEvent } from '../../src/machines/failureDetectorMachine.ts';
import { VirtualClock } from '../../src/sim/virtualClock.ts';

// One node's belief about one peer (§0019–§0020) on a simulated clock: alive → suspect → (after the
// retry window) partitioned, or failed when silence means failure; authoritative news wins at once.

const RETRY_MS = 1000;
const BELIEFS = ['believeAlive', 'believeSuspect', 'believeFailed', 'believePartitioned'] as const;
type Belief = (typeof BELIEFS)[number];

function start(silenceMeansFailed = false) {
  const clock = new VirtualClock();
  const calls: Array<{ t: number; action: Belief }> = [];
  const spies = Object.fromEntries(
    BELIEFS.map((action) => [action, () => void calls.push({ t: clock.now(), action })]),
  ) as Record<Belief, () => void>;
  const actor = createActor(failureDetectorMachine.provide({ actions: spies }), {
    clock,
    input: { peer: 'n2', retryMs: RETRY_MS, silenceMeansFailed },
  }).start();
  return {
    clock,
    calls,
    send: (e: DetectorEvent) => actor.send(e),
    state: () => actor.getSnapshot().value,
    context: () => actor.getSnapshot().context,
    actions: () => calls.map((c) => c.action),
  };
}

describe('failure detector', () => {
  it('starts alive and believes nothing new', () => {
    const d = start();
    d.clock.runUntil(100_000);
    expect(d.state()).toBe('alive');
    expect(d.calls).toEqual([]);
  });

  it('timeout → suspect; heard within the retry window → alive again, no verdict', () => {
    const d = start();
    d.clock.runUntil(100);
    d.send({ type: 'peer.timeout' });
    expect(d.state()).toBe('suspect');
    d.clock.runUntil(600);
    d.send({ type: 'peer.heard' });
    expect(d.state()).toBe('alive');
    d.clock.runUntil(10_000);
    expect(d.calls).toEqual([
      { t: 100, action: 'believeSuspect' },
      { t: 600, action: 'believeAlive' },
    ]);
  });

  it('silence past the retry window → partitioned (cause unknown), not before', () => {
    const d = start();
    d.clock.runUntil(100);
    d.send({ type: 'peer.timeout' });
    d.clock.runUntil(100 + RETRY_MS - 0.001);
    expect(d.state()).toBe('suspect');
    d.clock.runUntil(100 + RETRY_MS);
    expect(d.state()).toBe('partitioned');
    expect(d.calls).toEqual([
      { t: 100, action: 'believeSuspect' },
      { t: 1100, action: 'believePartitioned' },
    ]);
    expect(d.context().cause).toBeNull();
  });

  it('partitioned → heard → alive', () => {
    const d = start();
    d.send({ type: 'peer.timeout' });
    d.clock.runUntil(RETRY_MS);
    d.send({ type: 'peer.heard' });
    expect(d.state()).toBe('alive');
    expect(d.actions()).toEqual(['believeSuspect', 'believePartitioned', 'believeAlive']);
  });

  it('when silence means failure (aggressive): failed with cause timeout after the retry window', () => {
    const d = start(true);
    d.clock.runUntil(100);
    d.send({ type: 'peer.timeout' });
    d.clock.runUntil(5000);
    expect(d.state()).toBe('failed');
    expect(d.calls).toEqual([
      { t: 100, action: 'believeSuspect' },
      { t: 1100, action: 'believeFailed' },
    ]);
    expect(d.context().cause).toBe('timeout');
  });

  it('a report of partition moves an alive or suspect belief to partitioned', () => {
    const a = start();
    a.send({ type: 'verdict.partitioned' });
    expect(a.state()).toBe('partitioned');
    const s = start();
    s.send({ type: 'peer.timeout' });
    s.send({ type: 'verdict.partitioned' });
    expect(s.state()).toBe('partitioned');
    s.clock.runUntil(10_000);
    expect(s.actions()).toEqual(['believeSuspect', 'believePartitioned']);
  });

  for (const [from, reach] of [
    ['alive', (_: ReturnType<typeof start>) => {}],
    ['suspect', (d: ReturnType<typeof start>) => d.send({ type: 'peer.timeout' })],
    [
      'partitioned',
      (d: ReturnType<typeof start>) => {
        d.send({ type: 'peer.timeout' });
        d.clock.runUntil(RETRY_MS);
      },
    ],
  ] as const) {
    it(`verdict.failed wins from ${from}: failed at once, with its cause and incarnation`, () => {
      const d = start();
      reach(d);
      expect(d.state()).toBe(from);
      d.send({ type: 'verdict.failed', cause: 'distress', incarnation: 3 });
      expect(d.state()).toBe('failed');
      expect(d.actions().at(-1)).toBe('believeFailed');
      expect(d.context()).toMatchObject({ cause: 'distress', failedIncarnation: 3 });
      d.clock.runUntil(100_000);
      expect(d.state()).toBe('failed');
    });
  }

  it('failed stays failed: heard, timeouts and partition reports change nothing until the peer rejoins', () => {
    const d = start();
    d.send({ type: 'verdict.failed', cause: 'distress', incarnation: 1 });
    d.send({ type: 'peer.heard' });
    d.send({ type: 'peer.timeout' });
    d.send({ type: 'verdict.partitioned' });
    d.clock.runUntil(100_000);
    expect(d.state()).toBe('failed');
    // A later verdict updates the cause without re-announcing the belief.
    d.send({ type: 'verdict.failed', cause: 'admin', incarnation: 1 });
    expect(d.context().cause).toBe('admin');
    expect(d.actions()).toEqual(['believeFailed']);

    d.clock.runUntil(200_000);
    d.send({ type: 'peer.rejoined' });
    expect(d.state()).toBe('alive');
    expect(d.context().cause).toBeNull();
    expect(d.calls.at(-1)).toEqual({ t: 200_000, action: 'believeAlive' });
  });
});
