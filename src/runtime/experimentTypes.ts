// Plain data of the experiment grid (issue 4): what to run, one run's numbers, one cell's summary.
// Everything here is structured-cloneable, so it crosses worker_threads and Web Worker boundaries as is.
import type { ModeOption, Policy, PresetName, Scenario } from '../core/types.ts';

/** One value of the policy axis: a bare policy, or a preset (policy + detector timings + fence). */
export type PolicyChoice = { policy: Policy } | { preset: PresetName };

export interface ExperimentSpec {
  /** The scenario every run starts from (resolved: every default filled in). */
  base: Scenario;
  policies: PolicyChoice[];
  distress: boolean[];
  preformed: boolean[];
  modes: ModeOption[];
  /** Failure injected on the primary of the first resource; null = only the base scenario's events. */
  failures: (string | null)[];
  /** Warning before death; null = the catalogue default of the failure type. */
  warningsMs: (number | null)[];
  seeds: number;
  /** Run i (0-based) of every cell uses the seed deriveSeed(baseSeed, i): cells are compared seed for seed. */
  baseSeed: number;
  failureAtMs: number;
  /**
   * A simulated administrator answers every `admin.required` this long after it was raised (if it is
   * still pending) by marking the silent node failed; null = nobody comes. Without one, `manual`
   * never fails over on silence and "admin interventions" would always read 0.
   */
  adminDelayMs: number | null;
}

/**
 * One row of the table. Axes that cannot matter are null, so the grid holds no duplicate rows:
 * pre-formed and mode when distress is off, the warning when the failure gives none (crash, pause).
 */
export interface Cell {
  policy: Policy;
  preset: PresetName | null;
  distress: boolean;
  preformed: boolean | null;
  mode: ModeOption | null;
  failure: string | null;
  warningMs: number | null;
}

/** The numbers kept from one run: small, so workers send back little. */
export interface RunSummary {
  seed: number;
  distressSent: number;
  distressLost: number;
  /** Every failover of every resource, in resource order. */
  failoverMs: number[];
  /** Summed over resources. */
  unavailableMs: number;
  splitBrainMs: number;
  adminInterventions: number;
  falseFailovers: number;
}

export interface CellResult {
  settings: Cell;
  runs: number;
  distress: {
    sent: number;
    lost: number;
    /** sent / (sent + lost): P(the distress leaves before death); null when none was attempted. */
    pLeaves: number | null;
  };
  failover: {
    /** Runs with at least one failover. */
    runs: number;
    /** Of those, runs with no administrator action: the patent's "without an administrator". */
    withoutAdmin: number;
    /** Failovers in all runs (a run may fail over more than once). */
    count: number;
    /** Over every failover of the cell's runs; null when there was none. */
    meanMs: number | null;
    p50Ms: number | null;
    p95Ms: number | null;
  };
  /** Means per run. */
  unavailableMs: number;
  splitBrainMs: number;
  /** Totals over the cell's runs. */
  adminInterventions: number;
  falseFailovers: number;
}

export interface ExperimentResult {
  experiment: {
    seeds: number;
    baseSeed: number;
    seedRule: string;
    failureNode: string;
    failureAtMs: number;
    adminDelayMs: number | null;
    base: Scenario;
  };
  cells: CellResult[];
}
