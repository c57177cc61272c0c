// "The same scenario, but with X = Y" (`cli compare --set PATH=VALUE`, the Compare page): changes
// written as dotted paths into the scenario's JSON (`distress=false`, `options.mode=sync`,
// `events[0].warningMs=20`). A path must name a field the scenario has; the changed scenario is
// validated like a file, so a bad value is refused with the field named.
import { minimalScenario, parseScenario } from './scenario.ts';
import { scenarioToPlain } from './scenarioJson.ts';
import type { Scenario } from './types.ts';

export interface Setting {
  path: string;
  /** The value as JSON data: `false`, `20`, `"quorum"`, `[1, 5]`. */
  value: unknown;
}

export type SetResult = { ok: true; scenario: Scenario } | { ok: false; errors: string[] };

type Step = string | number;

/** `a.b[2].c` (or `a.b.2.c`) as steps; null when the path is malformed. */
export function pathSteps(path: string): Step[] | null {
  if (!/^[A-Za-z_][\w]*(\.[A-Za-z_]\w*|\.\d+|\[\d+\])*$/.test(path)) return null;
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/**
 * `PATH=VALUE` as a setting. VALUE is read as JSON when it is JSON (`false`, `20`, `[1,5]`), else as
 * text (`quorum`), so a shell user need not quote strings. Null when there is no `=`.
 */
export function parseSetting(text: string): Setting | null {
  const eq = text.indexOf('=');
  if (eq <= 0) return null;
  const path = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1).trim();
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // Not JSON: plain text.
  }
  return { path, value };
}

export const formatSetting = (s: Setting): string =>
  `${s.path}=${typeof s.value === 'string' ? s.value : JSON.stringify(s.value)}`;

type Container = Record<string, unknown> | unknown[];
const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

/** Why `steps` names no field of `full` (the scenario with every default written), or null. */
function pathProblem(full: Container, steps: Step[], path: string): string | null {
  let here: unknown = full;
  let where = 'the scenario';
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    // `preset` may be absent (no preset): it is still a field one can set.
    if (i === 0 && step === 'preset') return steps.length === 1 ? null : `${path}: preset is one name`;
    if (Array.isArray(here)) {
      if (typeof step !== 'number') return `${path}: ${where} is a list, use an index like [0]`;
      if (step >= here.length) {
        const range = here.length === 0 ? 'it is empty' : `indexes 0–${here.length - 1}`;
        return `${path}: ${where} has ${here.length} item${here.length === 1 ? '' : 's'} (${range})`;
      }
    } else if (isContainer(here)) {
      if (typeof step === 'number' || !Object.hasOwn(here, step)) {
        return `${path}: ${where} has no field '${step}' (fields: ${Object.keys(here).join(', ')})`;
      }
    } else {
      return `${path}: ${where} is a single value, it has no '${step}'`;
    }
    here = (here as Record<string | number, unknown>)[step];
    where = steps
      .slice(0, i + 1)
      .reduce<string>((p, s) => (typeof s === 'number' ? `${p}[${s}]` : p ? `${p}.${s}` : s), '');
  }
  return null;
}

/** Write `value` at `steps` in `target`, copying a missing container from `full` first. */
function setAt(target: Container, full: unknown, steps: Step[], value: unknown): void {
  let here = target as Record<string | number, unknown>;
  let model = full as Record<string | number, unknown> | undefined;
  for (let i = 0; i < steps.length - 1; i++) {
    const step = steps[i];
    const nextModel = model?.[step] as Record<string | number, unknown> | undefined;
    if (!isContainer(here[step])) here[step] = structuredClone(nextModel ?? {});
    here = here[step] as Record<string | number, unknown>;
    model = nextModel;
  }
  here[steps[steps.length - 1]] = value;
}

/**
 * `s` with every setting applied, in order, then validated. The settings go into the scenario's
 * minimal JSON (fields a preset gives are left to it), so `preset=pacemaker` brings that preset's
 * timings unless the scenario sets them itself — as editing the file would.
 */
export function applySettings(s: Scenario, settings: readonly Setting[]): SetResult {
  const full = scenarioToPlain(s);
  const out = structuredClone(minimalScenario(s)) as Record<string, unknown>;
  const errors: string[] = [];
  for (const setting of settings) {
    const steps = pathSteps(setting.path);
    if (steps === null) {
      errors.push(
        `${setting.path || '(empty)'}: not a field path (write it like options.mode or events[0].warningMs)`,
      );
      continue;
    }
    const problem = pathProblem(full, steps, setting.path);
    if (problem) errors.push(problem);
    else setAt(out, full, steps, setting.value);
  }
  if (errors.length > 0) return { ok: false, errors };
  const parsed = parseScenario(out);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  return { ok: true, scenario: parsed.scenario };
}
