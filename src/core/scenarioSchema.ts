// The shape of a scenario file (DESIGN §4.1, schemas/scenario.schema.json) as valibot schemas, with
// every message written for a student. Only the shape lives here: facts that span fields (a backup
// that is not a node, an event after the end of the run) are checked in scenarioChecks.ts.
import * as v from 'valibot';
import { NODE_ID_PATTERN } from './distressSignal.ts';
import { PRESET_NAMES } from './presets.ts';
import { MAX_NODES } from './scenarioDefaults.ts';
import { closest, describeValue, quote, unknownField } from './scenarioProblems.ts';
import type { PathKey, Problem } from './scenarioProblems.ts';
import type { Policy } from './types.ts';

type Issue = v.BaseIssue<unknown>;
type Message = (issue: Issue) => string;

export const POLICIES = ['manual', 'quorum', 'fencing', 'aggressive'] as const satisfies readonly Policy[];
export const EVENT_KINDS = [
  'failure',
  'crash',
  'partition',
  'cut',
  'heal',
  'pause',
  'recover',
  'rejoin',
  'admin',
  'forge-distress',
] as const;

/** Hints shown when a required field is missing. */
const REQUIRED_HINTS: Record<string, string> = {
  version: 'must be 1',
  nodes: 'a count like 5, or a list of names like ["n1", "n2"]',
  resources: 'a list like [{ "name": "db", "primary": "n1", "backups": ["n2"] }]',
  durationMs: 'how long the run lasts, in ms',
};

const got =
  (what: string): Message =>
  (issue) =>
    `must be ${what}, got ${describeValue(issue.input)}`;

const oneOf =
  (options: readonly string[]): Message =>
  (issue) => {
    const guess = typeof issue.input === 'string' ? closest(issue.input, options) : undefined;
    const hint = guess === undefined ? '' : ` (did you mean ${quote(guess)}?)`;
    return `must be one of ${options.map(quote).join(', ')}, got ${describeValue(issue.input)}${hint}`;
  };

/** An object that refuses unknown fields: a typo like `timeoutMS` must not be silently ignored. */
function strict<const E extends v.ObjectEntries>(entries: E, what = 'an object { … }') {
  // `$schema` is accepted (and ignored) so editors can point a file at the JSON schema.
  const known = Object.keys(entries).filter((k) => k !== '$schema');
  return v.strictObject(entries, (issue: Issue) => {
    if (issue.expected === 'never') return unknownField(String(issue.input), known);
    if (issue.expected === 'Object') return got(what)(issue);
    const key = String(issue.path?.at(-1)?.key ?? '');
    return Object.hasOwn(REQUIRED_HINTS, key) ? `is required (${REQUIRED_HINTS[key]})` : 'is required';
  });
}

/** valibot takes a list for an object (it only asks for `typeof 'object'`); a scenario must not. */
const notAList = (what: string) => v.custom<Record<string, unknown>>((x) => !Array.isArray(x), got(what));

const obj = <const E extends v.ObjectEntries>(entries: E, what = 'an object { … }') =>
  v.pipe(notAList(what), strict(entries, what));

const num = () =>
  v.pipe(
    v.number(got('a number')),
    v.finite(got('a finite number')),
    // -0 would survive parsing but not a JSON round trip (it is written as 0).
    v.transform((x) => (x === 0 ? 0 : x)),
  );
const atLeastZero = () => v.pipe(num(), v.minValue(0, got('0 or more')));
const moreThanZero = () => v.pipe(num(), v.gtValue(0, got('more than 0')));
const fraction = () => {
  const message = got('between 0 and 1');
  return v.pipe(num(), v.minValue(0, message), v.maxValue(1, message));
};
const bool = () => v.boolean(got('true or false'));
const text = () => v.string(got('text in quotes'));
const nodeRef = () => v.string(got(`a node name in quotes, like 'n1'`));
const nodeList = () => v.array(nodeRef(), got(`a list of node names, like ["n1", "n2"]`));

const resource = obj(
  {
    name: v.pipe(
      text(),
      v.minLength(1, 'must not be empty'),
      v.maxLength(64, (i: Issue) => `must be at most 64 characters, got ${String(i.received)}`),
    ),
    primary: nodeRef(),
    backups: v.optional(nodeList()),
  },
  'an object like { "name": "db", "primary": "n1", "backups": ["n2"] }',
);

const failureType = v.pipe(
  text(),
  v.minLength(1, 'must not be empty (a failure type like "power-loss")'),
  // Any string (DESIGN §4.1): an unknown type is sent sync; 'crash' and 'pause' act as those events.
  v.maxLength(64, (i: Issue) => `must be at most 64 characters, got ${String(i.received)}`),
);

const event = <const K extends string, const E extends v.ObjectEntries>(kind: K, entries: E) =>
  strict({ at: atLeastZero(), kind: v.literal(kind), ...entries });

const partitionGroups = v.pipe(
  v.array(
    v.pipe(nodeList(), v.minLength(1, 'a group needs at least one node')),
    got('a list of groups, like [["n1"], ["n2", "n3"]]'),
  ),
  v.minLength(2, (i: Issue) => `needs at least 2 groups, got ${String(i.received)}`),
);

const AN_EVENT = 'an object like { "at": 1000, "kind": "crash", "node": "n1" }';

const eventSchema = v.pipe(
  notAList(AN_EVENT),
  v.variant(
    'kind',
    [
      event('failure', { node: nodeRef(), type: failureType, warningMs: v.optional(atLeastZero()) }),
      event('crash', { node: nodeRef() }),
      event('partition', { groups: partitionGroups }),
      event('cut', {
        from: nodeRef(),
        to: v.pipe(nodeList(), v.minLength(1, 'needs at least one node to cut the link to')),
      }),
      event('heal', {}),
      event('pause', { node: nodeRef(), ms: moreThanZero() }),
      event('recover', { node: nodeRef() }),
      event('rejoin', { node: nodeRef() }),
      // 'keep-waiting' is Mayday's addition to the shared schema: the Lab records the administrator's
      // every answer, so a replayed run counts the same interventions.
      event('admin', {
        action: v.picklist(['mark-failed', 'keep-waiting'], oneOf(['mark-failed', 'keep-waiting'])),
        node: nodeRef(),
      }),
      event('forge-distress', { from: nodeRef(), claim: nodeRef(), replay: v.optional(bool()) }),
    ],
    (issue: Issue) => {
      if (issue.expected === 'Object') return got(AN_EVENT)(issue);
      const kinds = `one of: ${EVENT_KINDS.join(', ')}`;
      if (issue.input === undefined) return `is required (${kinds})`;
      const guess = typeof issue.input === 'string' ? closest(issue.input, EVENT_KINDS) : undefined;
      if (guess !== undefined)
        return `${describeValue(issue.input)} is not an event kind (did you mean ${quote(guess)}?)`;
      return `${describeValue(issue.input)} is not an event kind (${kinds})`;
    },
  ),
);

const scenarioEntries = {
  $schema: v.optional(text()),
  version: v.literal(1, 'must be 1'),
  seed: v.optional(
    v.pipe(
      v.number(got('a whole number')),
      v.safeInteger(got('a whole number')),
      v.transform((x) => (x === 0 ? 0 : x)),
    ),
  ),
  // A count or a list of names: checked by checkNodes, which can word each case properly.
  nodes: v.unknown(),
  resources: v.pipe(
    v.array(resource, got('a list of resources')),
    v.minLength(1, 'needs at least one resource'),
  ),
  policy: v.optional(v.picklist(POLICIES, oneOf(POLICIES))),
  preset: v.optional(v.nullable(v.picklist(PRESET_NAMES, oneOf(PRESET_NAMES)))),
  distress: v.optional(bool()),
  options: v.optional(
    obj({
      preformed: v.optional(bool()),
      mode: v.optional(v.picklist(['auto', 'sync', 'async'], oneOf(['auto', 'sync', 'async']))),
      demoteBeforeSend: v.optional(bool()),
    }),
  ),
  costs: v.optional(
    obj({
      sendMs: v.optional(atLeastZero()),
      wakeTaskMs: v.optional(atLeastZero()),
      composeMs: v.optional(atLeastZero()),
      orderlyShutdownMs: v.optional(atLeastZero()),
    }),
  ),
  heartbeat: v.optional(
    obj({ intervalMs: v.optional(moreThanZero()), timeoutMs: v.optional(moreThanZero()) }),
  ),
  network: v.optional(
    obj({
      latencyMs: v.optional(
        v.pipe(
          v.array(atLeastZero(), got('a pair [min, max]')),
          v.length(2, got('a pair [min, max]')),
          v.transform((pair): [number, number] => [pair[0], pair[1]]),
        ),
      ),
      loss: v.optional(fraction()),
      duplicate: v.optional(fraction()),
      reorder: v.optional(fraction()),
    }),
  ),
  // Not in the v1 JSON schema: the fence device of the `fencing` policy and the lease length
  // of `quorum`/`fencing` (DESIGN §6); a preset sets both.
  fence: v.optional(
    obj({
      delayMs: v.optional(atLeastZero()),
      successRate: v.optional(fraction()),
      retryMs: v.optional(moreThanZero()),
    }),
  ),
  leaseMs: v.optional(moreThanZero()),
  durationMs: moreThanZero(),
  events: v.optional(v.array(eventSchema, got('a list of events'))),
};

export const scenarioSchema = obj(scenarioEntries, 'an object { "version": 1, … } holding the scenario');

export type ScenarioInput = v.InferOutput<typeof scenarioSchema>;

/** Top-level fields in the order errors are listed (document order). */
export const FIELD_ORDER: readonly string[] = Object.keys(scenarioEntries);

const nodeName = v.pipe(
  nodeRef(),
  v.regex(
    NODE_ID_PATTERN,
    (i: Issue) =>
      `${describeValue(i.input)} is not a valid node name (1–32 letters, digits, '_', '.' or '-')`,
  ),
);
const nodeCount = v.pipe(
  v.number(),
  v.safeInteger(got(`a whole number of nodes from 1 to ${MAX_NODES}`)),
  v.minValue(1, got(`a whole number of nodes from 1 to ${MAX_NODES}`)),
  v.maxValue(MAX_NODES, got(`a whole number of nodes from 1 to ${MAX_NODES}`)),
);
const nodeNames = v.pipe(
  v.array(nodeName),
  v.minLength(1, 'needs at least one node'),
  v.maxLength(MAX_NODES, (i: Issue) => `must list at most ${MAX_NODES} nodes, got ${String(i.received)}`),
);

/** `nodes`: a count (named n1…nN) or a list of unique names. */
export function checkNodes(raw: unknown): Problem[] {
  if (raw === undefined) return []; // reported as missing by the object schema
  if (typeof raw === 'number') return issuesToProblems(v.safeParse(nodeCount, raw).issues, ['nodes']);
  if (!Array.isArray(raw)) {
    return [{ path: ['nodes'], message: `must be ${REQUIRED_HINTS.nodes}, got ${describeValue(raw)}` }];
  }
  const problems = issuesToProblems(v.safeParse(nodeNames, raw).issues, ['nodes']);
  const firstAt = new Map<unknown, number>();
  raw.forEach((name: unknown, i) => {
    if (typeof name !== 'string') return;
    const first = firstAt.get(name);
    if (first === undefined) firstAt.set(name, i);
    else
      problems.push({ path: ['nodes', i], message: `${quote(name)} is listed twice (also nodes[${first}])` });
  });
  return problems;
}

/** The cluster's node names, or null when `nodes` is not usable (its problems are reported elsewhere). */
export function resolveNodeNames(raw: unknown): string[] | null {
  if (typeof raw === 'number') {
    return Number.isSafeInteger(raw) && raw >= 1 && raw <= MAX_NODES
      ? Array.from({ length: raw }, (_, i) => `n${i + 1}`)
      : null;
  }
  if (Array.isArray(raw) && raw.length >= 1 && raw.every((n) => typeof n === 'string')) return [...raw];
  return null;
}

export function issuesToProblems(issues: readonly Issue[] | undefined, prefix: PathKey[] = []): Problem[] {
  return (issues ?? []).map((issue) => ({
    path: [...prefix, ...(issue.path ?? []).map((item) => pathKey(item.key))],
    message: issue.message,
  }));
}

function pathKey(key: unknown): PathKey {
  return typeof key === 'number' || typeof key === 'string' ? key : String(key);
}
