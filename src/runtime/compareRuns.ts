// Two runs of one scenario under two settings, side by side (`cli compare`, the Compare page): the
// same seed, so everything that differs comes from the setting. Messages are recorded so the first
// divergence is found at the first message that differs, not only at the next verdict.
import { firstDivergence, metricDifferences, type Divergence, type MetricRow } from '../core/compare.ts';
import type { RunOutput, Scenario } from '../core/types.ts';
import { Simulation } from './simulation.ts';

export interface Comparison {
  a: RunOutput;
  b: RunOutput;
  differences: MetricRow[];
  divergence: Divergence | null;
}

export function compareRuns(a: Scenario, b: Scenario): Comparison {
  const ra = new Simulation(a, { recordMessages: true }).run();
  const rb = new Simulation(b, { recordMessages: true }).run();
  return {
    a: ra,
    b: rb,
    differences: metricDifferences(ra.metrics, rb.metrics),
    divergence: firstDivergence(ra.events, rb.events),
  };
}
