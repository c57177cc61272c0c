// `cli compare` and `cli run --trace`, driven as a user drives them: a child process, stdout,
// stderr, exit code, the file written.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPARE_OPTIONS } from '../../src/cli/compareCommand.ts';
import { TraceCheck } from '../../src/runtime/traceCheck.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['src/cli/main.ts', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end('');
  });
}

const BATTERY = {
  version: 1,
  seed: 11,
  nodes: 5,
  resources: [{ name: 'db', primary: 'n1', backups: ['n2', 'n3'] }],
  durationMs: 30_000,
  events: [{ at: 8000, kind: 'failure', node: 'n1', type: 'power-loss-battery', warningMs: 5000 }],
};

let dir = '';
const file = (name: string): string => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mayday-compare-'));
  writeFileSync(file('battery.json'), JSON.stringify(BATTERY));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.concurrent('cli compare', () => {
  it('distress on/off on a battery failure: metrics differ, and the first divergence is named', async () => {
    const r = await cli(['compare', file('battery.json'), '--set', 'distress=false']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/B: A with distress=false/);
    expect(r.stdout).toMatch(/^\* distress\.sent +1 +0 +-1$/m);
    expect(r.stdout).toMatch(/Differences: \d+ metrics \(marked \*\)/);
    expect(r.stdout).toMatch(/First divergence: event #\d+ at t = 8\.\d+ s/);
    expect(r.stdout).toMatch(/ {2}A: t = 8\.\d+ s/);
  });

  it('--json: both runs, the differences and the divergence as data', async () => {
    const r = await cli(['compare', file('battery.json'), '--set', 'distress=false', '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      a: { metrics: { distress: { sent: number } } };
      b: { changes: string[]; metrics: { distress: { sent: number } } };
      differences: { path: string; delta: number | null }[];
      divergence: { index: number; t: number } | null;
    };
    expect(out.a.metrics.distress.sent).toBe(1);
    expect(out.b.metrics.distress.sent).toBe(0);
    expect(out.b.changes).toEqual(['distress=false']);
    expect(out.differences.find((d) => d.path === 'distress.sent')?.delta).toBe(-1);
    expect(out.divergence?.t).toBeGreaterThanOrEqual(8000);
  });

  it('two identical settings: no difference, no divergence', async () => {
    const r = await cli([
      'compare',
      file('battery.json'),
      '--base',
      'policy=manual',
      '--set',
      'distress=true',
      '--json',
    ]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { differences: unknown[]; divergence: unknown };
    expect(out.differences).toEqual([]);
    expect(out.divergence).toBeNull();
    const text = await cli(['compare', file('battery.json'), '--set', 'distress=true']);
    expect(text.stdout).toMatch(/Differences: none/);
    expect(text.stdout).toMatch(/First divergence: none/);
  });

  const bad: [string[], string][] = [
    [['--set', 'heartbeat.timeotMs=5'], "heartbeat has no field 'timeotMs' (fields: intervalMs, timeoutMs)"],
    [['--set', 'policy=fast'], 'policy'],
    [['--set', 'distress'], "--set 'distress': write it as PATH=VALUE"],
    [['--set', 'events[4].warningMs=1'], 'events has 1 item'],
    [[], 'Give at least one --set'],
  ];
  for (const [args, message] of bad) {
    it(`exits 2 naming the problem for ${args.join(' ') || 'no --set'}`, async () => {
      const r = await cli(['compare', file('battery.json'), ...args]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(message);
    });
  }

  it('--help lists every option', async () => {
    const r = await cli(['compare', '--help']);
    expect(r.status).toBe(0);
    for (const option of Object.keys(COMPARE_OPTIONS)) expect(r.stdout).toContain(`--${option}`);
  });
});

describe.concurrent('cli run --trace', () => {
  it('writes a trace file that its scenario replays byte for byte, and still prints the summary', async () => {
    const out = file('run.trace.json');
    const r = await cli(['run', file('battery.json'), '--messages', '--trace', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Scenario: 5 nodes/);
    const text = readFileSync(out, 'utf8');
    const check = new TraceCheck();
    check.push(text);
    const header = check.end();
    expect(header.messages).toBe(true);
    expect(header.count).toBe(text.split('\n').length - 3);
    // The trace is the same run as `run --json --messages` prints.
    const json = await cli(['run', file('battery.json'), '--messages', '--json']);
    const events = (JSON.parse(json.stdout) as { events: unknown[] }).events;
    expect(events.length).toBe(header.count);
  });

  it('an unwritable place exits 2 naming it', async () => {
    const r = await cli(['run', file('battery.json'), '--trace', join(dir, 'no', 'such', 'x.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--trace: cannot write');
  });
});
