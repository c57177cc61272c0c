import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.ts';
import { EventQueue } from '../../src/sim/eventQueue.ts';

function drain(queue: EventQueue): void {
  while (queue.runNext()) {
    // run everything
  }
}

/** Entries physically held by the heap, live or cancelled (white-box: checks that cancel does not leak). */
function heapLength(queue: EventQueue): number {
  return (queue as unknown as { heapLen: number }).heapLen;
}

describe('EventQueue', () => {
  it('runs events in time order', () => {
    const queue = new EventQueue();
    const log: number[] = [];
    for (const t of [50, 10, 40, 20, 30, 0, 60]) queue.schedule(t, () => log.push(t));
    expect(queue.size).toBe(7);
    expect(queue.peekTime()).toBe(0);
    drain(queue);
    expect(log).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(queue.size).toBe(0);
  });

  it('runs events at equal times in the order they were scheduled (FIFO)', () => {
    const queue = new EventQueue(16);
    const log: string[] = [];
    for (let i = 0; i < 100; i++) {
      queue.schedule(7, () => log.push(`a${i}`));
      queue.schedule(3, () => log.push(`b${i}`));
    }
    drain(queue);
    expect(log).toEqual([
      ...Array.from({ length: 100 }, (_, i) => `b${i}`),
      ...Array.from({ length: 100 }, (_, i) => `a${i}`),
    ]);
  });

  it('an event scheduled while running, at the same time, runs after those already queued', () => {
    const queue = new EventQueue();
    const log: string[] = [];
    queue.schedule(5, () => {
      log.push('first');
      queue.schedule(5, () => log.push('nested'));
    });
    queue.schedule(5, () => log.push('second'));
    drain(queue);
    expect(log).toEqual(['first', 'second', 'nested']);
  });

  it('passes the argument of scheduleCall without a closure', () => {
    const queue = new EventQueue();
    const seen: number[] = [];
    const record = (n: number): void => void seen.push(n);
    queue.scheduleCall(2, record, 20);
    queue.scheduleCall(1, record, 10);
    drain(queue);
    expect(seen).toEqual([10, 20]);
  });

  it('cancel skips the event, updates size, and ignores repeated or stale handles', () => {
    const queue = new EventQueue();
    const log: string[] = [];
    const a = queue.schedule(1, () => log.push('a'));
    const b = queue.schedule(2, () => log.push('b'));
    queue.schedule(3, () => log.push('c'));
    queue.cancel(b);
    queue.cancel(b);
    expect(queue.size).toBe(2);
    expect(queue.runNext()).toBe(true);
    // `a` has run and its slot is free; reuse it, then cancel with the stale handle.
    const d = queue.schedule(4, () => log.push('d'));
    queue.cancel(a);
    queue.cancel(-1);
    queue.cancel(1.5);
    drain(queue);
    expect(log).toEqual(['a', 'c', 'd']);
    expect(d).not.toBe(a);
  });

  it('cancelling the head moves peekTime to the next live event', () => {
    const queue = new EventQueue();
    const h = queue.schedule(1, () => {});
    queue.schedule(9, () => {});
    queue.cancel(h);
    expect(queue.peekTime()).toBe(9);
  });

  it('never hands out handle 0 (callers test ids for truthiness)', () => {
    const queue = new EventQueue();
    const handles = Array.from({ length: 50 }, (_, i) => queue.schedule(i, () => {}));
    expect(handles.every((h) => h > 0)).toBe(true);
  });

  it('does not leak when far-future events are scheduled and cancelled forever', () => {
    const queue = new EventQueue();
    let ran = 0;
    for (let i = 0; i < 100_000; i++) {
      // A failure detector re-arming its timeout on every heartbeat looks like this.
      const h = queue.schedule(1e9 + i, () => ran++);
      queue.cancel(h);
      if (i % 10 === 0) queue.schedule(i, () => ran++);
    }
    expect(queue.size).toBe(10_000);
    expect(heapLength(queue)).toBeLessThan(2 * 10_000 + 100);
    drain(queue);
    expect(ran).toBe(10_000);
    expect(heapLength(queue)).toBe(0);
  });

  it('stays sound when a callback throws', () => {
    const queue = new EventQueue();
    const log: number[] = [];
    queue.schedule(1, () => {
      throw new Error('boom');
    });
    queue.schedule(2, () => log.push(2));
    expect(() => queue.runNext()).toThrow('boom');
    expect(queue.size).toBe(1);
    drain(queue);
    expect(log).toEqual([2]);
  });

  it('refuses a NaN time', () => {
    expect(() => new EventQueue().schedule(Number.NaN, () => {})).toThrow(/NaN/);
  });

  it('clear drops everything and old handles stay harmless', () => {
    const queue = new EventQueue();
    const h = queue.schedule(1, () => {
      throw new Error('must not run');
    });
    queue.clear();
    expect(queue.size).toBe(0);
    expect(queue.runNext()).toBe(false);
    const log: string[] = [];
    queue.schedule(1, () => log.push('new'));
    queue.cancel(h);
    drain(queue);
    expect(log).toEqual(['new']);
  });

  it('matches a sorted reference under random schedules and cancels', () => {
    const base = Number(process.env.SEED ?? 1);
    for (let seed = base; seed < base + 20; seed++) {
      const rng = createRng(seed);
      const queue = new EventQueue(16);
      const expected: Array<{ t: number; seq: number }> = [];
      const log: number[] = [];
      const handles: Array<{ h: number; seq: number }> = [];
      let seq = 0;
      for (let i = 0; i < 2000; i++) {
        const t = rng.int(200);
        const s = seq++;
        handles.push({ h: queue.schedule(t, () => log.push(s)), seq: s });
        expected.push({ t, seq: s });
        if (rng.chance(0.3)) {
          const victim = handles.splice(rng.int(handles.length), 1)[0];
          queue.cancel(victim.h);
          expected.splice(
            expected.findIndex((e) => e.seq === victim.seq),
            1,
          );
        }
      }
      expect(queue.size).toBe(expected.length);
      drain(queue);
      const want = expected.sort((a, b) => a.t - b.t || a.seq - b.seq).map((e) => e.seq);
      expect(log, `replay: SEED=${seed} npx vitest run test/unit/sim.eventQueue.test.ts`).toEqual(want);
    }
  });
});
