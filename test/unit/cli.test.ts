// The headless CLI (DESIGN §4.4), driven as a user drives it: a child process, stdout, stderr, exit code.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPERIMENT_OPTIONS } from '../../src/cli/experimentOptions.ts';
import { RUN_OPTIONS } from '../../src/cli/runCommand.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// What `npm run cli` runs (built JavaScript, rebuilt when src/ changed), without npm's start-up.
const LAUNCHER = join(ROOT, 'scripts', 'cli.mjs');

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], input?: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LAUNCHER, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

const SCENARIO = {
  version: 1,
  seed: 42,
  nodes: 5,
  resources: [{ name: 'db', primary: 'n1', backups: ['n2', 'n3'] }],
  durationMs: 40_000,
  events: [
    { at: 10_000, kind: 'failure', node: 'n1', type: 'power-loss' },
    { at: 20_000, kind: 'partition', groups: [['n2'], ['n3', 'n4', 'n5']] },
    { at: 25_000, kind: 'heal' },
  ],
};

let dir = '';
const file = (name: string): string => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mayday-cli-'));
  writeFileSync(file('ok.json'), JSON.stringify(SCENARIO));
  writeFileSync(file('syntax.json'), '{ "version": 1,\n  "nodes": 5,\n}');
  writeFileSync(
    file('n9.json'),
    JSON.stringify({ ...SCENARIO, events: [{ at: 1000, kind: 'crash', node: 'n9' }] }),
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The required parts of schemas/run-output.schema.json, checked by hand (no JSON-schema validator is
 * installed): every required field, its type and enum, and the per-kind requirements on events.
 */
function runOutputProblems(value: unknown): string[] {
  const problems: string[] = [];
  const isObj = (x: unknown): x is Record<string, unknown> =>
    typeof x === 'object' && x !== null && !Array.isArray(x);
  const count = (x: unknown): boolean => Number.isInteger(x) && (x as number) >= 0;
  const ms = (x: unknown): boolean => typeof x === 'number' && x >= 0;
  if (!isObj(value)) return ['output is not an object'];
  const m = value.metrics;
  if (!isObj(m)) return ['metrics missing'];
  if (!isObj(m.resources)) problems.push('metrics.resources missing');
  else {
    for (const [name, r] of Object.entries(m.resources)) {
      if (!isObj(r)) {
        problems.push(`resources.${name} is not an object`);
        continue;
      }
      if (!ms(r.unavailableMs) || !ms(r.splitBrainMs)) problems.push(`resources.${name}: bad times`);
      if (!count(r.failovers)) problems.push(`resources.${name}.failovers`);
      if (!Array.isArray(r.failoverMs) || !r.failoverMs.every(ms))
        problems.push(`resources.${name}.failoverMs`);
    }
  }
  if (!count(m.adminInterventions)) problems.push('metrics.adminInterventions');
  if (!count(m.falseFailovers)) problems.push('metrics.falseFailovers');
  const d = m.distress;
  if (!isObj(d) || !['sent', 'delivered', 'lost', 'rejected'].every((k) => count(d[k]))) {
    problems.push('metrics.distress');
  }
  if (!Array.isArray(value.events)) return [...problems, 'events missing'];
  const needs: Record<string, string[]> = {
    'distress.sent': ['node', 'mode'],
    'peer.failed': ['node', 'peer', 'cause'],
    'peer.partitioned': ['node', 'peer'],
    'role.changed': ['node', 'resource', 'role'],
    'invariant.violated': ['invariant'],
    'distress.received': ['node', 'from'],
    'distress.rejected': ['node', 'from'],
  };
  for (const kind of [
    'node.fenced',
    'node.died',
    'node.recovered',
    'node.rejoined',
    'distress.lost',
    'failure.detected',
  ]) {
    needs[kind] = ['node'];
  }
  const enums: Record<string, [string, string[]]> = {
    'distress.sent': ['mode', ['sync', 'async']],
    'peer.failed': ['cause', ['distress', 'timeout', 'admin', 'fenced']],
    'role.changed': ['role', ['primary', 'backup', 'none']],
  };
  value.events.forEach((e: unknown, i: number) => {
    if (!isObj(e) || !ms(e.t) || typeof e.kind !== 'string') {
      problems.push(`events[${i}]: needs t ≥ 0 and kind`);
      return;
    }
    for (const field of needs[e.kind] ?? [])
      if (!(field in e)) problems.push(`events[${i}] (${e.kind}): no ${field}`);
    const rule = enums[e.kind];
    if (rule && !rule[1].includes(e[rule[0]] as string))
      problems.push(`events[${i}].${rule[0]}: ${String(e[rule[0]])}`);
  });
  return problems;
}

describe.concurrent('cli run', () => {
  it('--json prints exactly one JSON object valid against run-output.schema.json, without msg.* events', async () => {
    const r = await cli(['run', file('ok.json'), '--json']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.endsWith('}\n')).toBe(true);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['metrics', 'events']);
    expect(runOutputProblems(out)).toEqual([]);
    expect(out.events.some((e: { kind: string }) => e.kind === 'distress.sent')).toBe(true);
    expect(out.events.some((e: { kind: string }) => e.kind.startsWith('msg.'))).toBe(false);
    expect(out.metrics.resources.db.failovers).toBe(1);
  });

  it('--messages adds msg.sent / msg.delivered, still valid', async () => {
    const out = JSON.parse((await cli(['run', file('ok.json'), '--json', '--messages'])).stdout);
    expect(runOutputProblems(out)).toEqual([]);
    const kinds = new Set(out.events.map((e: { kind: string }) => e.kind));
    expect(kinds.has('msg.sent') && kinds.has('msg.delivered')).toBe(true);
  });

  it('same scenario + seed ⇒ byte-identical stdout; --seed changes the run', async () => {
    const a = await cli(['run', file('ok.json'), '--json', '--messages']);
    const b = await cli(['run', file('ok.json'), '--json', '--messages']);
    expect(a.stdout).toBe(b.stdout);
    const story1 = await cli(['run', file('ok.json')]);
    expect(story1.stdout).toBe((await cli(['run', file('ok.json')])).stdout);
    const s7 = await cli(['run', file('ok.json'), '--json', '--seed', '7']);
    expect(s7.stdout).toBe((await cli(['run', file('ok.json'), '--json', '--seed=7'])).stdout);
    expect(s7.stdout).not.toBe(a.stdout);
  });

  it('reads the scenario from stdin with -', async () => {
    const r = await cli(['run', '-', '--json'], JSON.stringify(SCENARIO));
    expect(r.status).toBe(0);
    expect(r.stdout).toBe((await cli(['run', file('ok.json'), '--json'])).stdout);
  });

  it('tells the story in plain sentences, with times, then the metrics', async () => {
    const r = await cli(['run', file('ok.json')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('t = 10.0 s');
    expect(r.stdout).toContain('n1 saw a failure coming: power-loss, 16 ms of warning.');
    expect(r.stdout).toContain('n1 sent its distress signal synchronously, on the current task');
    expect(r.stdout).toMatch(/n2 became primary of db\./);
    expect(r.stdout).toMatch(/The network split into \{n2\} \| \{n3, n4, n5\}\./);
    expect(r.stdout).toMatch(/Metrics\n {2}db: unavailable [\d.]+ ms, split brain 0 ms, 1 failover/);
  });

  const bad: Array<[string, string[], string | undefined, string]> = [
    [
      'a missing file',
      ['run', 'no/such/file.json'],
      undefined,
      "cannot read 'no/such/file.json': no such file",
    ],
    ['a JSON syntax error', ['run', 'SYNTAX'], undefined, 'line 3, column 1: not valid JSON'],
    [
      'a validation error',
      ['run', 'N9'],
      undefined,
      "events[0].node: 'n9' is not a node of this cluster (n1–n5)",
    ],
    ['invalid stdin', ['run', '-'], '[]', 'stdin is not a valid scenario'],
    ['an unknown flag', ['run', 'OK', '--bogus'], undefined, "unknown option '--bogus' for 'run'"],
    ['a bad --seed', ['run', 'OK', '--seed', 'x'], undefined, "--seed: 'x' is not a whole number"],
    ['no file', ['run'], undefined, 'which scenario?'],
    ['an unknown command', ['frob'], undefined, "unknown command 'frob'"],
    ['no command', [], undefined, 'which command?'],
  ];
  for (const [what, args, input, message] of bad) {
    it(`exits 2 with a clear message on stderr for ${what}`, async () => {
      const paths: Record<string, string> = { OK: 'ok.json', SYNTAX: 'syntax.json', N9: 'n9.json' };
      const r = await cli(
        args.map((a) => (a in paths ? file(paths[a]) : a)),
        input,
      );
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(message);
      expect(r.stderr).toMatch(/^mayday: /);
    });
  }
});

describe('cli --help', () => {
  it('the CLI and each command print accurate help and exit 0', async () => {
    const main = await cli(['--help']);
    expect(main.status).toBe(0);
    expect(main.stdout).toMatch(/run FILE/);
    expect(main.stdout).toMatch(/experiment/);
    expect(main.stdout).toMatch(/Examples:/);
    const run = await cli(['run', '--help']);
    expect(run.status).toBe(0);
    for (const option of Object.keys(RUN_OPTIONS)) expect(run.stdout).toContain(`--${option}`);
    const exp = await cli(['experiment', '-h']);
    expect(exp.status).toBe(0);
    for (const option of Object.keys(EXPERIMENT_OPTIONS)) expect(exp.stdout).toContain(`--${option}`);
    expect(exp.stdout).toMatch(/Examples:/);
  });
});

describe.concurrent('cli experiment: input errors', () => {
  const bad: Array<[string[], string]> = [
    [['--policy', 'manual,bogus'], "--policy: 'bogus' is not one of manual, quorum, fencing, aggressive"],
    [['--preset', 'ibm'], "--preset: 'ibm' is not one of ibm-i"],
    [['--distress', 'maybe'], "--distress: 'maybe' is neither on nor off"],
    [['--seeds', '0'], '--seeds: 0 is out of range'],
    [['--workers', 'two'], "--workers: 'two' is not a whole number"],
    [['--json', '--csv'], 'choose one output format'],
    [['--at', '999999'], '--at: 999999 ms is not before the end of the run'],
    [['--scenario', 'no/such.json'], "cannot read 'no/such.json'"],
    [['extra'], 'did you mean --scenario extra?'],
  ];
  for (const [args, message] of bad) {
    it(`exits 2 for ${args.join(' ')}`, async () => {
      const r = await cli(['experiment', ...args]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(message);
    });
  }
});
