import type { Clock } from '../../core/ports.ts';

/**
 * The real clock of a live tab: `performance.timeOrigin + performance.now()`, one time base for every
 * page and Worker of a browser, so the traces of all tabs merge exactly (DESIGN §7). Monotonic within
 * a context, unlike Date.now, which the user or NTP may move.
 */
export function liveClock(): Clock {
  return {
    now: () => performance.timeOrigin + performance.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
  };
}

/** A random id for a page or Worker session (sequence numbers count within it). */
export function sessionId(): string {
  const a = new Uint32Array(2);
  crypto.getRandomValues(a);
  return a[0].toString(36) + a[1].toString(36);
}
