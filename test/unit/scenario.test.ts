import * as lzModule from 'lz-string';
import { describe, expect, it } from 'vitest';
import { preferredMode } from '../../src/core/catalogue.ts';
import { createRng, deriveSeed } from '../../src/core/rng.ts';
import type { Rng } from '../../src/core/ports.ts';
import {
  minimalScenario,
  parseScenario,
  parseScenarioText,
  scenarioToJson,
} from '../../src/core/scenario.ts';
import type { ParseResult } from '../../src/core/scenario.ts';
import { jsonErrorOffset } from '../../src/core/jsonError.ts';
import { decodeScenarioHash, encodeScenarioHash } from '../../src/core/shareUrl.ts';
import type { Scenario } from '../../src/core/types.ts';

// lz-string is CommonJS: under Node's ESM loader only `default` is there.
const lz = (lzModule as unknown as { default?: typeof lzModule }).default ?? lzModule;

/** The example of DESIGN §4.1. */
const EXAMPLE = {
  version: 1,
  seed: 42,
  nodes: ['n1', 'n2', 'n3', 'n4', 'n5'],
  resources: [{ name: 'db', primary: 'n1', backups: ['n2', 'n3'] }],
  policy: 'manual',
  preset: 'ibm-i',
  distress: true,
  options: { preformed: true, mode: 'auto', demoteBeforeSend: true },
  costs: { sendMs: 0.05, wakeTaskMs: 1, composeMs: 20, orderlyShutdownMs: 3000 },
  heartbeat: { intervalMs: 1000, timeoutMs: 3000 },
  network: { latencyMs: [1, 5], loss: 0 },
  durationMs: 60000,
  events: [
    { at: 10000, kind: 'failure', node: 'n1', type: 'power-loss-battery', warningMs: 5000 },
    { at: 20000, kind: 'partition', groups: [['n2'], ['n3', 'n4', 'n5']] },
    { at: 25000, kind: 'cut', from: 'n3', to: ['n4'] },
    { at: 30000, kind: 'heal' },
    { at: 32000, kind: 'pause', node: 'n5', ms: 8000 },
    { at: 35000, kind: 'crash', node: 'n4' },
    { at: 38000, kind: 'forge-distress', from: 'n5', claim: 'n3' },
    { at: 40000, kind: 'recover', node: 'n1' },
    { at: 45000, kind: 'rejoin', node: 'n1' },
    { at: 50000, kind: 'admin', action: 'mark-failed', node: 'n2' },
  ],
};

const MINIMAL = {
  version: 1,
  nodes: 5,
  resources: [{ name: 'db', primary: 'n1', backups: ['n2', 'n3'] }],
  durationMs: 60000,
};

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const withFields = (fields: Record<string, unknown>) => ({ ...clone(MINIMAL), ...fields });

function ok(result: ParseResult): Scenario {
  if (!result.ok) throw new Error(`expected a valid scenario, got:\n${result.errors.join('\n')}`);
  return result.scenario;
}

function errors(result: ParseResult): string[] {
  if (result.ok) throw new Error('expected errors, the scenario was accepted');
  expect(result).not.toHaveProperty('scenario'); // nothing half-loads
  return result.errors;
}

describe('parseScenario: defaults', () => {
  it('fills in every default of DESIGN §4.1', () => {
    expect(ok(parseScenario(MINIMAL))).toEqual({
      version: 1,
      seed: 1,
      nodes: ['n1', 'n2', 'n3', 'n4', 'n5'],
      resources: [{ name: 'db', primary: 'n1', backups: ['n2', 'n3'] }],
      policy: 'manual',
      preset: null,
      distress: true,
      options: { preformed: true, mode: 'auto', demoteBeforeSend: true },
      costs: { sendMs: 0.05, wakeTaskMs: 1, composeMs: 20, orderlyShutdownMs: 3000 },
      heartbeat: { intervalMs: 1000, timeoutMs: 3000 },
      network: { latencyMs: [1, 5], loss: 0, duplicate: 0, reorder: 0 },
      fence: { delayMs: 5000, successRate: 0.9, retryMs: 5000 },
      leaseMs: 3000,
      durationMs: 60000,
      events: [],
    } satisfies Scenario);
  });

  it('names a count of nodes n1…nN, and keeps a list as given', () => {
    expect(ok(parseScenario(withFields({ nodes: 3 }))).nodes).toEqual(['n1', 'n2', 'n3']);
    expect(ok(parseScenario(withFields({ nodes: 256 }))).nodes).toHaveLength(256);
    const named = withFields({ nodes: ['alpha', 'beta'], resources: [{ name: 'db', primary: 'beta' }] });
    const s = ok(parseScenario(named));
    expect(s.nodes).toEqual(['alpha', 'beta']);
    expect(s.resources).toEqual([{ name: 'db', primary: 'beta', backups: [] }]);
  });

  it('fills defaults field by field inside a group', () => {
    const s = ok(
      parseScenario(
        withFields({ costs: { composeMs: 0.06 }, network: { loss: 0.1 }, options: { mode: 'sync' } }),
      ),
    );
    expect(s.costs).toEqual({ sendMs: 0.05, wakeTaskMs: 1, composeMs: 0.06, orderlyShutdownMs: 3000 });
    expect(s.network).toEqual({ latencyMs: [1, 5], loss: 0.1, duplicate: 0, reorder: 0 });
    expect(s.options).toEqual({ preformed: true, mode: 'sync', demoteBeforeSend: true });
  });

  it('makes the lease follow the heartbeat timeout unless given', () => {
    expect(ok(parseScenario(withFields({ heartbeat: { timeoutMs: 5000 } }))).leaseMs).toBe(5000);
    expect(ok(parseScenario(withFields({ leaseMs: 8000 }))).leaseMs).toBe(8000);
  });

  it('gives failure events the catalogue warning and forged distress replay false', () => {
    const s = ok(
      parseScenario(
        withFields({
          events: [
            { at: 1, kind: 'failure', node: 'n1', type: 'power-loss' },
            { at: 2, kind: 'forge-distress', from: 'n2', claim: 'n1' },
          ],
        }),
      ),
    );
    expect(s.events).toEqual([
      { at: 1, kind: 'failure', node: 'n1', type: 'power-loss', warningMs: 16 },
      { at: 2, kind: 'forge-distress', from: 'n2', claim: 'n1', replay: false },
    ]);
  });

  it('accepts a failure type it does not know, with no warning, sent synchronously (§0049)', () => {
    const s = ok(
      parseScenario(withFields({ events: [{ at: 5, kind: 'failure', node: 'n2', type: 'cosmic-ray' }] })),
    );
    expect(s.events[0]).toEqual({ at: 5, kind: 'failure', node: 'n2', type: 'cosmic-ray', warningMs: 0 });
    expect(preferredMode('cosmic-ray')).toBe('sync');
  });

  it('sorts events by time, keeping the file order for equal times', () => {
    const s = ok(
      parseScenario(
        withFields({
          events: [
            { at: 300, kind: 'heal' },
            { at: 100, kind: 'crash', node: 'n3' },
            { at: 300, kind: 'recover', node: 'n3' },
            { at: 100, kind: 'crash', node: 'n2' },
            { at: 0, kind: 'pause', node: 'n1', ms: 50 },
          ],
        }),
      ),
    );
    expect(s.events.map((e) => `${e.at}:${e.kind}:${'node' in e ? e.node : ''}`)).toEqual([
      '0:pause:n1',
      '100:crash:n3',
      '100:crash:n2',
      '300:heal:',
      '300:recover:n3',
    ]);
  });

  it('accepts the example of DESIGN §4.1', () => {
    const s = ok(parseScenario(clone(EXAMPLE)));
    expect(s.events).toHaveLength(10);
    expect(s.preset).toBe('ibm-i');
  });

  it('accepts a $schema hint for editors and ignores it', () => {
    const s = ok(parseScenario(withFields({ $schema: '../schemas/scenario.schema.json' })));
    expect(s).not.toHaveProperty('$schema');
  });
});

describe('parseScenario: presets', () => {
  it('sets policy, heartbeat, lease and fence from the preset', () => {
    const s = ok(parseScenario(withFields({ preset: 'pacemaker' })));
    expect(s.preset).toBe('pacemaker');
    expect(s.policy).toBe('fencing');
    expect(s.heartbeat).toEqual({ intervalMs: 1000, timeoutMs: 6600 });
    expect(s.leaseMs).toBe(6600);
    expect(s.fence).toEqual({ delayMs: 5000, successRate: 0.95, retryMs: 10_000 });
  });

  it('lets explicit fields override the preset, field by field', () => {
    const s = ok(
      parseScenario(
        withFields({
          preset: 'akka',
          policy: 'fencing',
          heartbeat: { timeoutMs: 7000 },
          fence: { successRate: 0.5 },
        }),
      ),
    );
    expect(s.policy).toBe('fencing');
    expect(s.heartbeat).toEqual({ intervalMs: 1000, timeoutMs: 7000 });
    expect(s.leaseMs).toBe(20_000); // still the preset's: only an explicit leaseMs overrides it
    expect(s.fence).toEqual({ delayMs: 5000, successRate: 0.5, retryMs: 5000 });
  });

  it('treats preset null as no preset', () => {
    expect(ok(parseScenario(withFields({ preset: null }))).preset).toBeNull();
  });
});

describe('parseScenario: errors a student can act on', () => {
  const only = (fields: Record<string, unknown>) => errors(parseScenario(withFields(fields)));

  it('names a resource node that is not in the cluster, with the range', () => {
    expect(only({ resources: [{ name: 'db', primary: 'n1', backups: ['n2', 'n7'] }] })).toEqual([
      "resources[0].backups[1]: 'n7' is not a node of this cluster (n1–n5)",
    ]);
  });

  it('lists the names when nodes are not numbered', () => {
    const many = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    expect(only({ nodes: ['a', 'b', 'c'], resources: [{ name: 'db', primary: 'z' }] })).toEqual([
      "resources[0].primary: 'z' is not a node of this cluster (a, b, c)",
    ]);
    expect(only({ nodes: many, resources: [{ name: 'db', primary: 'z' }] })).toEqual([
      "resources[0].primary: 'z' is not a node of this cluster (a, b, c, d, e, f, g, h and 2 more)",
    ]);
  });

  it('checks every resource: duplicates, primary among backups, names unique', () => {
    expect(
      only({
        resources: [
          { name: 'db', primary: 'n1', backups: ['n2', 'n1', 'n2'] },
          { name: 'db', primary: 'n3' },
        ],
      }),
    ).toEqual([
      "resources[0].backups[1]: 'n1' is already the primary of 'db'; a backup must be another node",
      "resources[0].backups[2]: 'n2' is listed twice",
      "resources[1].name: 'db' is used by resources[0] too",
    ]);
  });

  it('names an event node that does not exist', () => {
    const events = [
      { at: 1, kind: 'heal' },
      { at: 2, kind: 'heal' },
      { at: 3, kind: 'heal' },
      { at: 4, kind: 'crash', node: 'n9' },
    ];
    expect(only({ events })).toEqual(["events[3].node: 'n9' is not a node of this cluster (n1–n5)"]);
  });

  it('refuses an event after the end of the run', () => {
    const events = [
      { at: 1, kind: 'heal' },
      { at: 2, kind: 'heal' },
      { at: 70000, kind: 'heal' },
    ];
    expect(only({ events })).toEqual(['events[2].at: 70000 is after the end of the run (durationMs 60000)']);
  });

  it('checks partitions: two groups at least, real nodes, no node twice', () => {
    expect(only({ events: [{ at: 1, kind: 'partition', groups: [['n1', 'n2']] }] })).toEqual([
      'events[0].groups: needs at least 2 groups, got 1',
    ]);
    expect(
      only({ events: [{ at: 1, kind: 'partition', groups: [['n1', 'n2'], ['n2', 'n6', 'n3', 'n3'], []] }] }),
    ).toEqual([
      'events[0].groups[2]: a group needs at least one node',
      "events[0].groups[1][0]: 'n2' is already in groups[0]",
      "events[0].groups[1][1]: 'n6' is not a node of this cluster (n1–n5)",
      "events[0].groups[1][3]: 'n3' is listed twice in this group",
    ]);
    // Nodes no group lists (n3–n5 here) are the extra group: not an error.
    expect(
      ok(parseScenario(withFields({ events: [{ at: 1, kind: 'partition', groups: [['n1'], ['n2']] }] }))),
    ).toBeTruthy();
  });

  it('checks cuts and forged distress', () => {
    expect(
      only({
        events: [
          { at: 1, kind: 'cut', from: 'n3', to: ['n3', 'n8'] },
          { at: 2, kind: 'forge-distress', from: 'n5', claim: 'n5' },
          { at: 3, kind: 'cut', from: 'n1', to: [] },
        ],
      }),
    ).toEqual([
      "events[0].to[0]: a node cannot cut its link to itself ('n3')",
      "events[0].to[1]: 'n8' is not a node of this cluster (n1–n5)",
      "events[1].claim: a forged distress claims to be another node, not its sender ('n5')",
      'events[2].to: needs at least one node to cut the link to',
    ]);
  });

  it('checks numbers with their range', () => {
    expect(only({ network: { loss: 1.5 } })).toEqual(['network.loss: must be between 0 and 1, got 1.5']);
    expect(only({ network: { latencyMs: [9, 5] } })).toEqual([
      'network.latencyMs: the minimum (9) is more than the maximum (5); write [min, max]',
    ]);
    expect(only({ network: { latencyMs: [1, 2, 3] } })).toEqual([
      'network.latencyMs: must be a pair [min, max], got a list of 3',
    ]);
    expect(only({ durationMs: 0 })).toEqual(['durationMs: must be more than 0, got 0']);
    expect(only({ seed: 1.5 })).toEqual(['seed: must be a whole number, got 1.5']);
    expect(only({ nodes: 0 })).toEqual(['nodes: must be a whole number of nodes from 1 to 256, got 0']);
  });

  it('wants the heartbeat timeout above the interval, blaming the value written', () => {
    expect(only({ heartbeat: { intervalMs: 2000, timeoutMs: 2000 } })).toEqual([
      'heartbeat.timeoutMs: must be more than heartbeat.intervalMs (2000), got 2000' +
        ' (a peer is suspected only after missing at least one heartbeat)',
    ]);
    expect(only({ heartbeat: { intervalMs: 5000 } })).toEqual([
      'heartbeat.intervalMs: must be less than heartbeat.timeoutMs (3000, the default), got 5000',
    ]);
    expect(only({ preset: 'swim', heartbeat: { timeoutMs: 800 } })[0]).toMatch(
      /^heartbeat\.timeoutMs: must be more than heartbeat\.intervalMs \(1000, from preset 'swim'\), got 800/,
    );
  });

  it('refuses unknown fields, suggesting the closest name', () => {
    expect(only({ foo: 1 })).toEqual([
      "foo: unknown field 'foo' (known fields here: version, seed, nodes, resources, policy, preset, " +
        'distress, options, costs, heartbeat, network, fence, leaseMs, durationMs, events)',
    ]);
    expect(only({ seeds: 3 })).toEqual(["seeds: unknown field 'seeds' (did you mean 'seed'?)"]);
    expect(only({ heartbeat: { timeoutMS: 4000 } })).toEqual([
      "heartbeat.timeoutMS: unknown field 'timeoutMS' (did you mean 'timeoutMs'?)",
    ]);
    expect(only({ events: [{ at: 1, kind: 'crash', node: 'n1', warningMs: 3 }] })).toEqual([
      "events[0].warningMs: unknown field 'warningMs' (known fields here: at, kind, node)",
    ]);
  });

  it('wants version 1', () => {
    expect(only({ version: 2 })).toEqual(['version: must be 1']);
    const { version: _, ...noVersion } = clone(MINIMAL);
    expect(errors(parseScenario(noVersion))).toEqual(['version: is required (must be 1)']);
  });

  it('names unknown choices and suggests the intended one', () => {
    expect(only({ policy: 'quorom' })).toEqual([
      "policy: must be one of 'manual', 'quorum', 'fencing', 'aggressive', got 'quorom' (did you mean 'quorum'?)",
    ]);
    expect(only({ events: [{ at: 1, kind: 'explode' }] })).toEqual([
      "events[0].kind: 'explode' is not an event kind (one of: failure, crash, partition, cut, heal, pause, " +
        'recover, rejoin, admin, forge-distress)',
    ]);
    expect(only({ events: [{ at: 1, kind: 'crashh', node: 'n1' }] })).toEqual([
      "events[0].kind: 'crashh' is not an event kind (did you mean 'crash'?)",
    ]);
  });

  it('accepts any failure type, the no-warning ones of §5 included (DESIGN §4.1)', () => {
    for (const type of ['crash', 'pause', 'cosmic-ray']) {
      const result = parseScenario(withFields({ events: [{ at: 1, kind: 'failure', node: 'n1', type }] }));
      expect(result.ok, type).toBe(true);
    }
  });

  it('refuses a list where an object belongs, and what is not a scenario at all', () => {
    expect(only({ heartbeat: [] })).toEqual(['heartbeat: must be an object { … }, got an empty list']);
    expect(errors(parseScenario([]))).toEqual([
      'scenario: must be an object { "version": 1, … } holding the scenario, got an empty list',
    ]);
    expect(errors(parseScenario(null))).toEqual([
      'scenario: must be an object { "version": 1, … } holding the scenario, got null',
    ]);
  });

  it('reports several problems at once, in document order', () => {
    const input = {
      ...clone(EXAMPLE),
      version: 2,
      resources: [{ name: 'db', primary: 'n1', backups: ['n2', 'n7'] }],
      network: { latencyMs: [1, 5], loss: 1.5 },
    };
    input.events[3] = { at: 30000, kind: 'crash', node: 'n9' } as (typeof input.events)[number];
    input.events[2] = { ...input.events[2], at: 70000 };
    expect(errors(parseScenario(input))).toEqual([
      'version: must be 1',
      "resources[0].backups[1]: 'n7' is not a node of this cluster (n1–n5)",
      'network.loss: must be between 0 and 1, got 1.5',
      'events[2].at: 70000 is after the end of the run (durationMs 60000)',
      "events[3].node: 'n9' is not a node of this cluster (n1–n5)",
    ]);
  });

  it('stops at 20 lines, saying how many more there are', () => {
    const events = Array.from({ length: 30 }, (_, i) => ({ at: i, kind: 'crash', node: `x${i}` }));
    const list = only({ events });
    expect(list).toHaveLength(20);
    expect(list[19]).toBe('scenario: and 11 more problems not shown (fix these first)');
  });
});

describe('parseScenarioText', () => {
  it('parses a file', () => {
    expect(ok(parseScenarioText(JSON.stringify(EXAMPLE, null, 2))).seed).toBe(42);
    expect(ok(parseScenarioText(`\uFEFF${JSON.stringify(MINIMAL)}`)).seed).toBe(1);
  });

  it('says where the JSON breaks', () => {
    expect(errors(parseScenarioText('{\n  "version": 1,\n  "nodes": x\n}'))).toEqual([
      "line 3, column 12: not valid JSON (unexpected token 'x')",
    ]);
    expect(errors(parseScenarioText('{\n  "version": 1,\n}'))[0]).toMatch(
      /^line 3, column 1: not valid JSON \(/,
    );
    expect(errors(parseScenarioText('{"version": 1,\n "nodes": 3\n'))[0]).toMatch(/^line 3, column 1: /);
    expect(errors(parseScenarioText('  '))).toEqual(['the file is empty: a scenario is a JSON object']);
  });
});

describe('scenarioToJson', () => {
  const cases: [string, unknown][] = [
    ['the DESIGN example', EXAMPLE],
    ['the minimal scenario', MINIMAL],
    [
      'a preset with overrides',
      withFields({ preset: 'akka', heartbeat: { timeoutMs: 7000 }, leaseMs: 9000 }),
    ],
    ['named nodes', withFields({ nodes: ['a', 'b'], resources: [{ name: 'db', primary: 'a' }] })],
  ];
  it.each(cases)('round-trips %s exactly', (_, input) => {
    const s = ok(parseScenario(clone(input)));
    const text = scenarioToJson(s);
    const again = ok(parseScenarioText(text));
    expect(again).toEqual(s);
    expect(scenarioToJson(again)).toBe(text);
  });

  it('writes one event a line, like the docs', () => {
    const text = scenarioToJson(ok(parseScenario(clone(EXAMPLE))));
    expect(text).toContain('\n    { "at": 30000, "kind": "heal" },\n');
    expect(text.split('\n').every((line) => line.length <= 110)).toBe(true);
  });
});

describe('share links', () => {
  it('round-trips a scenario through #s=', () => {
    for (const input of [EXAMPLE, MINIMAL, withFields({ preset: 'kubernetes', policy: 'quorum' })]) {
      const s = ok(parseScenario(clone(input)));
      const hash = encodeScenarioHash(s);
      expect(hash).toMatch(/^#s=[A-Za-z0-9+$-]+$/);
      expect(ok(decodeScenarioHash(hash))).toEqual(s);
      expect(ok(decodeScenarioHash(`${hash.slice(1)}&view=compare`))).toEqual(s);
    }
  });

  it('leaves defaults out of the link', () => {
    const s = ok(
      parseScenario(withFields({ preset: 'swim', events: [{ at: 1, kind: 'crash', node: 'n2' }] })),
    );
    expect(minimalScenario(s)).toEqual({
      ...MINIMAL,
      preset: 'swim',
      events: [{ at: 1, kind: 'crash', node: 'n2' }],
    });
  });

  it('reports a damaged link', () => {
    const hash = encodeScenarioHash(ok(parseScenario(clone(EXAMPLE))));
    for (const bad of [hash.slice(0, hash.length / 2), '#s=%%%%', '#s=AAAA', '#s=' + 'z'.repeat(50)]) {
      expect(errors(decodeScenarioHash(bad)), bad).toEqual(['the link is damaged: could not decompress it']);
    }
    expect(errors(decodeScenarioHash('#view=lab'))).toEqual(['the link holds no scenario (no #s=…)']);
  });

  it('prefixes the problems of a valid link holding a bad scenario with "link: "', () => {
    const hash = `#s=${lz.compressToEncodedURIComponent(JSON.stringify({ ...MINIMAL, version: 3 }))}`;
    expect(errors(decodeScenarioHash(hash))).toEqual(['link: version: must be 1']);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: whatever a file (or a link) holds, the parser answers; it never throws.

const PATH_AT_START = /^(scenario|[A-Za-z_$][\w$-]*|\[".*?"\])(\[\d+\]|\.[A-Za-z_$][\w$-]*|\[".*?"\])*: \S/;

const ODD_VALUES: unknown[] = [
  0,
  -1,
  1.5,
  1e12,
  -0,
  Number.NaN,
  Infinity,
  2 ** 60,
  '',
  'n1',
  'n9',
  'a b',
  'power-loss',
  null,
  true,
  false,
  [],
  {},
  ['n1'],
  [['n1'], ['n2']],
  { at: 1 },
  { kind: 'crash', node: 'n1', at: 5 },
  [1, 2],
  'x'.repeat(300),
];
const ODD_KEYS = ['foo', 'kind', 'node', 'at', 'timeoutMS', 'backup', '__proto__', 'constructor', 'a b', '0'];

type Container = Record<string, unknown> | unknown[];

function slots(value: unknown, out: [Container, string | number][] = []): [Container, string | number][] {
  if (Array.isArray(value)) value.forEach((item, i) => (out.push([value, i]), slots(item, out)));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      out.push([value as Record<string, unknown>, key]);
      slots(item, out);
    }
  }
  return out;
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)];

function mutate(root: Record<string, unknown>, rng: Rng): void {
  const all = slots(root);
  const [holder, key] = pick(rng, all);
  const roll = rng.int(5);
  if (roll === 0) {
    if (Array.isArray(holder)) holder.splice(key as number, 1);
    else delete holder[key as string];
  } else if (roll === 1) {
    const target = (holder as Record<string | number, unknown>)[key];
    if (Array.isArray(target)) target.push(clone(pick(rng, ODD_VALUES)));
    else if (typeof target === 'object' && target !== null) {
      Object.defineProperty(target, pick(rng, ODD_KEYS), {
        value: clone(pick(rng, ODD_VALUES)),
        enumerable: true,
        configurable: true,
        writable: true,
      });
    } else (holder as Record<string | number, unknown>)[key] = pick(rng, ODD_VALUES);
  } else if (roll === 2) {
    // Swap two values from anywhere: plausible-looking but misplaced data.
    const [otherHolder, otherKey] = pick(rng, all);
    (holder as Record<string | number, unknown>)[key] = clone(
      (otherHolder as Record<string | number, unknown>)[otherKey] ?? null,
    );
  } else {
    const value = pick(rng, ODD_VALUES);
    (holder as Record<string | number, unknown>)[key] = typeof value === 'object' ? clone(value) : value;
  }
}

describe('property: random mutations never throw', () => {
  it('answers 500 mutated scenarios with a scenario or errors that name a path', () => {
    const BASE_SEED = 20_240_601;
    let accepted = 0;
    for (let i = 0; i < 500; i++) {
      const seed = deriveSeed(BASE_SEED, i);
      const rng = createRng(seed);
      const input = clone(EXAMPLE) as Record<string, unknown>;
      const count = 1 + rng.int(4);
      for (let m = 0; m < count; m++) mutate(input, rng);
      const replay = `replay: case ${i}, createRng(deriveSeed(${BASE_SEED}, ${i}))`;
      let result: ParseResult;
      try {
        result = parseScenario(input);
      } catch (error) {
        throw new Error(`parseScenario threw ${String(error)} — ${replay}`, { cause: error });
      }
      if (result.ok) {
        accepted++;
        const again = parseScenarioText(scenarioToJson(result.scenario));
        expect(again.ok && again.scenario, replay).toEqual(result.scenario);
      } else {
        expect(result.errors.length, replay).toBeGreaterThanOrEqual(1);
        expect(result.errors.length, replay).toBeLessThanOrEqual(20);
        for (const line of result.errors) expect(line, replay).toMatch(PATH_AT_START);
      }
    }
    // The mutations must exercise both answers, or the property proves little.
    expect(accepted).toBeGreaterThan(10);
    expect(accepted).toBeLessThan(490);
  });
});

describe('property: JSON errors are located', () => {
  it('finds an error place exactly when JSON.parse fails, for 500 damaged texts', () => {
    const BASE_SEED = 7_331;
    const text = JSON.stringify(EXAMPLE, null, 2);
    const noise = [
      '',
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"',
      '\\',
      'x',
      '0',
      '-',
      '.',
      'e',
      ' ',
      '\n',
      'tru',
      '\u0001',
    ];
    for (let i = 0; i < 500; i++) {
      const rng = createRng(deriveSeed(BASE_SEED, i));
      let damaged = text;
      for (let m = 1 + rng.int(3); m > 0; m--) {
        const at = rng.int(damaged.length + 1);
        damaged = damaged.slice(0, at) + pick(rng, noise) + damaged.slice(at + rng.int(3));
      }
      let valid = true;
      try {
        JSON.parse(damaged);
      } catch {
        valid = false;
      }
      const replay = `replay: case ${i}, createRng(deriveSeed(${BASE_SEED}, ${i}))`;
      expect(jsonErrorOffset(damaged) === undefined, replay).toBe(valid);
      const result = parseScenarioText(damaged);
      if (!valid)
        expect(errors(result)[0], `${replay}: ${JSON.stringify(errors(result)[0])}`).toMatch(
          /^line \d+, column \d+: not valid JSON \(.+\)$/,
        );
    }
  });
});
