// Metrics over time for the small chart: sampled on a fixed grid of virtual time, so the chart of
// a run is the same however fast it was played or scrubbed.
import type { Metrics } from '../../core/types.ts';

/** About 400 samples per run, never closer than 50 ms. */
export function sampleStep(durationMs: number): number {
  return Math.max(50, Math.ceil(durationMs / 400));
}

export interface MetricTotals {
  unavailableMs: number;
  splitBrainMs: number;
  failovers: number;
  /** Mean time to fail over, ms, or null before the first failover. */
  meanFailoverMs: number | null;
}

/** Sums over resources: what the panel's headline numbers show. */
export function totals(m: Metrics): MetricTotals {
  let unavailableMs = 0;
  let splitBrainMs = 0;
  let failovers = 0;
  const times: number[] = [];
  for (const r of Object.values(m.resources)) {
    unavailableMs += r.unavailableMs;
    splitBrainMs += r.splitBrainMs;
    failovers += r.failovers;
    times.push(...r.failoverMs);
  }
  const meanFailoverMs = times.length ? times.reduce((a, b) => a + b, 0) / times.length : null;
  return { unavailableMs, splitBrainMs, failovers, meanFailoverMs };
}
