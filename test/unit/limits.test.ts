// Limits that cannot hang: one work budget (core/limits.ts) refuses, before anything runs, a scenario
// that would keep the simulator busy for ever — in the core parser, the CLI, the experiment grid, the
// Lab and the Experiments page alike — and a long experiment says how far it got on any stderr.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseExperimentArgs } from '../../src/cli/experimentOptions.ts';
import { createProgressLines } from '../../src/cli/progress.ts';
import { DEFAULT_WORK_BUDGET, defaultWorkerCount, estimateWork } from '../../src/core/limits.ts';
import { parseScenario } from '../../src/core/scenario.ts';
import { defaultExperimentScenario } from '../../src/runtime/experiment.ts';
import { defaultForm, readForm } from '../../src/ui/experiments/experimentForm.ts';
import { LabController } from '../../src/ui/lab/LabController.svelte.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

const base = { version: 1, nodes: 5, resources: [{ name: 'db', primary: 'n1' }], durationMs: 60_000 };
const HUGE_RUN = { ...base, durationMs: 1e300 };
const TINY_HEARTBEAT = { ...base, heartbeat: { intervalMs: 0.001 } };

describe('the work budget', () => {
  it('refuses an endless run and a microsecond heartbeat up front, with the numbers', () => {
    const huge = parseScenario(HUGE_RUN);
    expect(huge.ok).toBe(false);
    expect(!huge.ok && huge.errors).toEqual([
      'durationMs: too much work: 5 nodes × durationMs 1e+300 ÷ heartbeat.intervalMs 1000 = 5.0e+297 node-ticks, ' +
        'over the budget of 20,000,000; shorten the run or lengthen heartbeat.intervalMs',
    ]);
    const tiny = parseScenario(TINY_HEARTBEAT);
    expect(!tiny.ok && tiny.errors[0]).toMatch(/= 300,000,000 node-ticks, over the budget of 20,000,000/);
    // A fence retried every microsecond counts under `fencing` only.
    const fence = { ...base, fence: { retryMs: 0.001 } };
    expect(parseScenario(fence).ok).toBe(true);
    const fencing = parseScenario({ ...fence, policy: 'fencing' });
    expect(!fencing.ok && fencing.errors[0]).toMatch(/÷ fence.retryMs 0.001/);
  });

  it('accepts what fits, at the edge, and a raised budget', () => {
    // 5 nodes × 4,000,000 s ÷ 1 s = exactly the budget.
    expect(parseScenario({ ...base, durationMs: (DEFAULT_WORK_BUDGET / 5) * 1000 }).ok).toBe(true);
    expect(parseScenario({ ...base, durationMs: (DEFAULT_WORK_BUDGET / 5) * 1000 + 1 }).ok).toBe(false);
    expect(parseScenario(TINY_HEARTBEAT, { workBudget: 3e8 }).ok).toBe(true);
    expect(estimateWork(defaultExperimentScenario()).nodeTicks).toBe(450);
  });

  it('is the rule of the Lab: an import over budget is refused and the run in view stays', () => {
    const ok = parseScenario(base);
    if (!ok.ok) throw new Error('base scenario');
    const lab = new LabController(ok.scenario);
    lab.seek(2000);
    const result = lab.load(JSON.stringify(HUGE_RUN));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.join()).toMatch(/too much work/);
    expect(lab.base.durationMs).toBe(60_000);
    expect(lab.t).toBe(2000);
  });

  it('is the rule of the experiment grid (CLI and page): every cell is checked', () => {
    const env = { cores: 2, readScenario: () => defaultExperimentScenario() };
    expect(() => parseExperimentArgs(['--duration', '1e12'], env)).toThrow(
      /a run with policy manual: too much work: 5 nodes × durationMs 1000000000000 .* --max-work N/,
    );
    expect(parseExperimentArgs(['--duration', '1e12', '--max-work', '5000000000'], env)).not.toBeNull();
    // The page runs the CLI's defaults, whose runs are far inside the budget.
    expect(readForm(defaultForm()).ok).toBe(true);
    expect(defaultWorkerCount(2)).toBe(2);
    expect(defaultWorkerCount(16)).toBe(4);
    expect(defaultWorkerCount(NaN)).toBe(1);
  });

  it('the CLI exits 2 at once instead of running for ever', async () => {
    const child = spawn(TSX, ['src/cli/main.ts', 'run', '-'], { cwd: ROOT });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdin.end(JSON.stringify(TINY_HEARTBEAT));
    const status = await new Promise((resolve) => child.on('close', resolve));
    expect(status).toBe(2);
    expect(stderr).toMatch(/300,000,000 node-ticks.*raise the budget with --max-work N/);
  }, 30_000);
});

describe('experiment progress on a stderr that is not a terminal', () => {
  it('writes a whole line every few seconds, never a carriage return', () => {
    let now = 0;
    let out = '';
    const lines = createProgressLines(
      { write: (s: string) => (out += s) } as never,
      'experiment',
      5000,
      () => now,
    );
    for (let done = 1; done <= 100; done++) {
      now += 200; // 20 s in all
      lines.update(done, 100);
    }
    lines.finish();
    expect(out).not.toContain('\r');
    const printed = out.trim().split('\n');
    expect(printed).toHaveLength(3); // at 5, 10 and 15 s; nothing after the last run
    expect(printed[0]).toBe('experiment: 25/100 runs (25%), 5 s, ~15 s left');
  });
});
