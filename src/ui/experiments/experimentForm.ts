// The Experiments form as plain data: what the student typed and ticked, read into a GridRequest with
// one message per wrong field (CONVENTIONS habit 12). Kept out of the component so it is unit-tested.
import { CATALOGUE } from '../../core/catalogue.ts';
import { PRESET_NAMES } from '../../core/presets.ts';
import { POLICIES } from '../../core/scenarioSchema.ts';
import type { ModeOption, Policy, PresetName } from '../../core/types.ts';
import {
  DEFAULT_ADMIN_DELAY_MS,
  DEFAULT_EXPERIMENT_SCENARIO,
  DEFAULT_FAILURE_AT_MS,
} from '../../runtime/experiment.ts';
import { FAILURE_NAME, gridProblems, LIMITS, MODES } from './gridRequest.ts';
import type { GridField, GridRequest } from './gridRequest.ts';

export const FAILURE_TYPES: readonly string[] = CATALOGUE.map((e) => e.type);

export interface FormFields {
  policies: Record<Policy, boolean>;
  presets: Record<PresetName, boolean>;
  distressOn: boolean;
  distressOff: boolean;
  preformedOn: boolean;
  preformedOff: boolean;
  modes: Record<ModeOption, boolean>;
  failures: Record<string, boolean>;
  /** One more failure type, not in the catalogue (§0049: an unknown type is sent sync). */
  otherFailure: string;
  /** Comma-separated ms, or "default". */
  warnings: string;
  seeds: string;
  baseSeed: string;
  durationMs: string;
  failureAtMs: string;
  adminComes: boolean;
  adminDelayMs: string;
}

/** The form field a message belongs to (the grid-size message goes at the top of the form). */
export type FormField = GridField | 'otherFailure';
export type FormErrors = Partial<Record<FormField, string>>;

const pick = <K extends string>(all: readonly K[], on: readonly K[]): Record<K, boolean> =>
  Object.fromEntries(all.map((k) => [k, on.includes(k)])) as Record<K, boolean>;

export interface Example {
  id: string;
  label: string;
  /** What the example shows, one sentence. */
  about: string;
  fields: FormFields;
}

function form(
  over: Partial<FormFields> & { pol?: Policy[]; pre?: PresetName[]; fail?: string[]; mode?: ModeOption[] },
): FormFields {
  const { pol = [], pre = [], fail = [], mode = ['auto'], ...rest } = over;
  return {
    policies: pick(POLICIES, pol),
    presets: pick(PRESET_NAMES, pre),
    distressOn: true,
    distressOff: true,
    preformedOn: true,
    preformedOff: false,
    modes: pick(MODES, mode),
    failures: pick(FAILURE_TYPES, fail),
    otherFailure: '',
    warnings: 'default',
    seeds: '5',
    baseSeed: String(DEFAULT_EXPERIMENT_SCENARIO.seed),
    durationMs: String(DEFAULT_EXPERIMENT_SCENARIO.durationMs),
    failureAtMs: String(DEFAULT_FAILURE_AT_MS),
    adminComes: true,
    adminDelayMs: String(DEFAULT_ADMIN_DELAY_MS),
    ...rest,
  };
}

/** Ready-made grids, one per question the patent answers; the first is the page's default. */
export const EXAMPLES: readonly Example[] = [
  {
    id: 'policies',
    label: 'Failover per policy',
    about: 'Does the distress signal let each policy fail over without an administrator, and faster?',
    fields: form({
      pol: ['manual', 'quorum', 'fencing', 'aggressive'],
      fail: ['power-loss-battery', 'power-loss', 'os-crash', 'crash'],
    }),
  },
  {
    id: 'in-time',
    label: 'Does it leave in time?',
    about: 'How much warning does each send path need: sync, async, or composed and signed at failure time?',
    fields: form({
      pol: ['manual'],
      distressOff: false,
      preformedOff: true,
      mode: ['sync', 'async'],
      fail: ['power-loss', 'os-crash'],
      warnings: '0, 0.5, 1, 2, 5, 10, 20, 50',
      seeds: '3',
      durationMs: '20000',
      adminComes: false,
    }),
  },
  {
    id: 'systems',
    label: 'Real systems',
    about: 'What would IBM i, Pacemaker, SWIM, Akka or Kubernetes do, with and without a distress signal?',
    fields: form({
      pre: [...PRESET_NAMES],
      fail: ['power-loss', 'crash', 'pause'],
      seeds: '3',
      durationMs: '150000',
    }),
  },
];

export function defaultForm(): FormFields {
  return structuredClone(EXAMPLES[0].fields);
}

/** A whole number in [min, max], or the message. */
function integer(text: string, label: string, min: number, max: number): number | string {
  const s = text.trim();
  const n = Number(s);
  if (s === '') return `${label}: enter a whole number.`;
  if (!Number.isSafeInteger(n)) return `${label}: "${s}" is not a whole number.`;
  if (n < min || n > max) return `${label}: must be from ${min} to ${max}, got ${n}.`;
  return n;
}

/** Milliseconds in [0, LIMITS.maxMs], or the message. */
function ms(text: string, label: string): number | string {
  const s = text.trim();
  const n = Number(s);
  if (s === '') return `${label}: enter a time in ms.`;
  if (!Number.isFinite(n)) return `${label}: "${s}" is not a number of milliseconds.`;
  if (n < 0) return `${label}: a time cannot be negative (got ${n}).`;
  if (n > LIMITS.maxMs) return `${label}: at most ${LIMITS.maxMs} ms (one hour), got ${n}.`;
  return n;
}

function warningList(text: string): (number | null)[] | string {
  const items = text.split(',').map((s) => s.trim());
  if (items.length === 1 && items[0] === '')
    return 'Warning times: enter at least one, e.g. "default, 5, 20".';
  const out: (number | null)[] = [];
  for (const item of items) {
    if (item === '') return `Warning times: "${text.trim()}" has an empty item between commas.`;
    const v = item.toLowerCase() === 'default' ? null : ms(item, 'Warning times');
    if (typeof v === 'string') return v.replace('a time in ms', 'a number or "default"');
    if (out.includes(v)) return `Warning times: ${v ?? 'default'} is listed twice.`;
    out.push(v);
  }
  return out;
}

function otherFailure(text: string, ticked: readonly string[]): string | null | { error: string } {
  const s = text.trim();
  if (s === '') return null;
  if (!FAILURE_NAME.test(s))
    return {
      error: 'Other failure type: 1–31 letters, digits, ".", "-" or "_", starting with a letter or digit.',
    };
  if (s === 'none')
    return { error: 'Other failure type: "none" means no failure; leave the field empty instead.' };
  if (FAILURE_TYPES.includes(s))
    return { error: `Other failure type: "${s}" is in the catalogue; tick it in the list instead.` };
  if (ticked.includes(s)) return { error: `Other failure type: "${s}" is already ticked.` };
  return s;
}

/** On failure, `request` is there when the grid is only too big: the page still shows its CLI command. */
export type FormResult =
  { ok: true; request: GridRequest } | { ok: false; errors: FormErrors; request?: GridRequest };

/** Reads every field; on any problem returns every message at once, so the student fixes them in one go. */
export function readForm(f: FormFields): FormResult {
  const errors: FormErrors = {};
  const ticked = <K extends string>(r: Record<K, boolean>): K[] =>
    (Object.keys(r) as K[]).filter((k) => r[k]);
  const failures = FAILURE_TYPES.filter((t) => f.failures[t]);
  const other = otherFailure(f.otherFailure, failures);
  if (other !== null && typeof other === 'object') errors.otherFailure = other.error;
  else if (other !== null) failures.push(other);

  const warnings = warningList(f.warnings);
  const seeds = integer(f.seeds, 'Seeds', 1, LIMITS.seeds);
  const baseSeed = integer(f.baseSeed, 'Base seed', 0, LIMITS.maxSeed);
  const durationMs = ms(f.durationMs, 'Run length');
  const failureAtMs = ms(f.failureAtMs, 'Failure at');
  const adminDelayMs = f.adminComes ? ms(f.adminDelayMs, 'Administrator delay') : null;
  const numbers = { warningsMs: warnings, seeds, baseSeed, durationMs, failureAtMs, adminDelayMs } as const;
  for (const [field, v] of Object.entries(numbers)) if (typeof v === 'string') errors[field as FormField] = v;

  const request: GridRequest = {
    policies: ticked(f.policies),
    presets: ticked(f.presets),
    // On before off, pre-formed before composed: the row order of the CLI's default.
    distress: [...(f.distressOn ? [true] : []), ...(f.distressOff ? [false] : [])],
    preformed: [...(f.preformedOn ? [true] : []), ...(f.preformedOff ? [false] : [])],
    modes: MODES.filter((m) => f.modes[m]),
    failures,
    warningsMs: Array.isArray(warnings) ? warnings : [null],
    seeds: typeof seeds === 'number' ? seeds : 1,
    baseSeed: typeof baseSeed === 'number' ? baseSeed : 0,
    durationMs: typeof durationMs === 'number' ? durationMs : LIMITS.maxMs,
    failureAtMs: typeof failureAtMs === 'number' ? failureAtMs : 0,
    adminDelayMs: typeof adminDelayMs === 'string' ? 0 : adminDelayMs,
  };
  for (const p of gridProblems(request)) {
    // A field already wrong keeps its own message; a placeholder value must not add a second one.
    if (errors[p.field] === undefined && !(p.field === 'failureAtMs' && errors.durationMs))
      errors[p.field] = p.message;
  }
  // The grid-size check ran on placeholders if anything else was wrong: only trust it on a clean form.
  if (Object.keys(errors).length > 1) delete errors.grid;
  const keys = Object.keys(errors);
  if (keys.length === 0) return { ok: true, request };
  return keys.length === 1 && errors.grid ? { ok: false, errors, request } : { ok: false, errors };
}
