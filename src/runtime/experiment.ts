// The experiment grid of issue 4: settings (policy or preset × distress × pre-formed × mode × failure ×
// warning) × N seeds, each run headless, summed up per cell. Pure and synchronous, with no Node API:
// the CLI spreads runs over worker_threads, the Experiments page will run them in a Web Worker.
// Any run is a function of (spec, task index) only, so the result cannot depend on how runs are split.
import { catalogueEntry } from '../core/catalogue.ts';
import { presetByName } from '../core/presets.ts';
import { deriveSeed } from '../core/rng.ts';
import { workProblem } from '../core/limits.ts';
import { parseScenario } from '../core/scenario.ts';
import type { NodeId, Scenario, ScenarioEvent } from '../core/types.ts';
import { summarizeCells } from './experimentStats.ts';
import type { Cell, ExperimentResult, ExperimentSpec, RunSummary } from './experimentTypes.ts';
import { Simulation } from './simulation.ts';

export type * from './experimentTypes.ts';

/** A 5-node cluster with one resource: the base of `cli experiment` when no scenario is given. */
export const DEFAULT_EXPERIMENT_SCENARIO = Object.freeze({
  version: 1,
  seed: 1,
  nodes: 5,
  resources: [{ name: 'db', primary: 'n1', backups: ['n2', 'n3'] }],
  policy: 'manual',
  durationMs: 90_000,
});

/** The failure mix injected when neither a scenario nor `--failure` says otherwise. */
export const DEFAULT_FAILURE_MIX: readonly string[] = Object.freeze([
  'power-loss-battery',
  'power-loss',
  'os-crash',
  'crash',
]);

export const DEFAULT_FAILURE_AT_MS = 10_000;
/** An on-call administrator who looks at the console within a minute: an assumption, stated in RESULTS. */
export const DEFAULT_ADMIN_DELAY_MS = 60_000;
export const DEFAULT_SEEDS = 20;

export function defaultExperimentScenario(): Scenario {
  const parsed = parseScenario(DEFAULT_EXPERIMENT_SCENARIO);
  if (!parsed.ok) throw new Error(`built-in experiment scenario: ${parsed.errors.join('; ')}`);
  return parsed.scenario;
}

/** A failure type whose warning time changes nothing: the node sees nothing coming. */
function warningApplies(type: string): boolean {
  return catalogueEntry(type)?.detectable ?? true;
}

function warningFor(type: string, warning: number | null): number | null {
  if (!warningApplies(type)) return null;
  return warning ?? catalogueEntry(type)?.defaultWarningMs ?? 0;
}

/** Every distinct cell, in the nesting order of the axes (policy outermost, warning innermost). */
export function expandGrid(spec: ExperimentSpec): Cell[] {
  const cells: Cell[] = [];
  const seen = new Set<string>();
  for (const choice of spec.policies) {
    const preset = 'preset' in choice ? choice.preset : null;
    const policy =
      'preset' in choice ? (presetByName(choice.preset)?.policy ?? spec.base.policy) : choice.policy;
    for (const distress of spec.distress) {
      for (const preformed of spec.preformed) {
        for (const mode of spec.modes) {
          for (const failure of spec.failures) {
            for (const warning of spec.warningsMs) {
              const cell: Cell = {
                policy,
                preset,
                distress,
                preformed: distress ? preformed : null,
                mode: distress ? mode : null,
                failure,
                warningMs: failure === null ? null : warningFor(failure, warning),
              };
              const key = JSON.stringify(cell);
              if (seen.has(key)) continue;
              seen.add(key);
              cells.push(cell);
            }
          }
        }
      }
    }
  }
  return cells;
}

export function runSeed(spec: ExperimentSpec, seedIndex: number): number {
  return deriveSeed(spec.baseSeed, seedIndex);
}

/** The node the failure hits: the primary of the first resource. */
export function failureNode(spec: ExperimentSpec): NodeId {
  return spec.base.resources[0].primary;
}

/** The exact scenario of one run. */
export function cellScenario(spec: ExperimentSpec, cell: Cell, seedIndex: number): Scenario {
  const base = spec.base;
  const preset = cell.preset === null ? undefined : presetByName(cell.preset);
  const events: ScenarioEvent[] = [...base.events];
  if (cell.failure !== null) {
    const at = spec.failureAtMs;
    const node = failureNode(spec);
    const injected: ScenarioEvent =
      cell.failure === 'crash'
        ? { at, kind: 'crash', node }
        : { at, kind: 'failure', node, type: cell.failure, warningMs: cell.warningMs ?? 0 };
    // After the base's own events at the same instant, as a file listing it last would be.
    let i = events.length;
    while (i > 0 && events[i - 1].at > at) i--;
    events.splice(i, 0, injected);
  }
  return {
    ...base,
    seed: runSeed(spec, seedIndex),
    policy: cell.policy,
    preset: cell.preset,
    heartbeat: preset ? { ...preset.heartbeat } : base.heartbeat,
    leaseMs: preset ? preset.leaseMs : base.leaseMs,
    fence: preset ? { ...preset.fence } : base.fence,
    distress: cell.distress,
    options: {
      ...base.options,
      preformed: cell.preformed ?? base.options.preformed,
      mode: cell.mode ?? base.options.mode,
    },
    events,
  };
}

/**
 * The first cell whose runs would exceed the work budget (core/limits.ts), as a sentence naming the
 * cell; null when every run fits. Seeds do not change the work, so seed 0 stands for all.
 */
export function experimentWorkProblem(spec: ExperimentSpec, budget?: number, raise?: string): string | null {
  for (const cell of expandGrid(spec)) {
    const problem = workProblem(cellScenario(spec, cell, 0), budget, raise);
    if (problem === null) continue;
    const setting = cell.preset === null ? `policy ${cell.policy}` : `preset ${cell.preset}`;
    return `a run with ${setting}: ${problem}`;
  }
  return null;
}

export function taskCount(spec: ExperimentSpec, cells: readonly Cell[]): number {
  return cells.length * spec.seeds;
}

/** Task k is seed k mod seeds of cell ⌊k / seeds⌋. */
export function runTask(spec: ExperimentSpec, cells: readonly Cell[], k: number): RunSummary {
  const cell = cells[Math.floor(k / spec.seeds)];
  return runScenario(cellScenario(spec, cell, k % spec.seeds), spec.adminDelayMs);
}

/** Run one scenario to its end, with the simulated administrator if there is one. */
export function runScenario(scenario: Scenario, adminDelayMs: number | null): RunSummary {
  const sim = new Simulation(scenario);
  if (adminDelayMs === null) sim.runUntil(scenario.durationMs);
  else runWithAdministrator(sim, adminDelayMs);
  const m = sim.metrics();
  const resources = Object.values(m.resources);
  return {
    seed: scenario.seed,
    distressSent: m.distress.sent,
    distressLost: m.distress.lost,
    failoverMs: resources.flatMap((r) => r.failoverMs),
    unavailableMs: resources.reduce((sum, r) => sum + r.unavailableMs, 0),
    splitBrainMs: resources.reduce((sum, r) => sum + r.splitBrainMs, 0),
    adminInterventions: m.adminInterventions,
    falseFailovers: m.falseFailovers,
  };
}

/**
 * Step the run, answering each `admin.required` after the delay unless it is no longer pending. The
 * pending set mirrors the Simulation's from the trace: raised by `admin.required`, cleared when an
 * observer hears the peer again (`peer.alive`) or an administrator acted (`admin.action`).
 */
function runWithAdministrator(sim: Simulation, delayMs: number): void {
  const end = sim.scenario.durationMs;
  const trace = sim.trace();
  const queue: Array<{ at: number; peer: NodeId }> = [];
  const pending = new Set<NodeId>();
  let seen = 0;
  for (;;) {
    // Times are raised in order, so `queue` stays sorted by `at`.
    while (seen < trace.length) {
      const e = trace[seen++];
      if (e.kind === 'admin.required') {
        pending.add(e.peer);
        queue.push({ at: e.t + delayMs, peer: e.peer });
      } else if (e.kind === 'peer.alive' || e.kind === 'admin.action') pending.delete(e.peer);
    }
    const due = queue.length > 0 ? queue[0].at : Infinity;
    if (due <= end && due <= sim.nextEventTime()) {
      const { peer } = queue.shift()!;
      sim.runUntil(due);
      if (pending.has(peer)) sim.act({ kind: 'admin', action: 'mark-failed', node: peer });
      continue;
    }
    if (!sim.step()) break;
  }
}

export interface RunExperimentOptions {
  /** Called after every run with (runs done, runs in all). */
  onProgress?: (done: number, total: number) => void;
  /** Checked between runs: the browser page's Cancel. */
  signal?: { readonly aborted: boolean };
}

/** The whole grid, inline. Returns null when cancelled. */
export function runExperiment(
  spec: ExperimentSpec,
  options: RunExperimentOptions = {},
): ExperimentResult | null {
  const cells = expandGrid(spec);
  const total = taskCount(spec, cells);
  const runs: RunSummary[] = [];
  for (let k = 0; k < total; k++) {
    if (options.signal?.aborted) return null;
    runs.push(runTask(spec, cells, k));
    options.onProgress?.(k + 1, total);
  }
  return summarizeCells(spec, cells, runs);
}
