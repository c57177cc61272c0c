import type { Clock } from '../core/ports.ts';

/**
 * Wall-clock time for live mode: the same Clock the simulator's virtual clock implements. Absolute
 * epoch milliseconds, so join times compare across tabs and devices (roughly synchronised clocks).
 */
export function realClock(): Clock {
  return {
    now: () => Date.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
  };
}
