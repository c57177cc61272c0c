// Virtual time for the simulator. It has the shape of XState v5's `clock` option, so machines run on
// it unchanged: `createActor(machine, { clock })`. Time moves only when the owner says so.
import type { Clock } from '../core/ports.ts';
import { EventQueue } from './eventQueue.ts';
import type { EventFn } from './eventQueue.ts';

export class VirtualClock implements Clock {
  private t: number;
  private readonly queue: EventQueue;

  constructor(start = 0, queue: EventQueue = new EventQueue()) {
    if (!Number.isFinite(start))
      throw new RangeError(`VirtualClock: start time must be finite, got ${start}`);
    this.t = start;
    this.queue = queue;
  }

  now(): number {
    return this.t;
  }

  /** Number of timers still to fire. */
  get pending(): number {
    return this.queue.size;
  }

  /** Time of the next timer, or Infinity when none is set. */
  nextTime(): number {
    return this.queue.peekTime();
  }

  /** Like the browser's: a negative, NaN or infinite delay means 0 (the same machines also run on a real clock). */
  setTimeout(fn: (...args: unknown[]) => void, ms: number): number {
    return this.queue.scheduleCall(this.t + delay(ms), fn as EventFn<undefined>, undefined);
  }

  clearTimeout(id: unknown): void {
    if (typeof id === 'number') this.queue.cancel(id);
  }

  /** `fn(arg)` after `ms`, without a closure per call (the network's hot path). Returns a handle for clearTimeout. */
  call<A>(ms: number, fn: EventFn<A>, arg: A): number {
    return this.queue.scheduleCall(this.t + delay(ms), fn, arg);
  }

  /** `fn(arg)` at absolute time `at`; a time in the past means now. */
  callAt<A>(at: number, fn: EventFn<A>, arg: A): number {
    if (at === Infinity) throw new RangeError('VirtualClock.callAt: time is Infinity');
    return this.queue.scheduleCall(at > this.t ? at : this.t, fn, arg);
  }

  /** Run exactly the next timer, moving now to its time; false when nothing is scheduled. */
  step(): boolean {
    const at = this.queue.peekTime();
    if (at === Infinity && this.queue.size === 0) return false;
    if (at > this.t) this.t = at;
    return this.queue.runNext();
  }

  /**
   * Run every timer due at or before `until` — including those that running timers set — in time
   * order, then leave now = `until`. Never moves time backwards. Returns how many timers ran.
   */
  runUntil(until: number): number {
    if (Number.isNaN(until)) throw new RangeError('VirtualClock.runUntil: time is NaN');
    const queue = this.queue;
    let ran = 0;
    for (let at = queue.peekTime(); at <= until && queue.size > 0; at = queue.peekTime()) {
      if (at > this.t) this.t = at;
      queue.runNext();
      ran++;
    }
    if (until > this.t && until !== Infinity) this.t = until;
    return ran;
  }

  /** Advance by `ms` (XState's SimulatedClock calls this `increment`). */
  advance(ms: number): number {
    return this.runUntil(this.t + delay(ms));
  }

  /** Drop every pending timer; now is unchanged. */
  clear(): void {
    this.queue.clear();
  }
}

function delay(ms: number): number {
  return ms > 0 && ms !== Infinity ? ms : 0;
}
