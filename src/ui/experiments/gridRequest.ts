// What the Experiments page asks for: the grid as plain data, checked the same way by the page (before
// it starts) and by the worker (on every message it receives). It maps one to one onto the options of
// `cli experiment`, so the page can print the command that gives the very same numbers.
import { PRESET_NAMES } from '../../core/presets.ts';
import { POLICIES } from '../../core/scenarioSchema.ts';
import type { ModeOption, Policy, PresetName } from '../../core/types.ts';
import { MAX_SEEDS } from '../../core/limits.ts';
import { defaultExperimentScenario, expandGrid, experimentWorkProblem } from '../../runtime/experiment.ts';
import type { ExperimentSpec } from '../../runtime/experiment.ts';

export interface GridRequest {
  /** Bare policies; run before the presets, in this order, as `--policy` comes before `--preset`. */
  policies: Policy[];
  presets: PresetName[];
  distress: boolean[];
  preformed: boolean[];
  modes: ModeOption[];
  failures: string[];
  /** null = the catalogue's default warning of each failure type. */
  warningsMs: (number | null)[];
  seeds: number;
  baseSeed: number;
  durationMs: number;
  failureAtMs: number;
  /** null = no administrator ever comes. */
  adminDelayMs: number | null;
}

export type GridField =
  | 'policies'
  | 'distress'
  | 'preformed'
  | 'modes'
  | 'failures'
  | 'warningsMs'
  | 'seeds'
  | 'baseSeed'
  | 'durationMs'
  | 'failureAtMs'
  | 'adminDelayMs'
  | 'grid';

export interface GridProblem {
  field: GridField;
  message: string;
}

export const MODES: readonly ModeOption[] = ['auto', 'sync', 'async'];
/**
 * The seed cap and the work budget of one run are the CLI's own (core/limits.ts): a grid the page
 * accepts, `cli experiment` accepts, and the other way round. A long grid shows its progress and can
 * be cancelled.
 */
export const LIMITS = {
  seeds: MAX_SEEDS,
  warnings: 20,
  minDurationMs: 1000,
  maxMs: 3_600_000,
  maxSeed: 0xffffffff,
} as const;
/** A failure name the scenario format accepts and the distress reason slot can carry (31 bytes). */
export const FAILURE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,30}$/;

const isMs = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;
const show = (x: unknown): string =>
  typeof x === 'string' ? JSON.stringify(x.length > 30 ? `${x.slice(0, 30)}…` : x) : String(x);

/** The checks that span fields, in words a student can act on; [] when the grid can run. */
export function gridProblems(r: GridRequest): GridProblem[] {
  const out: GridProblem[] = [];
  const say = (field: GridField, message: string): void => void out.push({ field, message });
  if (r.policies.length + r.presets.length === 0)
    say('policies', 'Policy: tick at least one policy or preset.');
  if (r.distress.length === 0) say('distress', 'Distress signal: tick on, off or both.');
  if (r.preformed.length === 0)
    say('preformed', 'Message: tick pre-formed, composed at failure time, or both.');
  if (r.modes.length === 0) say('modes', 'Send mode: tick at least one of auto, sync, async.');
  if (r.failures.length === 0) say('failures', 'Failure mix: tick at least one failure type.');
  if (r.warningsMs.length === 0) say('warningsMs', 'Warning times: enter at least one (or "default").');
  if (r.warningsMs.length > LIMITS.warnings)
    say('warningsMs', `Warning times: at most ${LIMITS.warnings} values, got ${r.warningsMs.length}.`);
  if (!(r.durationMs >= LIMITS.minDurationMs && r.durationMs <= LIMITS.maxMs))
    say('durationMs', `Run length: must be from ${LIMITS.minDurationMs} to ${LIMITS.maxMs} ms.`);
  else if (!(r.failureAtMs < r.durationMs))
    say(
      'failureAtMs',
      `Failure at: ${r.failureAtMs} ms is not before the end of the run (${r.durationMs} ms); make it earlier or the run longer.`,
    );
  if (out.length === 0) {
    const tooMuch = experimentWorkProblem(gridSpec(r));
    if (tooMuch !== null) say('grid', `${tooMuch.charAt(0).toUpperCase()}${tooMuch.slice(1)}.`);
  }
  return out;
}

/** Every value of an unknown message checked, then the cross-field checks: what the worker runs. */
export function checkGridRequest(
  raw: unknown,
): { ok: true; request: GridRequest } | { ok: false; problem: string } {
  const fail = (problem: string) => ({ ok: false as const, problem });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return fail(`request: expected an object, got ${show(raw)}`);
  const r = raw as Record<string, unknown>;
  const keys = Object.keys(r).sort().join();
  if (keys !== Object.keys(EMPTY).sort().join())
    return fail(`request: expected the fields ${Object.keys(EMPTY).join(', ')}`);
  const list = <T>(name: string, ok: (x: unknown) => x is T, what: string, max = 64): T[] | string => {
    const value = r[name];
    if (!Array.isArray(value) || value.length > max)
      return `${name}: expected a list of at most ${max} ${what}`;
    const bad = value.find((x) => !ok(x));
    if (bad !== undefined) return `${name}: ${show(bad)} is not ${what}`;
    if (new Set(value.map((x) => JSON.stringify(x))).size !== value.length)
      return `${name}: a value is listed twice`;
    return value as T[];
  };
  const lists = {
    policies: list(
      'policies',
      (x): x is Policy => POLICIES.includes(x as Policy),
      `one of ${POLICIES.join(', ')}`,
    ),
    presets: list(
      'presets',
      (x): x is PresetName => PRESET_NAMES.includes(x as PresetName),
      `one of ${PRESET_NAMES.join(', ')}`,
    ),
    distress: list('distress', (x): x is boolean => typeof x === 'boolean', 'true or false', 2),
    preformed: list('preformed', (x): x is boolean => typeof x === 'boolean', 'true or false', 2),
    modes: list(
      'modes',
      (x): x is ModeOption => MODES.includes(x as ModeOption),
      `one of ${MODES.join(', ')}`,
      3,
    ),
    failures: list(
      'failures',
      (x): x is string => typeof x === 'string' && FAILURE_NAME.test(x) && x !== 'none',
      'a failure type name',
    ),
    warningsMs: list(
      'warningsMs',
      (x): x is number | null => x === null || (isMs(x) && x <= LIMITS.maxMs),
      `null or 0–${LIMITS.maxMs} ms`,
      LIMITS.warnings,
    ),
  };
  for (const v of Object.values(lists)) if (typeof v === 'string') return fail(v);
  const int = (name: string, min: number, max: number): number | string => {
    const x = r[name];
    return Number.isSafeInteger(x) && (x as number) >= min && (x as number) <= max
      ? (x as number)
      : `${name}: expected a whole number from ${min} to ${max}, got ${show(x)}`;
  };
  const ms = (name: string, nullable = false): number | null | string => {
    const x = r[name];
    if (nullable && x === null) return null;
    return isMs(x) && x <= LIMITS.maxMs
      ? x
      : `${name}: expected a time from 0 to ${LIMITS.maxMs} ms${nullable ? ' or null' : ''}, got ${show(x)}`;
  };
  const scalars = {
    seeds: int('seeds', 1, LIMITS.seeds),
    baseSeed: int('baseSeed', 0, LIMITS.maxSeed),
    durationMs: ms('durationMs'),
    failureAtMs: ms('failureAtMs'),
    adminDelayMs: ms('adminDelayMs', true),
  };
  for (const v of Object.values(scalars)) if (typeof v === 'string') return fail(v);
  const request = { ...lists, ...scalars } as GridRequest;
  const problems = gridProblems(request);
  return problems.length > 0 ? fail(problems.map((p) => p.message).join(' ')) : { ok: true, request };
}

const EMPTY: GridRequest = {
  policies: [],
  presets: [],
  distress: [],
  preformed: [],
  modes: [],
  failures: [],
  warningsMs: [],
  seeds: 1,
  baseSeed: 0,
  durationMs: 0,
  failureAtMs: 0,
  adminDelayMs: null,
};

/** The spec `cli experiment` builds from the same options (src/cli/experimentOptions.ts). */
export function gridSpec(r: GridRequest): ExperimentSpec {
  const base = defaultExperimentScenario();
  base.durationMs = r.durationMs;
  return {
    base,
    policies: [...r.policies.map((policy) => ({ policy })), ...r.presets.map((preset) => ({ preset }))],
    distress: [...r.distress],
    preformed: [...r.preformed],
    modes: [...r.modes],
    failures: [...r.failures],
    warningsMs: [...r.warningsMs],
    seeds: r.seeds,
    baseSeed: r.baseSeed,
    failureAtMs: r.failureAtMs,
    adminDelayMs: r.adminDelayMs,
  };
}

export function gridSize(r: GridRequest): { cells: number; runs: number } {
  const cells = expandGrid(gridSpec(r)).length;
  return { cells, runs: cells * r.seeds };
}

const onOff = (values: boolean[]): string => values.map((b) => (b ? 'on' : 'off')).join(',');

/** The `cli experiment` arguments that run exactly this grid. */
export function cliArgs(r: GridRequest): string[] {
  const args = ['experiment'];
  const add = (name: string, value: string): void => void args.push(`--${name}`, value);
  if (r.policies.length > 0) add('policy', r.policies.join(','));
  if (r.presets.length > 0) add('preset', r.presets.join(','));
  add('distress', onOff(r.distress));
  add('preformed', onOff(r.preformed));
  add('mode', r.modes.join(','));
  add('failure', r.failures.join(','));
  add('warning', r.warningsMs.map((w) => (w === null ? 'default' : String(w))).join(','));
  add('seeds', String(r.seeds));
  add('seed', String(r.baseSeed));
  add('duration', String(r.durationMs));
  add('at', String(r.failureAtMs));
  add('admin-delay', r.adminDelayMs === null ? 'never' : String(r.adminDelayMs));
  return args;
}

/** The command a student can paste into a terminal (every argument is shell-safe by construction). */
export function cliCommand(r: GridRequest, output: 'table' | 'json' | 'csv' = 'json'): string {
  const flag = output === 'table' ? [] : [`--${output}`];
  return ['npm run --silent cli --', ...cliArgs(r), ...flag].join(' ');
}
