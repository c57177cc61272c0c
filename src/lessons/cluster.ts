// The cluster every lesson starts from, so a learner meets the same five nodes each time: n1 runs
// the database (db), n2 and n3 are its backups in that order, heartbeats every second, a neighbour
// silent for 3 s is suspect. A step states only what it changes.
import type { ScenarioInput } from '../core/scenarioSchema.ts';

export function cluster(changes: Partial<ScenarioInput> & Pick<ScenarioInput, 'durationMs'>): ScenarioInput {
  // A preset brings its own policy and detector timings: explicit ones would override it.
  const detector = changes.preset
    ? {}
    : { policy: 'manual' as const, heartbeat: { intervalMs: 1000, timeoutMs: 3000 } };
  return {
    version: 1,
    seed: 7,
    nodes: ['n1', 'n2', 'n3', 'n4', 'n5'],
    resources: [{ name: 'db', primary: 'n1', backups: ['n2', 'n3'] }],
    ...detector,
    distress: true,
    network: { latencyMs: [1, 5], loss: 0 },
    events: [],
    ...changes,
  };
}
