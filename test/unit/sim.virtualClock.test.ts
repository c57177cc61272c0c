import { describe, expect, it } from 'vitest';
import { createActor, setup } from 'xstate';
import { VirtualClock } from '../../src/sim/virtualClock.ts';

describe('VirtualClock', () => {
  it('runUntil runs every timer due by then, in order, and leaves now at the target', () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    clock.setTimeout(() => log.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => log.push(`a@${clock.now()}`), 10);
    clock.setTimeout(() => log.push(`late@${clock.now()}`), 31);
    expect(clock.runUntil(30)).toBe(2);
    expect(log).toEqual(['a@10', 'b@20']);
    expect(clock.now()).toBe(30);
    expect(clock.pending).toBe(1);
  });

  it('runUntil also runs timers set by running timers when they fall due in the window', () => {
    const clock = new VirtualClock();
    const log: number[] = [];
    const tick = (): void => {
      log.push(clock.now());
      clock.setTimeout(tick, 100);
    };
    clock.setTimeout(tick, 100);
    clock.runUntil(450);
    expect(log).toEqual([100, 200, 300, 400]);
    expect(clock.nextTime()).toBe(500);
  });

  it('step runs exactly the next timer and moves now to its time', () => {
    const clock = new VirtualClock(1000);
    const log: number[] = [];
    clock.setTimeout(() => log.push(1), 5);
    clock.setTimeout(() => log.push(2), 5);
    expect(clock.step()).toBe(true);
    expect(log).toEqual([1]);
    expect(clock.now()).toBe(1005);
    expect(clock.step()).toBe(true);
    expect(clock.step()).toBe(false);
    expect(clock.now()).toBe(1005);
  });

  it('never moves backwards', () => {
    const clock = new VirtualClock();
    clock.runUntil(500);
    clock.runUntil(100);
    expect(clock.now()).toBe(500);
    clock.callAt(200, () => {}, undefined);
    clock.step();
    expect(clock.now()).toBe(500);
  });

  it('treats negative, NaN and infinite delays as 0', () => {
    const clock = new VirtualClock(10);
    const log: string[] = [];
    clock.setTimeout(() => log.push('neg'), -5);
    clock.setTimeout(() => log.push('nan'), Number.NaN);
    clock.setTimeout(() => log.push('inf'), Infinity);
    expect(clock.nextTime()).toBe(10);
    clock.runUntil(10);
    expect(log).toEqual(['neg', 'nan', 'inf']);
  });

  it('clearTimeout cancels, and ignores ids it never gave', () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    const id = clock.setTimeout(() => log.push('x'), 10);
    clock.setTimeout(() => log.push('y'), 10);
    clock.clearTimeout(id);
    clock.clearTimeout('nonsense');
    clock.clearTimeout(undefined);
    clock.advance(10);
    expect(log).toEqual(['y']);
  });

  it('call passes its argument without a closure', () => {
    const clock = new VirtualClock();
    const seen: Array<[number, string]> = [];
    clock.call(3, (s: string) => seen.push([clock.now(), s]), 'hi');
    clock.runUntil(Infinity);
    expect(seen).toEqual([[3, 'hi']]);
    expect(clock.now()).toBe(3);
  });
});

describe('VirtualClock drives XState v5', () => {
  const machine = setup({}).createMachine({
    id: 'tiny',
    initial: 'a',
    states: {
      a: { after: { 1000: 'b' }, on: { skip: 'c' } },
      b: {},
      c: {},
    },
  });

  it("fires `after: { 1000: 'b' }` exactly at 1000, not at 999", () => {
    const clock = new VirtualClock();
    const actor = createActor(machine, { clock }).start();
    clock.runUntil(999);
    expect(actor.getSnapshot().value).toBe('a');
    clock.runUntil(1000);
    expect(actor.getSnapshot().value).toBe('b');
    expect(clock.now()).toBe(1000);
    actor.stop();
  });

  it('a transition that leaves the state cancels its delayed event through clearTimeout', () => {
    const clock = new VirtualClock();
    const actor = createActor(machine, { clock }).start();
    clock.runUntil(500);
    actor.send({ type: 'skip' });
    expect(clock.pending).toBe(0);
    clock.runUntil(5000);
    expect(actor.getSnapshot().value).toBe('c');
    actor.stop();
  });
});
