// Sums up the runs of an experiment, cell by cell. Runs arrive in task order (cell-major), whoever
// computed them, so the summary is the same for 1 worker or 16.
import type { Cell, CellResult, ExperimentResult, ExperimentSpec, RunSummary } from './experimentTypes.ts';

export const SEED_RULE = 'run i (0-based) of every cell uses seed deriveSeed(baseSeed, i) (src/core/rng.ts)';

export function summarizeCells(
  spec: ExperimentSpec,
  cells: readonly Cell[],
  runs: readonly RunSummary[],
): ExperimentResult {
  if (runs.length !== cells.length * spec.seeds) {
    throw new Error(`expected ${cells.length * spec.seeds} runs, got ${runs.length}`);
  }
  return {
    experiment: {
      seeds: spec.seeds,
      baseSeed: spec.baseSeed,
      seedRule: SEED_RULE,
      failureNode: spec.base.resources[0].primary,
      failureAtMs: spec.failureAtMs,
      adminDelayMs: spec.adminDelayMs,
      base: spec.base,
    },
    cells: cells.map((cell, i) => summarizeCell(cell, runs.slice(i * spec.seeds, (i + 1) * spec.seeds))),
  };
}

export function summarizeCell(cell: Cell, runs: readonly RunSummary[]): CellResult {
  const sent = sum(runs.map((r) => r.distressSent));
  const lost = sum(runs.map((r) => r.distressLost));
  const times = runs.flatMap((r) => r.failoverMs).sort((a, b) => a - b);
  const failedOver = runs.filter((r) => r.failoverMs.length > 0);
  return {
    settings: cell,
    runs: runs.length,
    distress: { sent, lost, pLeaves: sent + lost === 0 ? null : round(sent / (sent + lost)) },
    failover: {
      runs: failedOver.length,
      withoutAdmin: failedOver.filter((r) => r.adminInterventions === 0).length,
      count: times.length,
      meanMs: times.length === 0 ? null : round(sum(times) / times.length),
      p50Ms: quantile(times, 0.5),
      p95Ms: quantile(times, 0.95),
    },
    unavailableMs: mean(runs.map((r) => r.unavailableMs)),
    splitBrainMs: mean(runs.map((r) => r.splitBrainMs)),
    adminInterventions: sum(runs.map((r) => r.adminInterventions)),
    falseFailovers: sum(runs.map((r) => r.falseFailovers)),
  };
}

/** Nearest-rank quantile of sorted values: always one of the observed values, no interpolation. */
export function quantile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1];
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : round(sum(values) / values.length);
}

/** To the microsecond (3 decimals of ms), like the run metrics: stable across platforms. */
function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
