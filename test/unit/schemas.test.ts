// The JSON Schemas in schemas/ are the published formats (docs/formats.md). They are checked here
// against what Mayday really reads and prints: the scenario files of the repo, and the output of the
// CLI itself (a child process, as a user runs it), so a schema that drifts from the code fails.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/runCommand.ts';
import { parseScenario, scenarioToJson } from '../../src/core/scenario.ts';
import { DEFAULT_STORY } from '../../src/lessons/defaultStory.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const SCENARIOS = join(ROOT, 'test', 'scenarios');
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

const ajv = new Ajv2020({ allErrors: true, strict: true });
const scenarioSchema = ajv.compile(readJson(join(ROOT, 'schemas', 'scenario.schema.json')) as object);
const runOutputSchema = ajv.compile(readJson(join(ROOT, 'schemas', 'run-output.schema.json')) as object);
const problems = (errors: typeof scenarioSchema.errors): string =>
  ajv.errorsText(errors, { separator: '\n' });

function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['src/cli/main.ts', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const scenarioFiles = readdirSync(SCENARIOS).filter((f) => f.endsWith('.json'));

describe('schemas/scenario.schema.json', () => {
  it('accepts every scenario file of the repo, the Lab story and a fully written-out scenario', () => {
    expect(scenarioFiles.length).toBeGreaterThan(5);
    for (const f of scenarioFiles) {
      const ok = scenarioSchema(readJson(join(SCENARIOS, f)));
      expect(ok, `${f}:\n${problems(scenarioSchema.errors)}`).toBe(true);
    }
    expect(scenarioSchema(DEFAULT_STORY), problems(scenarioSchema.errors)).toBe(true);
    // Every default written out, as the Lab's "download" and share links do.
    const parsed = parseScenario(DEFAULT_STORY);
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const full: unknown = JSON.parse(scenarioToJson(parsed.scenario));
    expect(scenarioSchema(full), problems(scenarioSchema.errors)).toBe(true);
  });

  it('refuses what the scenario parser refuses for its shape, naming the field', () => {
    const base = { version: 1, nodes: 3, resources: [{ name: 'db', primary: 'n1' }], durationMs: 1000 };
    const bad: Array<[unknown, RegExp]> = [
      [{ ...base, heartbeat: { intervalMS: 10 } }, /heartbeat.*additional/],
      [{ ...base, policy: 'quorom' }, /policy/],
      [{ ...base, events: [{ at: 1, kind: 'explode', node: 'n1' }] }, /events\/0/],
      [{ ...base, durationMs: 0 }, /durationMs/],
      [{ ...base, version: 2 }, /version/],
    ];
    for (const [input, where] of bad) {
      expect(scenarioSchema(input)).toBe(false);
      expect(problems(scenarioSchema.errors)).toMatch(where);
      expect(parseScenario(input).ok).toBe(false);
    }
  });
});

describe('schemas/run-output.schema.json', () => {
  it('describes what `cli run --json --messages` prints for every scenario of the repo', () => {
    // The command's own code, in process (a child process per file would make the suite slow);
    // the next test checks the same through a real child process.
    const kinds = new Set<string>();
    for (const f of scenarioFiles) {
      const output = JSON.parse(runCommand([join(SCENARIOS, f), '--json', '--messages'])) as {
        events: Array<{ kind: string }>;
      };
      const ok = runOutputSchema(output);
      expect(ok, `${f}:\n${problems(runOutputSchema.errors)}`).toBe(true);
      for (const e of output.events) kinds.add(e.kind);
    }
    // The runs are varied enough to exercise the schema: fences, forgeries, partitions, messages.
    for (const kind of [
      'distress.sent',
      'distress.rejected',
      'peer.partitioned',
      'fence.started',
      'msg.sent',
    ])
      expect(kinds).toContain(kind);
  });

  it('holds for the real CLI process, and would catch an output that drifts (a planted wrong field)', async () => {
    const r = await cli(['run', join(SCENARIOS, 'battery-async-primary.json'), '--json', '--messages']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const output = JSON.parse(r.stdout) as { events: Array<Record<string, unknown>> };
    expect(runOutputSchema(output)).toBe(true);
    const sent = output.events.find((e) => e.kind === 'distress.sent')!;
    sent.mode = 'later';
    expect(runOutputSchema(output)).toBe(false);
    sent.mode = 'sync';
    delete sent.node;
    expect(runOutputSchema(output)).toBe(false);
  }, 30_000);
});
