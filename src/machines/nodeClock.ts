import type { Clock } from '../core/ports.ts';

interface TimerHandle {
  id: unknown;
  fn: () => void;
  cancelled: boolean;
}

/**
 * A node's view of time, over the cluster's clock. A paused node (GC, SIGSTOP) runs none of its
 * timers: they fire late, all at once, when it resumes — as after a real pause. A dead node's
 * timers never fire.
 */
export class NodeClock implements Clock {
  private paused = false;
  private generation = 0;
  private deferred: TimerHandle[] = [];

  constructor(private readonly base: Clock) {}

  now(): number {
    return this.base.now();
  }

  setTimeout(fn: (...args: unknown[]) => void, ms: number): unknown {
    const generation = this.generation;
    const handle: TimerHandle = { id: undefined, fn: fn as () => void, cancelled: false };
    handle.id = this.base.setTimeout(() => {
      if (handle.cancelled || generation !== this.generation) return;
      if (this.paused) this.deferred.push(handle);
      else handle.fn();
    }, ms);
    return handle;
  }

  clearTimeout(handle: unknown): void {
    const h = handle as TimerHandle | undefined;
    if (!h) return;
    h.cancelled = true;
    this.base.clearTimeout(h.id);
  }

  get isPaused(): boolean {
    return this.paused;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    const due = this.deferred;
    this.deferred = [];
    for (const h of due) if (!h.cancelled) h.fn();
  }

  /** Power off: every pending timer of this life is forgotten. */
  reset(): void {
    this.generation++;
    this.paused = false;
    this.deferred = [];
  }
}
