// When something worth watching happens in a scenario, so a lesson can fast-forward the waits
// in between (UX-NOTES: the longest waits of other walkthroughs have no narration at all).
import type { Scenario, TraceEvent } from '../../core/types.ts';
import { Simulation } from '../../runtime/simulation.ts';

/**
 * When something a learner should see happens in this scenario (every trace event but message
 * traffic), from a headless run of the same deterministic simulation.
 */
export function eventTimes(s: Scenario): number[] {
  const times = new Set<number>();
  const trace: readonly TraceEvent[] = new Simulation(s).run().events;
  for (const e of trace) if (e.t > 0 && !e.kind.startsWith('msg.')) times.add(e.t);
  return [...times].sort((a, b) => a - b);
}
