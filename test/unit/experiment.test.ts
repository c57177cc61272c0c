// The experiment grid (issue 4): deterministic per seed, independent of how runs are split over
// workers, and RESULTS.md regenerates to the same bytes.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseExperimentArgs } from '../../src/cli/experimentOptions.ts';
import { buildResults } from '../../src/cli/resultsReport.ts';
import { deriveSeed } from '../../src/core/rng.ts';
import {
  cellScenario,
  defaultExperimentScenario,
  expandGrid,
  runExperiment,
  runTask,
  taskCount,
} from '../../src/runtime/experiment.ts';
import type { ExperimentSpec } from '../../src/runtime/experiment.ts';
import { formatCsv, formatTable } from '../../src/runtime/experimentFormat.ts';
import { quantile, summarizeCells } from '../../src/runtime/experimentStats.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function spec(overrides: Partial<ExperimentSpec> = {}): ExperimentSpec {
  const base = defaultExperimentScenario();
  base.durationMs = 30_000;
  return {
    base,
    policies: [{ policy: 'manual' }, { policy: 'aggressive' }],
    distress: [true, false],
    preformed: [true, false],
    modes: ['auto'],
    failures: ['power-loss', 'crash'],
    warningsMs: [null],
    seeds: 3,
    baseSeed: 5,
    failureAtMs: 5_000,
    adminDelayMs: 10_000,
    ...overrides,
  };
}

function run(
  script: string,
  args: string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [script, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end();
  });
}

describe('experiment grid', () => {
  it('expands the axes without duplicate rows: distress off ignores pre-formed/mode, crash ignores the warning', () => {
    const cells = expandGrid(spec({ warningsMs: [1, 20] }));
    // Per policy: distress on × preformed 2 × (power-loss × 2 warnings + crash) + distress off × 3 = 9.
    expect(cells).toHaveLength(18);
    expect(cells.filter((c) => !c.distress).every((c) => c.preformed === null && c.mode === null)).toBe(true);
    expect(cells.filter((c) => c.failure === 'crash').every((c) => c.warningMs === null)).toBe(true);
    expect(expandGrid(spec()).find((c) => c.failure === 'power-loss')?.warningMs).toBe(16);
  });

  it('builds each run from the base: the failure on the primary, the settings, seed deriveSeed(base, i)', () => {
    const s = spec({ policies: [{ preset: 'ibm-i' }] });
    const [cell] = expandGrid(s);
    const scenario = cellScenario(s, cell, 2);
    expect(scenario.seed).toBe(deriveSeed(5, 2));
    expect(scenario.policy).toBe('manual');
    expect(scenario.heartbeat).toEqual({ intervalMs: 3000, timeoutMs: 12_000 });
    expect(scenario.events).toEqual([
      { at: 5000, kind: 'failure', node: 'n1', type: 'power-loss', warningMs: 16 },
    ]);
    expect(s.base.events).toEqual([]);
  });

  it('is deterministic per seed, and the seeds matter', () => {
    const a = runExperiment(spec());
    expect(runExperiment(spec())).toEqual(a);
    expect(runExperiment(spec({ baseSeed: 6 }))).not.toEqual(a);
  });

  it('gives the same result however the runs are split: any order, any chunks', () => {
    const s = spec();
    const cells = expandGrid(s);
    const total = taskCount(s, cells);
    const runs = new Array(total);
    // Odd tasks first, then even ones backwards: what two workers finishing out of order amount to.
    for (let k = 1; k < total; k += 2) runs[k] = runTask(s, cells, k);
    for (let k = total - 1 - ((total - 1) % 2); k >= 0; k -= 2) runs[k] = runTask(s, cells, k);
    expect(summarizeCells(s, cells, runs)).toEqual(runExperiment(s));
  });

  it('measures what the patent claims: distress ⇒ failover with no administrator under manual', () => {
    const result = runExperiment(
      spec({ policies: [{ policy: 'manual' }], preformed: [true], failures: ['power-loss'] }),
    )!;
    const [on, off] = result.cells;
    expect(on.settings.distress).toBe(true);
    expect(on.distress).toMatchObject({ sent: 3, lost: 0, pLeaves: 1 });
    expect(on.failover).toMatchObject({ runs: 3, withoutAdmin: 3 });
    expect(on.failover.p95Ms!).toBeLessThan(50);
    // Without distress the administrator (10 s after being asked) is the one who fails over.
    expect(off.failover).toMatchObject({ runs: 3, withoutAdmin: 0 });
    expect(off.adminInterventions).toBe(3);
    expect(off.failover.meanMs!).toBeGreaterThan(10_000);
    const nobody = runExperiment({
      ...spec({ failures: ['crash'], distress: [false] }),
      adminDelayMs: null,
    })!;
    expect(nobody.cells[0].failover.runs).toBe(0);
    expect(nobody.cells[0].unavailableMs).toBe(25_000);
  });

  it('composed at failure time loses the distress when the warning is shorter than composeMs', () => {
    const s = spec({
      policies: [{ policy: 'manual' }],
      distress: [true],
      failures: ['power-loss'],
      warningsMs: [16],
    });
    const [preformed, composed] = runExperiment(s)!.cells;
    expect(preformed.distress.pLeaves).toBe(1);
    expect(composed.settings.preformed).toBe(false);
    expect(composed.distress).toMatchObject({ sent: 0, lost: 3, pLeaves: 0 });
  });

  it('nearest-rank quantiles are observed values', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4], 0.95)).toBe(4);
    expect(quantile([7], 0.95)).toBe(7);
  });

  it('formats a table and a CSV with one row per cell', () => {
    const result = runExperiment(spec())!;
    const csv = formatCsv(result).trimEnd().split('\n');
    expect(csv).toHaveLength(result.cells.length + 1);
    expect(csv[0]).toMatch(/^policy,preset,distress,preformed,mode,failure,warning_ms,runs,/);
    const table = formatTable(result);
    expect(table).toMatch(/P\(leaves\)/);
    expect(table.split('\n').filter((l) => /^(manual|aggressive) /.test(l))).toHaveLength(
      result.cells.length,
    );
  });
});

describe('experiment over worker threads', () => {
  it('prints byte-identical JSON with --workers 1 and --workers 2; the progress bar stays on stderr', async () => {
    const args = ['experiment', '--seeds', '3', '--duration', '30000', '--policy', 'manual,quorum', '--json'];
    const [one, two] = await Promise.all([
      run('src/cli/main.ts', [...args, '--workers', '1']),
      run('src/cli/main.ts', [...args, '--workers', '2', '--progress']),
    ]);
    expect(one.status).toBe(0);
    expect(two.status).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    // Not a terminal: at most a progress line every few seconds, never a bar.
    expect(one.stderr).toMatch(/^(experiment: \d+\/48 runs .*\n)*$/);
    expect(two.stderr).toMatch(/\] 48\/48 runs/);
    const parsed = JSON.parse(one.stdout);
    expect(parsed.cells).toHaveLength(16);
    expect(parsed.experiment.seeds).toBe(3);
  });
});

describe('RESULTS.md', () => {
  const options = { seeds: 2, baseSeed: 1, only: ['policies', 'sweep'] };
  const toSpec = (args: string[]): ExperimentSpec =>
    parseExperimentArgs(args, { cores: 1, readScenario: () => defaultExperimentScenario() })!.spec;

  it('regenerates to identical text on a small grid, and shows each table’s command', async () => {
    const build = (): Promise<string> => buildResults(options, toSpec, async (s) => runExperiment(s)!);
    const first = await build();
    expect(await build()).toBe(first);
    expect(first).toContain(
      'npm run --silent cli -- experiment --policy manual,quorum,fencing,aggressive --distress on,off ' +
        '--failure power-loss-battery,power-loss,os-crash,crash,pause --seeds 2 --seed 1',
    );
    expect(first).toMatch(/\| manual \| 6\/6 \|/);
  });

  it('npm run results gives the same bytes with 1 or 2 workers', async () => {
    const args = ['--seeds', '2', '--only', 'sweep', '--out', '-'];
    const [one, two] = await Promise.all([
      run('src/cli/results.ts', [...args, '--workers', '1']),
      run('src/cli/results.ts', [...args, '--workers', '2']),
    ]);
    expect(one.status).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(one.stdout).toMatch(/^# Results/);
    expect(one.stdout).toContain('| os-crash | 25 ms | 100% | 100% | 100% | 100% |');
  });
});
