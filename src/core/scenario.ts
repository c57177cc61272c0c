// Scenario files (DESIGN §4.1): parse, validate, fill in every default, and write back.
//
// Beyond the v1 JSON schema, a scenario may carry `fence` (the fence device of the `fencing`
// policy) and `leaseMs` (lease length under `quorum`/`fencing`, default heartbeat.timeoutMs); a
// `preset` sets policy, heartbeat, leaseMs and fence, and fields written in the file override it
// one by one. A `partition` leaves unlisted nodes together in one extra group. Nothing half-loads:
// any problem and the result is only the list of errors.
import * as v from 'valibot';
import { defaultWarningMs } from './catalogue.ts';
import { presetByName } from './presets.ts';
import { checkReferences } from './scenarioChecks.ts';
import * as D from './scenarioDefaults.ts';
import { formatProblems } from './scenarioProblems.ts';
import type { Problem } from './scenarioProblems.ts';
import { checkNodes, FIELD_ORDER, issuesToProblems, resolveNodeNames, scenarioSchema } from './scenarioSchema.ts';
import type { ScenarioInput } from './scenarioSchema.ts';
import { prettyJson, scenarioToPlain } from './scenarioJson.ts';
import type { Scenario, ScenarioEvent } from './types.ts';

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; errors: string[] };

/** Larger than any sensible scenario (a 64-node one with hundreds of events is ~100 kB). */
export const MAX_SCENARIO_CHARS = 1_000_000;

export function parseScenario(input: unknown): ParseResult {
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
    return { ok: true, scenario: resolve(result.output, nodes) };
  } catch (error) {
    // Only an exotic input (a getter that throws, a proxy) gets here: still an answer, not a crash.
    return { ok: false, errors: [`scenario: could not be read (${String(error)})`] };
  }
}

/** Parse the text of a scenario file; JSON syntax errors say where (line and column) when they can. */
export function parseScenarioText(text: string): ParseResult {
  if (text.length > MAX_SCENARIO_CHARS) {
    return { ok: false, errors: [`the file is too large (${text.length} characters, at most ${MAX_SCENARIO_CHARS})`] };
  }
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { ok: false, errors: ['the file is empty: a scenario is a JSON object'] };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { ok: false, errors: [jsonSyntaxError(body, error)] };
  }
  return parseScenario(value);
}

/** Pretty JSON of the whole resolved scenario, every default written out; parses back to the same. */
export function scenarioToJson(s: Scenario): string {
  return prettyJson(scenarioToPlain(s));
}

function resolve(input: ScenarioInput, nodes: string[]): Scenario {
  const preset = input.preset == null ? undefined : presetByName(input.preset);
  const heartbeat = withDefaults(preset?.heartbeat ?? D.DEFAULT_HEARTBEAT, input.heartbeat);
  const network = withDefaults(D.DEFAULT_NETWORK, input.network);
  return {
    version: 1,
    seed: input.seed ?? D.DEFAULT_SEED,
    nodes,
    resources: input.resources.map((r) => ({ name: r.name, primary: r.primary, backups: [...(r.backups ?? [])] })),
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
      return { at: e.at, kind: e.kind, node: e.node, type: e.type, warningMs: e.warningMs ?? defaultWarningMs(e.type) };
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
function withDefaults<T extends object>(base: Readonly<T>, given: { [K in keyof T]?: T[K] | undefined } | undefined): T {
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

/**
 * Engines word JSON errors differently: V8 gives "at position N" (newer ones add "line L column C"),
 * Firefox "at line L column C", Safari neither. Report a line and column whenever one can be found.
 */
function jsonSyntaxError(text: string, error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  let line: number | undefined;
  let column: number | undefined;
  const lc = /line (\d+) column (\d+)/i.exec(raw);
  const pos = /at position (\d+)/i.exec(raw);
  if (lc) [line, column] = [Number(lc[1]), Number(lc[2])];
  else if (pos || /end of (JSON )?(input|data)/i.test(raw)) {
    const before = text.slice(0, pos ? Number(pos[1]) : text.length).split('\n');
    [line, column] = [before.length, before[before.length - 1].length + 1];
  }
  const reason = raw
    .replace(/^JSON(\.parse)?( Parse error)?:\s*/i, '')
    .replace(/\s*(in JSON )?at position \d+/i, '')
    .replace(/\s*\(line \d+ column \d+\)/i, '')
    .replace(/\s*at line \d+ column \d+ of the JSON data/i, '')
    .trim();
  const where = line === undefined ? '' : `line ${line}, column ${column}: `;
  return `${where}not valid JSON (${reason.charAt(0).toLowerCase()}${reason.slice(1)})`;
}
