// The hard case of issue 13: the hour a new user builds in the Lab, under every policy side by side.
// N nodes, three resources on three different primaries, latency 1–5 ms, 1 % loss, a battery
// failure, a crash and a two-node partition. Optionally a partition into two halves for ten minutes,
// the case whose cost must not grow with the square of the cluster.
import { parseScenario } from '../src/core/scenario.ts';
import type { Policy, Scenario } from '../src/core/types.ts';
import { Simulation } from '../src/runtime/simulation.ts';
import { HOUR_MS, median, timeRuns, type Timings } from './throughput.ts';

export const POLICIES: readonly Policy[] = ['manual', 'quorum', 'fencing', 'aggressive'];

export interface PolicyScenarioOptions {
  /** Add a partition into two equal halves from 45 to 55 min. */
  halves?: boolean;
  durationMs?: number;
}

/**
 * At 10 min n1 (primary of `db`) loses mains power on battery (distress sent ahead of time), at 20 min
 * n4 (primary of `web`) crashes silently, from 30 to 40 min {n7, n10} are cut off from the rest
 * (n7 is primary of `queue`).
 */
export function policyScenario(nodes: number, policy: Policy, options: PolicyScenarioOptions = {}): Scenario {
  if (nodes < 10) throw new Error('the policy scenario needs at least 10 nodes');
  const names = Array.from({ length: nodes }, (_, i) => `n${i + 1}`);
  const pair = ['n7', 'n10'];
  const events: unknown[] = [
    { at: 600_000, kind: 'failure', node: 'n1', type: 'power-loss-battery' },
    { at: 1_200_000, kind: 'crash', node: 'n4' },
    { at: 1_800_000, kind: 'partition', groups: [pair, names.filter((n) => !pair.includes(n))] },
    { at: 2_400_000, kind: 'heal' },
  ];
  if (options.halves) {
    const half = nodes >> 1;
    events.push(
      { at: 2_700_000, kind: 'partition', groups: [names.slice(0, half), names.slice(half)] },
      { at: 3_300_000, kind: 'heal' },
    );
  }
  const parsed = parseScenario({
    version: 1,
    seed: 42,
    nodes,
    policy,
    network: { latencyMs: [1, 5], loss: 0.01 },
    resources: [
      { name: 'db', primary: 'n1', backups: ['n2', 'n3'] },
      { name: 'web', primary: 'n4', backups: ['n5', 'n6'] },
      { name: 'queue', primary: 'n7', backups: ['n8', 'n9'] },
    ],
    durationMs: options.durationMs ?? HOUR_MS,
    events,
  });
  if (!parsed.ok) throw new Error(`policy scenario: ${parsed.errors.join('; ')}`);
  return parsed.scenario;
}

export interface PolicyCount {
  delivered: number;
  sent: number;
  /** Trace events other than messages (what the Lab stores and draws besides flights). */
  traced: number;
}

/** Messages and trace events, counted in an untimed run that records messages. */
export function countPolicyRun(scenario: Scenario): PolicyCount {
  const out: PolicyCount = { delivered: 0, sent: 0, traced: 0 };
  for (const e of new Simulation(scenario, { recordMessages: true }).run().events) {
    if (e.kind === 'msg.delivered') out.delivered++;
    else if (e.kind === 'msg.sent') out.sent++;
    else if (e.kind !== 'msg.dropped') out.traced++;
  }
  return out;
}

export interface PolicyResult extends PolicyCount {
  policy: Policy;
  nodes: number;
  timings: Timings;
  medianMs: number;
  medianCpuMs: number;
}

export function measurePolicy(
  nodes: number,
  policy: Policy,
  repeats: number,
  options: PolicyScenarioOptions = {},
  warmup = 1,
): PolicyResult {
  const scenario = policyScenario(nodes, policy, options);
  const timings = timeRuns(() => void new Simulation(scenario).run(), repeats, warmup);
  return {
    policy,
    nodes,
    timings,
    medianMs: median(timings.wall),
    medianCpuMs: median(timings.cpu),
    ...countPolicyRun(scenario),
  };
}
