// Simulator throughput (issue 2, "Performance"): an N-node, 1-hour scenario with three resources and
// a few faults, timed through the real Simulation (machines, network, metrics), against the bare
// event loop of bench/bareLoop.ts delivering the same number of messages.
import { parseScenario } from '../src/core/scenario.ts';
import type { Scenario } from '../src/core/types.ts';
import { Simulation } from '../src/runtime/simulation.ts';
import { bareLoop } from './bareLoop.ts';

export const HOUR_MS = 3_600_000;

/**
 * Three resources on n1, n4, n7 (two backups each); at 10 min n1 loses power (16 ms of warning,
 * sync distress), at 20 min {n4, n10} are cut off until 25 min, at 33 min n7 pauses for 8 s.
 */
export function throughputScenario(nodes: number, durationMs = HOUR_MS): Scenario {
  if (nodes < 10) throw new Error('the throughput scenario needs at least 10 nodes');
  const names = Array.from({ length: nodes }, (_, i) => `n${i + 1}`);
  const parsed = parseScenario({
    version: 1,
    seed: 42,
    nodes,
    resources: [
      { name: 'db', primary: 'n1', backups: ['n2', 'n3'] },
      { name: 'web', primary: 'n4', backups: ['n5', 'n6'] },
      { name: 'queue', primary: 'n7', backups: ['n8', 'n9'] },
    ],
    durationMs,
    events: [
      { at: 600_000, kind: 'failure', node: 'n1', type: 'power-loss' },
      {
        at: 1_200_000,
        kind: 'partition',
        groups: [['n4', 'n10'], names.filter((n) => n !== 'n4' && n !== 'n10')],
      },
      { at: 1_500_000, kind: 'heal' },
      { at: 1_980_000, kind: 'pause', node: 'n7', ms: 8000 },
    ],
  });
  if (!parsed.ok) throw new Error(`throughput scenario: ${parsed.errors.join('; ')}`);
  return parsed.scenario;
}

export const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[values.length >> 1];

export interface Timings {
  /** Wall time of each run, ms. */
  wall: number[];
  /**
   * CPU time of this process during each run, ms: on a shared, noisy machine it moves far less than
   * wall time when other processes compete for the cores (V8's GC helper threads are counted too).
   */
  cpu: number[];
}

/** Whole runs (construction included), after `warmup` untimed ones. */
export function timeRuns(run: () => void, repeats: number, warmup = 1): Timings {
  for (let i = 0; i < warmup; i++) run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    run();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpu0);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall, cpu };
}

/**
 * Delivered messages, counted in a separate run with `recordMessages` (the Simulation has no public
 * counter), so recording never slows the timed runs. Same scenario and seed ⇒ the same messages.
 */
export function countDelivered(scenario: Scenario): number {
  let delivered = 0;
  for (const e of new Simulation(scenario, { recordMessages: true }).run().events) {
    if (e.kind === 'msg.delivered') delivered++;
  }
  return delivered;
}

export interface ThroughputResult {
  nodes: number;
  hours: number;
  timings: Timings;
  medianMs: number;
  medianCpuMs: number;
  delivered: number;
  messagesPerSecond: number;
  msPerNodeHour: number;
  cpuMsPerNodeHour: number;
}

export function measureThroughput(nodes: number, repeats: number, warmup = 1): ThroughputResult {
  const scenario = throughputScenario(nodes);
  const timings = timeRuns(() => void new Simulation(scenario).run(), repeats, warmup);
  const medianMs = median(timings.wall);
  const medianCpuMs = median(timings.cpu);
  const delivered = countDelivered(scenario);
  const nodeHours = nodes * (scenario.durationMs / HOUR_MS);
  return {
    nodes,
    hours: scenario.durationMs / HOUR_MS,
    timings,
    medianMs,
    medianCpuMs,
    delivered,
    messagesPerSecond: delivered / (medianMs / 1000),
    msPerNodeHour: medianMs / nodeHours,
    cpuMsPerNodeHour: medianCpuMs / nodeHours,
  };
}

export interface BareResult {
  timings: Timings;
  medianMs: number;
  medianCpuMs: number;
  delivered: number;
}

export function measureBareLoop(messages: number, repeats: number): BareResult {
  let delivered = 0;
  const timings = timeRuns(() => void (delivered = bareLoop(messages).delivered), repeats, 2);
  return { timings, medianMs: median(timings.wall), medianCpuMs: median(timings.cpu), delivered };
}
