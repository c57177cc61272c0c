// The Experiments page outside the browser: the form's checks and messages, the checks on both sides of
// the worker boundary, the runner (workers faked, the worker's real code inside), Cancel — and the promise
// that the page and `cli experiment` run the same grid and give the same numbers.
import { describe, expect, it } from 'vitest';
import { MAX_SEEDS } from '../../src/core/limits.ts';
import { parseExperimentArgs } from '../../src/cli/experimentOptions.ts';
import { defaultExperimentScenario, runExperiment } from '../../src/runtime/experiment.ts';
import { formatJson } from '../../src/runtime/experimentFormat.ts';
import { ExperimentRunner, type WorkerLike } from '../../src/ui/experiments/ExperimentRunner.svelte.ts';
import { defaultForm, EXAMPLES, readForm, type FormFields } from '../../src/ui/experiments/experimentForm.ts';
import {
  checkGridRequest,
  cliArgs,
  cliCommand,
  gridSize,
  gridSpec,
  type GridRequest,
} from '../../src/ui/experiments/gridRequest.ts';
import { answerRunRange, checkReply, type RunRange } from '../../src/ui/experiments/workerMessages.ts';

const env = { cores: 2, readScenario: () => defaultExperimentScenario() };

function request(over: Partial<GridRequest> = {}): GridRequest {
  return {
    policies: ['manual', 'aggressive'],
    presets: ['pacemaker'],
    distress: [true, false],
    preformed: [true],
    modes: ['auto'],
    failures: ['power-loss', 'crash'],
    warningsMs: [null, 5],
    seeds: 2,
    baseSeed: 3,
    durationMs: 20_000,
    failureAtMs: 5_000,
    adminDelayMs: 8_000,
    ...over,
  };
}

function formWith(change: (f: FormFields) => void): FormFields {
  const f = defaultForm();
  change(f);
  return f;
}

/** A worker that runs the real worker code, answering on a later task like a real one. */
class FakeWorker implements WorkerLike {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { message?: string }) => void) | null = null;
  terminated = false;
  received = 0;
  constructor(private readonly reply: (data: unknown) => unknown = answerRunRange) {}
  postMessage(message: RunRange): void {
    this.received++;
    // Through structuredClone, as postMessage does: proxies or functions would fail here too.
    const data = structuredClone(message);
    // Later ranges may come back first, as with real workers under load.
    setTimeout(
      () => {
        if (!this.terminated) this.onmessage?.({ data: this.reply(data) });
      },
      (message.from * 7) % 5,
    );
  }
  terminate(): void {
    this.terminated = true;
  }
}

async function settle(runner: ExperimentRunner): Promise<void> {
  for (let i = 0; i < 10_000 && runner.phase === 'running'; i++) await new Promise((r) => setTimeout(r, 0));
}

describe('the form', () => {
  it('reads the default form into the first example grid', () => {
    const r = readForm(defaultForm());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.request.policies).toEqual(['manual', 'quorum', 'fencing', 'aggressive']);
    expect(r.request.distress).toEqual([true, false]);
    expect(gridSize(r.request)).toEqual({ cells: 32, runs: 160 });
  });

  it('every example is a valid grid small enough to run in a few seconds', () => {
    for (const ex of EXAMPLES) {
      const r = readForm(structuredClone(ex.fields));
      expect(r.ok, ex.id).toBe(true);
      if (r.ok) expect(gridSize(r.request).runs, ex.id).toBeLessThanOrEqual(200);
    }
  });

  it('names the field and the problem for each wrong value, all at once', () => {
    const r = readForm(
      formWith((f) => {
        f.seeds = 'abc';
        f.warnings = '5, 20x';
        f.baseSeed = '-1';
        f.policies.manual = f.policies.quorum = f.policies.fencing = f.policies.aggressive = false;
      }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.seeds).toBe('Seeds: "abc" is not a whole number.');
    expect(r.errors.warningsMs).toBe('Warning times: "20x" is not a number of milliseconds.');
    expect(r.errors.baseSeed).toBe('Base seed: must be from 0 to 4294967295, got -1.');
    expect(r.errors.policies).toBe('Policy: tick at least one policy or preset.');
  });

  it('refuses a failure after the end of the run, empty list items, repeats and odd failure names', () => {
    const late = readForm(formWith((f) => (f.failureAtMs = '90000')));
    expect(!late.ok && late.errors.failureAtMs).toMatch(
      /^Failure at: 90000 ms is not before the end of the run/,
    );
    const empty = readForm(formWith((f) => (f.warnings = '5,,20')));
    expect(!empty.ok && empty.errors.warningsMs).toMatch(/empty item/);
    const twice = readForm(formWith((f) => (f.warnings = 'default, 5, 5')));
    expect(!twice.ok && twice.errors.warningsMs).toBe('Warning times: 5 is listed twice.');
    const other = readForm(formWith((f) => (f.otherFailure = 'rm -rf /')));
    expect(!other.ok && other.errors.otherFailure).toMatch(/letters, digits/);
    const known = readForm(formWith((f) => (f.otherFailure = 'crash')));
    expect(!known.ok && known.errors.otherFailure).toMatch(/tick it in the list/);
    const noTicks = readForm(formWith((f) => (f.distressOn = f.distressOff = false)));
    expect(!noTicks.ok && noTicks.errors.distress).toBe('Distress signal: tick on, off or both.');
  });

  it('caps seeds where the CLI does (one rule in core/limits.ts), not at a page-only limit', () => {
    expect(readForm(formWith((f) => (f.seeds = '1000'))).ok).toBe(true);
    const over = readForm(formWith((f) => (f.seeds = String(MAX_SEEDS + 1))));
    expect(!over.ok && over.errors.seeds).toBe(
      `Seeds: must be from 1 to ${MAX_SEEDS}, got ${MAX_SEEDS + 1}.`,
    );
    expect(() => parseExperimentArgs(['--seeds', String(MAX_SEEDS + 1)], env)).toThrow(
      `--seeds: ${MAX_SEEDS + 1} is out of range (1–${MAX_SEEDS})`,
    );
    expect(parseExperimentArgs(['--seeds', String(MAX_SEEDS)], env)!.spec.seeds).toBe(MAX_SEEDS);
  });

  it('accepts an unknown failure type (sent sync, §0049) and "default" in any case', () => {
    const r = readForm(
      formWith((f) => {
        f.otherFailure = 'cosmic-ray';
        f.warnings = 'DEFAULT, 0.5';
      }),
    );
    expect(r.ok && r.request.failures.at(-1)).toBe('cosmic-ray');
    expect(r.ok && r.request.warningsMs).toEqual([null, 0.5]);
  });
});

describe('the same grid as the CLI', () => {
  it('the printed command parses back to exactly the spec the page runs, for every example', () => {
    for (const r of [
      request(),
      ...EXAMPLES.map((ex) => (readForm(ex.fields) as { request: GridRequest }).request),
    ]) {
      const cli = parseExperimentArgs(cliArgs(r).slice(1), env);
      expect(cli?.spec).toEqual(gridSpec(r));
      expect(cliCommand(r)).toBe(`npm run --silent cli -- ${cliArgs(r).join(' ')} --json`);
    }
  });

  it('the page (3 workers, ranges out of order) gives the CLI’s JSON byte for byte', async () => {
    const r = request();
    const runner = new ExperimentRunner({ makeWorker: () => new FakeWorker(), workers: 3 });
    runner.start(r);
    expect(runner.phase).toBe('running');
    await settle(runner);
    expect(runner.phase).toBe('done');
    expect(runner.done).toBe(runner.total);
    const cli = parseExperimentArgs(cliArgs(r).slice(1), env)!;
    expect(formatJson(runner.result!)).toBe(formatJson(runExperiment(cli.spec)!));
    expect(runner.runs).toHaveLength(gridSize(r).runs);
  });
});

describe('the worker boundary', () => {
  it('the worker refuses malformed requests with a message, and runs nothing', () => {
    const ok = { type: 'run', request: request(), from: 0, to: 2 };
    const bad: Array<[unknown, RegExp]> = [
      [null, /expected \{ type: "run"/],
      [{ ...ok, type: 'go' }, /expected \{ type: "run"/],
      [{ ...ok, from: 2, to: 2 }, /from\/to: expected 0 ≤ from < to ≤ 36/],
      [{ ...ok, to: 37 }, /≤ 36, got 0\/37/],
      [
        { ...ok, request: { ...request(), seeds: 0 } },
        /seeds: expected a whole number from 1 to 1000000, got 0/,
      ],
      [{ ...ok, request: { ...request(), durationMs: NaN } }, /durationMs: expected a time/],
      [{ ...ok, request: { ...request(), modes: ['sometimes'] } }, /modes: "sometimes" is not one of auto/],
      [{ ...ok, request: { ...request(), failures: ['power-loss', 'power-loss'] } }, /listed twice/],
      [{ ...ok, request: { ...request(), extra: 1 } }, /expected the fields/],
      [{ ...ok, request: { ...request(), failureAtMs: 20_000 } }, /not before the end of the run/],
      [
        { ...ok, request: { ...request(), seeds: MAX_SEEDS + 1 } },
        new RegExp(`seeds: expected a whole number from 1 to ${MAX_SEEDS}`),
      ],
    ];
    for (const [data, message] of bad) {
      const reply = answerRunRange(data);
      expect(reply.type).toBe('error');
      expect(reply.type === 'error' && reply.message).toMatch(message);
    }
    expect(answerRunRange(ok)).toMatchObject({ type: 'runs', from: 0, runs: [{}, {}] });
  });

  it('checkGridRequest accepts what readForm produces', () => {
    const r = readForm(defaultForm());
    expect(r.ok && checkGridRequest(structuredClone(r.request))).toEqual({
      ok: true,
      request: r.ok && r.request,
    });
  });

  it('the page refuses replies for another range, of the wrong size, or with impossible numbers', () => {
    const good = answerRunRange({ type: 'run', request: request(), from: 4, to: 6 });
    expect(checkReply(good, { from: 4, to: 6 }).ok).toBe(true);
    expect(checkReply(good, { from: 2, to: 4 })).toMatchObject({ ok: false, problem: /runs for task 4/ });
    expect(checkReply(good, { from: 4, to: 7 })).toMatchObject({ ok: false, problem: 'expected 3 runs' });
    const runs = (good as unknown as { runs: Record<string, unknown>[] }).runs;
    const bent = (field: string, value: unknown) => ({
      type: 'runs',
      from: 4,
      runs: [{ ...runs[0], [field]: value }, runs[1]],
    });
    expect(checkReply(bent('unavailableMs', -1), { from: 4, to: 6 }).ok).toBe(false);
    expect(checkReply(bent('failoverMs', [1, 'x']), { from: 4, to: 6 }).ok).toBe(false);
    expect(checkReply(bent('seed', 1.5), { from: 4, to: 6 }).ok).toBe(false);
    expect(checkReply(bent('extra', 1), { from: 4, to: 6 }).ok).toBe(false);
    expect(checkReply({ type: 'hello' }, { from: 4, to: 6 }).ok).toBe(false);
    expect(checkReply({ type: 'error', message: 'boom' }, { from: 4, to: 6 })).toEqual({
      ok: true,
      value: { type: 'error', message: 'boom' },
    });
  });
});

describe('the runner', () => {
  it('Cancel terminates every worker at once and keeps no partial result', async () => {
    const made: FakeWorker[] = [];
    const runner = new ExperimentRunner({
      makeWorker: () => {
        const w = new FakeWorker();
        made.push(w);
        return w;
      },
      workers: 2,
    });
    runner.start(request({ seeds: 20 }));
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => setTimeout(r, 0));
    runner.cancel();
    expect(runner.phase).toBe('cancelled');
    expect(made).toHaveLength(2);
    expect(made.every((w) => w.terminated)).toBe(true);
    expect(runner.done).toBeLessThan(runner.total);
    expect(runner.result).toBeNull();
    const sent = made.map((w) => w.received);
    await new Promise((r) => setTimeout(r, 5));
    expect(made.map((w) => w.received)).toEqual(sent);
  });

  it('stops with a message when a worker reports an error or sends nonsense', async () => {
    for (const [reply, message] of [
      [() => ({ type: 'error', message: 'a run failed: boom' }), 'a run failed: boom'],
      [() => ({ type: 'runs', from: 0, runs: 'lots' }), /a worker sent something unexpected/],
    ] as const) {
      const runner = new ExperimentRunner({ makeWorker: () => new FakeWorker(reply), workers: 1 });
      runner.start(request());
      await settle(runner);
      expect(runner.phase).toBe('failed');
      expect(runner.error).toMatch(message);
      expect(runner.result).toBeNull();
    }
  });
});
