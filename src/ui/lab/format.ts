// Times in plain units with sensible precision (UX-NOTES: "t = 12.4 s", "3 ms after it was sent").
import { formatDuration } from '../../view/nodeState.ts';

export { formatDuration };

/** The clock: "12.4 s"; with `fine` (slow motion, stepping) to the millisecond: "2.001 s". */
export function formatClock(t: number, fine = false): string {
  const s = Math.max(0, t) / 1000;
  if (s >= 600 && !fine) return formatDuration(t);
  return `${s.toFixed(fine ? 3 : 1)} s`;
}

/** A short delay, as in "3 ms after it was sent" or "0.4 ms after…". */
export function formatDelay(ms: number): string {
  if (ms < 0.95) return `${Math.max(0, Math.round(ms * 10) / 10)} ms`;
  return formatDuration(ms);
}

/** "n1, n2 and n3" */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
