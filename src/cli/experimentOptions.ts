// `cli experiment` options → an ExperimentSpec. Also used by the RESULTS.md generator, so every table
// there is exactly what the printed `cli experiment …` command gives.
import { isKnownFailure } from '../core/catalogue.ts';
import { defaultWorkerCount, MAX_SEEDS } from '../core/limits.ts';
import { PRESET_NAMES } from '../core/presets.ts';
import type { ModeOption, Policy, PresetName, Scenario } from '../core/types.ts';
import {
  DEFAULT_ADMIN_DELAY_MS,
  DEFAULT_FAILURE_AT_MS,
  DEFAULT_FAILURE_MIX,
  DEFAULT_SEEDS,
  defaultExperimentScenario,
  experimentWorkProblem,
} from '../runtime/experiment.ts';
import type { ExperimentSpec, PolicyChoice } from '../runtime/experiment.ts';
import {
  parseChoice,
  parseCommand,
  parseInteger,
  parseList,
  parseMs,
  parseOnOff,
  parseWorkBudget,
  stringValue,
  unique,
  UsageError,
} from './args.ts';
import type { OptionSpec, Values } from './args.ts';
import { RAISE_BUDGET } from './scenarioFile.ts';

export const EXPERIMENT_OPTIONS: OptionSpec = {
  scenario: { type: 'string' },
  duration: { type: 'string' },
  policy: { type: 'string' },
  preset: { type: 'string' },
  distress: { type: 'string' },
  preformed: { type: 'string' },
  mode: { type: 'string' },
  failure: { type: 'string' },
  warning: { type: 'string' },
  at: { type: 'string' },
  'admin-delay': { type: 'string' },
  seeds: { type: 'string' },
  seed: { type: 'string' },
  workers: { type: 'string' },
  'max-work': { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  progress: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

const POLICIES: readonly Policy[] = ['manual', 'quorum', 'fencing', 'aggressive'];
const MODES: readonly ModeOption[] = ['auto', 'sync', 'async'];
export const MAX_WORKERS = 64;

export interface ExperimentInvocation {
  spec: ExperimentSpec;
  workers: number;
  output: 'table' | 'json' | 'csv';
  progress: boolean;
  /** Things worth saying on stderr that are not errors (an unknown failure type, say). */
  notes: string[];
}

export interface ExperimentEnv {
  /** Logical cores, for the default worker count. */
  cores: number;
  readScenario(path: string, workBudget: number): Scenario;
}

/** null when the user asked for help. */
export function parseExperimentArgs(
  args: readonly string[],
  env: ExperimentEnv,
): ExperimentInvocation | null {
  const { values, positionals } = parseCommand('experiment', args, EXPERIMENT_OPTIONS);
  if (values.help) return null;
  const fail = (message: string): never => {
    throw new UsageError(message, { command: 'experiment' });
  };
  if (positionals.length > 0) {
    fail(
      `experiment takes no file argument (got '${positionals[0]}'); did you mean --scenario ${positionals[0]}?`,
    );
  }
  if (values.json && values.csv) fail('--json and --csv: choose one output format');
  try {
    return build(values, env);
  } catch (error) {
    if (error instanceof UsageError && error.command === null) {
      throw new UsageError(error.message, { details: error.details, command: 'experiment' });
    }
    throw error;
  }
}

function build(values: Values, env: ExperimentEnv): ExperimentInvocation {
  const opt = (name: string): string | undefined => stringValue(values, name);
  const list = (name: string): string[] | undefined => {
    const text = opt(name);
    return text === undefined ? undefined : unique(parseList(name, text));
  };
  const notes: string[] = [];

  const workBudget = parseWorkBudget(values);
  const scenarioPath = opt('scenario');
  const base =
    scenarioPath === undefined ? defaultExperimentScenario() : env.readScenario(scenarioPath, workBudget);
  const duration = opt('duration');
  if (duration !== undefined) {
    base.durationMs = parseMs('duration', duration);
    if (base.durationMs === 0) throw new UsageError('--duration: a run must last more than 0 ms');
  }

  const policies: PolicyChoice[] = [
    ...(list('policy') ?? []).map((p) => ({ policy: parseChoice('policy', p, POLICIES) })),
    ...(list('preset') ?? []).map((p) => ({ preset: parseChoice<PresetName>('preset', p, PRESET_NAMES) })),
  ];
  if (policies.length === 0)
    policies.push(base.preset === null ? { policy: base.policy } : { preset: base.preset });

  const failures = (
    list('failure') ?? (scenarioPath === undefined ? [...DEFAULT_FAILURE_MIX] : ['none'])
  ).map((f) => (f === 'none' ? null : f));
  for (const f of failures) {
    if (f !== null && !isKnownFailure(f)) {
      notes.push(
        `note: '${f}' is not in the failure catalogue: it runs as an unknown failure, sent sync (§0049)`,
      );
    }
  }

  const at = opt('at') === undefined ? DEFAULT_FAILURE_AT_MS : parseMs('at', opt('at')!);
  if (failures.some((f) => f !== null) && at >= base.durationMs) {
    throw new UsageError(`--at: ${at} ms is not before the end of the run (${base.durationMs} ms)`);
  }
  const adminText = opt('admin-delay');
  const adminDelayMs =
    adminText === undefined
      ? DEFAULT_ADMIN_DELAY_MS
      : adminText === 'never'
        ? null
        : parseMs('admin-delay', adminText);

  const spec: ExperimentSpec = {
    base,
    policies,
    distress: (list('distress') ?? ['on', 'off']).map((d) => parseOnOff('distress', d)),
    preformed: (list('preformed') ?? [String(base.options.preformed)]).map((p) => parseOnOff('preformed', p)),
    modes: (list('mode') ?? [base.options.mode]).map((m) => parseChoice('mode', m, MODES)),
    failures,
    warningsMs: (list('warning') ?? ['default']).map((w) => (w === 'default' ? null : parseMs('warning', w))),
    seeds: opt('seeds') === undefined ? DEFAULT_SEEDS : parseInteger('seeds', opt('seeds')!, 1, MAX_SEEDS),
    baseSeed:
      opt('seed') === undefined ? base.seed : parseInteger('seed', opt('seed')!, 0, Number.MAX_SAFE_INTEGER),
    failureAtMs: at,
    adminDelayMs,
  };
  // Every cell's scenario (a preset changes the heartbeat, --duration the length) within the budget.
  const tooMuch = experimentWorkProblem(spec, workBudget, RAISE_BUDGET);
  if (tooMuch !== null) throw new UsageError(tooMuch);
  const workers =
    opt('workers') === undefined
      ? defaultWorkerCount(env.cores)
      : parseInteger('workers', opt('workers')!, 1, MAX_WORKERS);
  return {
    spec,
    workers,
    output: values.json ? 'json' : values.csv ? 'csv' : 'table',
    progress: values.progress === true,
    notes,
  };
}
