// Limits that keep every input finite, one rule each, shared by `cli run`, `cli experiment`, the Lab
// and the Experiments page. First the work a scenario asks for, counted before it runs, so that no
// input can keep the simulator busy for ever (`durationMs: 1e300`, a heartbeat every microsecond).
//
// The unit is a *node-tick*: one node doing its periodic work once (heartbeats to its ring
// neighbours, lease renewals, checks of its neighbours' silence). Everything else a run does
// (messages, verdicts, trace events) is a small multiple of it; the bench measures about one million
// node-ticks per second of one core (BENCHMARKS.md, "cost per node-hour").
import type { Scenario } from './types.ts';

/** About 20 s of one core: far above any teaching scenario (64 nodes × 1 h = 230,400 node-ticks). */
export const DEFAULT_WORK_BUDGET = 20_000_000;
/** The highest budget a user may ask for (about 3 hours of one core). */
export const MAX_WORK_BUDGET = 10_000_000_000;
/** Seeds per cell of an experiment, in the CLI and on the Experiments page alike. */
export const MAX_SEEDS = 1_000_000;

export interface WorkEstimate {
  /** node-ticks the run would take. */
  nodeTicks: number;
  /** The shortest periodic timer, which sets the tick rate, and the field it comes from. */
  periodMs: number;
  periodField: string;
}

/** How much periodic work a run of `s` does, from its fields alone. */
export function estimateWork(
  s: Pick<Scenario, 'nodes' | 'durationMs' | 'heartbeat' | 'policy' | 'fence'>,
): WorkEstimate {
  let periodMs = s.heartbeat.intervalMs;
  let periodField = 'heartbeat.intervalMs';
  // The fence device is retried every retryMs while it fails, for as long as the run lasts.
  if (s.policy === 'fencing' && s.fence.retryMs < periodMs) {
    periodMs = s.fence.retryMs;
    periodField = 'fence.retryMs';
  }
  return { nodeTicks: (s.nodes.length * s.durationMs) / periodMs, periodMs, periodField };
}

const count = (x: number): string => (x >= 1e15 ? x.toExponential(1) : Math.round(x).toLocaleString('en-US'));

/**
 * Null when the run fits the budget; otherwise one sentence with the numbers: what the run asks
 * for, the budget, and which fields to change. `raise` says how to raise the budget where the
 * caller offers a way (a CLI option); the core does not know it.
 */
export function workProblem(
  s: Pick<Scenario, 'nodes' | 'durationMs' | 'heartbeat' | 'policy' | 'fence'>,
  budget: number = DEFAULT_WORK_BUDGET,
  raise?: string,
): string | null {
  const w = estimateWork(s);
  if (w.nodeTicks <= budget) return null;
  const how = raise === undefined ? '' : `, or ${raise}`;
  return (
    `too much work: ${s.nodes.length} nodes × durationMs ${s.durationMs} ÷ ${w.periodField} ${w.periodMs} = ` +
    `${count(w.nodeTicks)} node-ticks, over the budget of ${count(budget)}; ` +
    `shorten the run or lengthen ${w.periodField}${how}`
  );
}

/** Worker threads (CLI) or Web Workers (Experiments page) by default: the cores, at most 4. */
export function defaultWorkerCount(cores: number): number {
  return Math.max(1, Math.min(Number.isFinite(cores) ? Math.floor(cores) : 1, 4));
}
