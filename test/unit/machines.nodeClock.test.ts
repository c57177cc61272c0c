import { describe, expect, it } from 'vitest';
import { createActor, setup } from 'xstate';
import { NodeClock } from '../../src/machines/nodeClock.ts';
import { VirtualClock } from '../../src/sim/virtualClock.ts';

// A node's view of time: a paused node (GC, SIGSTOP) runs no timers until it resumes, then runs the
// overdue ones at once; a node that loses power forgets every timer of that life.

describe('NodeClock', () => {
  it('follows the cluster clock while running', () => {
    const base = new VirtualClock();
    const clock = new NodeClock(base);
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(clock.now()), 100);
    base.runUntil(150);
    expect(fired).toEqual([100]);
    expect(clock.now()).toBe(150);
  });

  it('paused: timers due meanwhile fire late, all at once, when it resumes', () => {
    const base = new VirtualClock();
    const clock = new NodeClock(base);
    const fired: Array<[string, number]> = [];
    clock.setTimeout(() => fired.push(['a', clock.now()]), 100);
    clock.setTimeout(() => fired.push(['b', clock.now()]), 200);
    base.runUntil(50);
    clock.pause();
    base.runUntil(5000);
    expect(fired).toEqual([]);
    expect(clock.isPaused).toBe(true);
    clock.resume();
    expect(fired).toEqual([
      ['a', 5000],
      ['b', 5000],
    ]);
  });

  it('a timer cleared while paused does not fire on resume', () => {
    const base = new VirtualClock();
    const clock = new NodeClock(base);
    const fired: string[] = [];
    const h = clock.setTimeout(() => fired.push('x'), 100);
    clock.pause();
    base.runUntil(200);
    clock.clearTimeout(h);
    clock.resume();
    expect(fired).toEqual([]);
  });

  it('reset (power off): every timer of this life is forgotten, later ones still work', () => {
    const base = new VirtualClock();
    const clock = new NodeClock(base);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('old'), 100);
    clock.pause();
    base.runUntil(150);
    clock.setTimeout(() => fired.push('old-deferred'), 10);
    clock.reset();
    expect(clock.isPaused).toBe(false);
    clock.setTimeout(() => fired.push('new'), 100);
    base.runUntil(1000);
    expect(fired).toEqual(['new']);
  });

  it('an XState delayed transition on a paused node waits for the resume', () => {
    const base = new VirtualClock();
    const clock = new NodeClock(base);
    const machine = setup({}).createMachine({
      initial: 'waiting',
      states: { waiting: { after: { 100: 'done' } }, done: {} },
    });
    const actor = createActor(machine, { clock }).start();
    clock.pause();
    base.runUntil(1000);
    expect(actor.getSnapshot().value).toBe('waiting');
    clock.resume();
    expect(actor.getSnapshot().value).toBe('done');
  });
});
