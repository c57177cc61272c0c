// The discrete-event core: a binary min-heap of callbacks ordered by (time, insertion sequence), so
// events at the same time run in the order they were scheduled and every run is reproducible.
//
// Hot-path layout (measured in bench/bareLoop.ts): the heap is three parallel typed arrays (time,
// sequence, slot) so sifting moves numbers, not objects; each pending event owns a pooled slot that
// holds its callback and one argument. `scheduleCall(at, fn, arg)` therefore needs no closure per
// event, and a steady-state schedule + run allocates nothing.

/** Callback with its single argument, stored without a closure. */
export type EventFn<A> = (arg: A) => void;

/** Handles pack (generation, slot); a stale handle (event already run or cancelled) is ignored. */
const SLOT_BITS = 24;
const SLOT_SPACE = 2 ** SLOT_BITS;
const SLOT_MASK = SLOT_SPACE - 1;
const GEN_LIMIT = 2 ** 29;

/** Cancelled entries are purged in one O(n) pass once they outnumber live ones (and pass this floor). */
const COMPACT_FLOOR = 64;

const PENDING = 1;
const CANCELLED = 2;

export class EventQueue {
  // Heap, as parallel arrays indexed by heap position.
  private hTime: Float64Array;
  private hSeq: Float64Array;
  private hSlot: Int32Array;
  private heapLen = 0;

  // Slots, indexed by slot number.
  private fns: Array<EventFn<never> | null> = [];
  private args: unknown[] = [];
  private gens: Int32Array;
  private states: Uint8Array;
  private freeSlots: Int32Array;
  private freeLen = 0;
  private slotCount = 0;

  private seq = 0;
  private live = 0;
  private cancelled = 0;

  constructor(initialCapacity = 256) {
    const cap = Math.max(16, initialCapacity | 0);
    this.hTime = new Float64Array(cap);
    this.hSeq = new Float64Array(cap);
    this.hSlot = new Int32Array(cap);
    this.gens = new Int32Array(cap);
    this.states = new Uint8Array(cap);
    this.freeSlots = new Int32Array(cap);
  }

  /** Number of events still to run (cancelled ones excluded). */
  get size(): number {
    return this.live;
  }

  /** Schedule `fn` at absolute time `at`; returns a handle for `cancel`. */
  schedule(at: number, fn: () => void): number {
    return this.scheduleCall(at, fn as EventFn<undefined>, undefined);
  }

  /** Schedule `fn(arg)` at absolute time `at` without allocating a closure. */
  scheduleCall<A>(at: number, fn: EventFn<A>, arg: A): number {
    if (Number.isNaN(at)) throw new RangeError('EventQueue.schedule: time is NaN');
    const slot = this.allocSlot();
    this.fns[slot] = fn as EventFn<never>;
    this.args[slot] = arg;
    this.states[slot] = PENDING;
    this.push(at, this.seq++, slot);
    this.live++;
    return this.gens[slot] * SLOT_SPACE + slot;
  }

  /** O(1): the entry stays in the heap, marked, and is skipped (and its slot freed) when it surfaces. */
  cancel(handle: number): void {
    if (!Number.isInteger(handle) || handle < 0) return;
    const slot = handle & SLOT_MASK;
    if (slot >= this.slotCount || this.states[slot] !== PENDING) return;
    if (this.gens[slot] !== Math.floor(handle / SLOT_SPACE)) return;
    this.states[slot] = CANCELLED;
    // Release the callback now so whatever it captured can be collected before the entry surfaces.
    this.fns[slot] = null;
    this.args[slot] = undefined;
    this.live--;
    this.cancelled++;
    if (this.cancelled > COMPACT_FLOOR && this.cancelled > this.live) this.compact();
  }

  /** Time of the next live event, or Infinity when there is none. */
  peekTime(): number {
    this.dropCancelledTop();
    return this.heapLen === 0 ? Infinity : this.hTime[0];
  }

  /** Remove the next live event and run it; false when the queue is empty. */
  runNext(): boolean {
    this.dropCancelledTop();
    if (this.heapLen === 0) return false;
    const slot = this.hSlot[0];
    this.popTop();
    const fn = this.fns[slot] as EventFn<unknown>;
    const arg = this.args[slot];
    this.releaseSlot(slot);
    this.live--;
    // Popped and released before the call: a callback that throws or reschedules leaves the heap sound.
    fn(arg);
    return true;
  }

  /** Drop every pending event. Handles given out before stay harmless. */
  clear(): void {
    for (let i = 0; i < this.heapLen; i++) this.releaseSlot(this.hSlot[i]);
    this.heapLen = 0;
    this.live = 0;
    this.cancelled = 0;
  }

  private dropCancelledTop(): void {
    while (this.heapLen > 0 && this.states[this.hSlot[0]] === CANCELLED) {
      const slot = this.hSlot[0];
      this.popTop();
      this.releaseSlot(slot);
      this.cancelled--;
    }
  }

  private allocSlot(): number {
    if (this.freeLen > 0) return this.freeSlots[--this.freeLen];
    const slot = this.slotCount++;
    if (slot >= SLOT_SPACE) throw new RangeError(`EventQueue: more than ${SLOT_SPACE} pending events`);
    if (slot >= this.gens.length) {
      const cap = this.gens.length * 2;
      this.gens = grow(this.gens, new Int32Array(cap));
      this.states = grow(this.states, new Uint8Array(cap));
      this.freeSlots = grow(this.freeSlots, new Int32Array(cap));
    }
    this.gens[slot] = 1; // never 0, so no handle is 0 (callers sometimes test ids for truthiness)
    this.fns.push(null);
    this.args.push(undefined);
    return slot;
  }

  private releaseSlot(slot: number): void {
    this.fns[slot] = null;
    this.args[slot] = undefined;
    this.states[slot] = 0;
    this.gens[slot] = this.gens[slot] + 1 < GEN_LIMIT ? this.gens[slot] + 1 : 1;
    this.freeSlots[this.freeLen++] = slot;
  }

  private push(time: number, seq: number, slot: number): void {
    if (this.heapLen === this.hTime.length) {
      const cap = this.hTime.length * 2;
      this.hTime = grow(this.hTime, new Float64Array(cap));
      this.hSeq = grow(this.hSeq, new Float64Array(cap));
      this.hSlot = grow(this.hSlot, new Int32Array(cap));
    }
    const hTime = this.hTime;
    const hSeq = this.hSeq;
    const hSlot = this.hSlot;
    let i = this.heapLen++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = hTime[parent];
      if (pt < time || (pt === time && hSeq[parent] < seq)) break;
      hTime[i] = pt;
      hSeq[i] = hSeq[parent];
      hSlot[i] = hSlot[parent];
      i = parent;
    }
    hTime[i] = time;
    hSeq[i] = seq;
    hSlot[i] = slot;
  }

  private popTop(): void {
    const n = --this.heapLen;
    if (n > 0) this.siftDown(0, this.hTime[n], this.hSeq[n], this.hSlot[n]);
  }

  /** Place (time, seq, slot) at or below position i, moving smaller children up. */
  private siftDown(i: number, time: number, seq: number, slot: number): void {
    const hTime = this.hTime;
    const hSeq = this.hSeq;
    const hSlot = this.hSlot;
    const n = this.heapLen;
    const half = n >> 1;
    while (i < half) {
      let c = 2 * i + 1;
      let ct = hTime[c];
      let cs = hSeq[c];
      const r = c + 1;
      if (r < n) {
        const rt = hTime[r];
        if (rt < ct || (rt === ct && hSeq[r] < cs)) {
          c = r;
          ct = rt;
          cs = hSeq[r];
        }
      }
      if (time < ct || (time === ct && seq < cs)) break;
      hTime[i] = ct;
      hSeq[i] = cs;
      hSlot[i] = hSlot[c];
      i = c;
    }
    hTime[i] = time;
    hSeq[i] = seq;
    hSlot[i] = slot;
  }

  /** Remove every cancelled entry and rebuild the heap (Floyd, O(n)). Order is total, so runs are unchanged. */
  private compact(): void {
    let k = 0;
    for (let i = 0; i < this.heapLen; i++) {
      const slot = this.hSlot[i];
      if (this.states[slot] === CANCELLED) {
        this.releaseSlot(slot);
        continue;
      }
      this.hTime[k] = this.hTime[i];
      this.hSeq[k] = this.hSeq[i];
      this.hSlot[k] = slot;
      k++;
    }
    this.heapLen = k;
    this.cancelled = 0;
    for (let i = (k >> 1) - 1; i >= 0; i--) this.siftDown(i, this.hTime[i], this.hSeq[i], this.hSlot[i]);
  }
}

function grow<T extends Float64Array | Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
