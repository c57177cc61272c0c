// Scenario files (DESIGN §4.1): parse, validate, fill in every default, and write back.
//
// Beyond the v1 JSON schema, a scenario may carry `fence` (the fence device of the `fencing`
// policy) and `leaseMs` (lease length under `quorum`/`fencing`, default heartbeat.timeoutMs); a
// `preset` sets policy, heartbeat, leaseMs and fence, and fields written in the file override it
// one by one. A `partition` leaves unlisted nodes together in one extra group. Nothing half-loads:
// any problem and the result is only the list of errors.
import * as v from 'valibot';
import { defaultWarningMs } from './catalogue.ts';
import { jsonSyntaxError } from './jsonError.ts';
import { presetByName } from './presets.ts';
import { checkReferences } from './scenarioChecks.ts';
import * as D from './scenarioDefaults.ts';
import { formatProblems } from './scenarioProblems.ts';
import type { Problem } from './scenarioProblems.ts';
import {
  checkNodes,
  FIELD_ORDER,
  issuesToProblems,
  resolveNodeNames,
  scenarioSchema,
} from './scenarioSchema.ts';
import type { ScenarioInput } from './scenarioSchema.ts';
import { eventToPlain, prettyJson, scenarioToPlain } from './scenarioJson.ts';
import type { Scenario, ScenarioEvent } from './types.ts';
import { workProblem } from './limits.ts';

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; errors: string[] };

/** Larger than any sensible scenario (a 64-node one with hundreds of events is ~100 kB). */
export const MAX_SCENARIO_CHARS = 1_000_000;

export interface ParseOptions {
  /** The most node-ticks a run may take (limits.ts); a scenario over it is refused up front. */
  workBudget?: number;
  /** How the caller lets a user raise the budget, for the message (e.g. "pass --max-work N"). */
  raiseBudget?: string;
}

export function parseScenario(input: unknown, options: ParseOptions = {}): ParseResult {
  try {
    const result = v.safeParse(scenarioSchema, input);
    const problems: Problem[] = issuesToProblems(result.issues);
    const record = isRecord(input) ? input : {};
    problems.push(...checkNodes(record.nodes), ...checkReferences(record));
    const nodes = resolveNodeNames(record.nodes);
    if (problems.length > 0 || !result.success || nodes === null) {
      const errors = formatProblems(problems, FIELD_ORDER);
      return { ok: false, errors: errors.length > 0 ? errors : ['scenario: is not a valid scenario'] };
    }
    const scenario = resolve(result.output, nodes);
    const tooMuch = workProblem(scenario, options.workBudget, options.raiseBudget);
    if (tooMuch !== null) return { ok: false, errors: [`durationMs: ${tooMuch}`] };
    return { ok: true, scenario };
  } catch (error) {
    // Only an exotic input (a getter that throws, a proxy) gets here: still an answer, not a crash.
    return { ok: false, errors: [`scenario: could not be read (${String(error)})`] };
  }
}

/** Parse the text of a scenario file; JSON syntax errors say where (line and column) when they can. */
export function parseScenarioText(text: string, options: ParseOptions = {}): ParseResult {
  if (text.length > MAX_SCENARIO_CHARS) {
    return {
      ok: false,
      errors: [`the file is too large (${text.length} characters, at most ${MAX_SCENARIO_CHARS})`],
    };
  }
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { ok: false, errors: ['the file is empty: a scenario is a JSON object'] };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { ok: false, errors: [jsonSyntaxError(body, error)] };
  }
  return parseScenario(value, options);
}

/** Pretty JSON of the whole resolved scenario, every default written out; parses back to the same. */
export function scenarioToJson(s: Scenario): string {
  return prettyJson(scenarioToPlain(s));
}

type Plain = ReturnType<typeof scenarioToPlain>;

/**
 * The smallest JSON object that parses back to exactly `s`: fields equal to what the defaults (or
 * the preset) would give are left out, numbered nodes become a count. For share links.
 */
export function minimalScenario(s: Scenario): Plain {
  const target = JSON.stringify(scenarioToPlain(s));
  const same = (candidate: Plain): boolean => {
    // No work budget here: `s` was accepted already, perhaps under a budget the user raised.
    const r = parseScenario(candidate, { workBudget: Infinity });
    return r.ok && JSON.stringify(scenarioToPlain(r.scenario)) === target;
  };
  const out = scenarioToPlain(s);
  if (s.nodes.every((name, i) => name === `n${i + 1}`)) out.nodes = s.nodes.length;
  // Event defaults depend on the event alone, so they need no round trip to check.
  out.events = s.events.map((e) => {
    const plain = eventToPlain(e);
    if (e.kind === 'failure' && e.warningMs === defaultWarningMs(e.type)) delete plain.warningMs;
    if (e.kind === 'forge-distress' && !e.replay) delete plain.replay;
    return plain;
  });
  if (s.events.length === 0) delete out.events;
  // The rest interact (a preset supplies several; leaseMs follows the timeout), so each removal is
  // kept only if the result still parses back to `s`. Inner fields first, then whole groups.
  for (const group of ['options', 'costs', 'heartbeat', 'network', 'fence'] as const) {
    const fields = out[group] as { [key: string]: unknown };
    for (const key of Object.keys(fields)) tryWithout(out, fields, key, same);
    if (Object.keys(fields).length === 0) delete out[group];
  }
  for (const key of ['seed', 'policy', 'distress', 'leaseMs']) tryWithout(out, out, key, same);
  return out;
}

function tryWithout(
  root: Plain,
  holder: { [key: string]: unknown },
  key: string,
  same: (p: Plain) => boolean,
): void {
  const value = holder[key];
  delete holder[key];
  if (!same(root)) holder[key] = value;
}

function resolve(input: ScenarioInput, nodes: string[]): Scenario {
  const preset = input.preset == null ? undefined : presetByName(input.preset);
  const heartbeat = withDefaults(preset?.heartbeat ?? D.DEFAULT_HEARTBEAT, input.heartbeat);
  const network = withDefaults(D.DEFAULT_NETWORK, input.network);
  return {
    version: 1,
    seed: input.seed ?? D.DEFAULT_SEED,
    nodes,
    resources: input.resources.map((r) => ({
      name: r.name,
      primary: r.primary,
      backups: [...(r.backups ?? [])],
    })),
    policy: input.policy ?? preset?.policy ?? D.DEFAULT_POLICY,
    preset: preset?.name ?? null,
    distress: input.distress ?? D.DEFAULT_DISTRESS,
    options: withDefaults(D.DEFAULT_OPTIONS, input.options),
    costs: withDefaults(D.DEFAULT_COSTS, input.costs),
    heartbeat: { intervalMs: heartbeat.intervalMs, timeoutMs: heartbeat.timeoutMs },
    network: {
      latencyMs: [network.latencyMs[0], network.latencyMs[1]],
      loss: network.loss,
      duplicate: network.duplicate,
      reorder: network.reorder,
    },
    fence: withDefaults(preset?.fence ?? D.DEFAULT_FENCE, input.fence),
    leaseMs: input.leaseMs ?? preset?.leaseMs ?? heartbeat.timeoutMs,
    durationMs: input.durationMs,
    // Array#sort is stable: events at the same time keep the order the file gives them.
    events: (input.events ?? []).map(resolveEvent).sort((a, b) => a.at - b.at),
  };
}

function resolveEvent(e: NonNullable<ScenarioInput['events']>[number]): ScenarioEvent {
  switch (e.kind) {
    case 'failure':
      return {
        at: e.at,
        kind: e.kind,
        node: e.node,
        type: e.type,
        warningMs: e.warningMs ?? defaultWarningMs(e.type),
      };
    case 'crash':
    case 'recover':
    case 'rejoin':
      return { at: e.at, kind: e.kind, node: e.node };
    case 'partition':
      return { at: e.at, kind: e.kind, groups: e.groups.map((g) => [...g]) };
    case 'cut':
      return { at: e.at, kind: e.kind, from: e.from, to: [...e.to] };
    case 'heal':
      return { at: e.at, kind: e.kind };
    case 'pause':
      return { at: e.at, kind: e.kind, node: e.node, ms: e.ms };
    case 'admin':
      return { at: e.at, kind: e.kind, action: e.action, node: e.node };
    case 'forge-distress':
      return { at: e.at, kind: e.kind, from: e.from, claim: e.claim, replay: e.replay ?? false };
  }
}

/** Field by field: a given field wins, an absent (or undefined) one keeps the default. */
function withDefaults<T extends object>(
  base: Readonly<T>,
  given: { [K in keyof T]?: T[K] | undefined } | undefined,
): T {
  const out = { ...base } as T;
  for (const key of Object.keys(base) as (keyof T)[]) {
    const value = given?.[key];
    if (value !== undefined) out[key] = value as T[keyof T];
  }
  return out;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
