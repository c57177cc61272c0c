// Runs a grid in Web Workers and exposes its progress as $state. Ranges of tasks go out a few at a time,
// like `cli experiment`'s worker threads, and the runs are put back by task index, so the result is the
// same for any number of workers — and the same as the CLI's (test/unit/ui.experiments.test.ts).
// Cancel terminates the workers: a run in progress stops at once, not after it finishes.
import { defaultWorkerCount } from '../../core/limits.ts';
import { expandGrid, taskCount } from '../../runtime/experiment.ts';
import type { ExperimentResult, RunSummary } from '../../runtime/experiment.ts';
import { summarizeCells } from '../../runtime/experimentStats.ts';
import { gridSpec, type GridRequest } from './gridRequest.ts';
import { checkReply, type RunRange } from './workerMessages.ts';

/** What the runner needs of a Worker: a fake in unit tests, a real Web Worker in the page. */
export interface WorkerLike {
  postMessage(message: RunRange): void;
  terminate(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
}

export type Phase = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

export interface RunnerOptions {
  makeWorker?: () => WorkerLike;
  workers?: number;
  now?: () => number;
}

function webWorker(): WorkerLike {
  return new Worker(new URL('./experimentWorker.ts', import.meta.url), {
    type: 'module',
    name: 'mayday-experiment',
  }) as unknown as WorkerLike;
}

/** Leave one core to the page, use at most four (the CLI's default too). */
/** The same rule as `cli experiment --workers` (core/limits.ts). */
function defaultWorkers(): number {
  return defaultWorkerCount(typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency || 1);
}

export class ExperimentRunner {
  phase = $state<Phase>('idle');
  done = $state(0);
  total = $state(0);
  /** Workers used by the current or last run. */
  workers = $state(0);
  elapsedMs = $state(0);
  /** Why the last run failed, in words. */
  error = $state('');
  request = $state.raw<GridRequest | null>(null);
  result = $state.raw<ExperimentResult | null>(null);
  /** Every run's summary, in task order (the plots draw distributions from them). */
  runs = $state.raw<RunSummary[]>([]);

  private pool: WorkerLike[] = [];
  private readonly makeWorker: () => WorkerLike;
  private readonly maxWorkers: number;
  private readonly now: () => number;

  constructor(options: RunnerOptions = {}) {
    this.makeWorker = options.makeWorker ?? webWorker;
    this.maxWorkers = options.workers ?? defaultWorkers();
    this.now = options.now ?? (() => performance.now());
  }

  /** Starts a grid (stopping any run in progress). The request must have passed readForm/checkGridRequest. */
  start(request: GridRequest): void {
    this.stopWorkers();
    const spec = gridSpec(request);
    const cells = expandGrid(spec);
    const total = taskCount(spec, cells);
    const count = Math.max(1, Math.min(this.maxWorkers, Math.ceil(total / 2)));
    // ~8 ranges per worker: balanced, and small enough that the bar moves every fraction of a second.
    const chunk = Math.max(1, Math.min(16, Math.ceil(total / (count * 8))));
    const runs: RunSummary[] = new Array(total);
    const started = this.now();
    let next = 0;
    let done = 0;

    this.request = request;
    this.result = null;
    this.runs = [];
    this.error = '';
    this.done = 0;
    this.total = total;
    this.workers = count;
    this.elapsedMs = 0;
    this.phase = 'running';

    const pool = Array.from({ length: count }, () => this.makeWorker());
    this.pool = pool;
    const give = (worker: WorkerLike): void => {
      if (next >= total) return;
      const asked = { from: next, to: Math.min(total, next + chunk) };
      next = asked.to;
      worker.onmessage = (event) => {
        if (this.pool !== pool) return;
        const reply = checkReply(event.data, asked);
        if (!reply.ok)
          return this.fail(`a worker sent something unexpected (${reply.problem}); the run was stopped`);
        if (reply.value.type === 'error') return this.fail(reply.value.message);
        reply.value.runs.forEach((run, i) => (runs[asked.from + i] = run));
        done += reply.value.runs.length;
        this.done = done;
        this.elapsedMs = this.now() - started;
        if (done === total) return this.finish(summarizeCells(spec, cells, runs), runs);
        give(worker);
      };
      worker.onerror = (event) => {
        if (this.pool === pool) this.fail(`a worker crashed: ${event.message ?? 'no message'}`);
      };
      worker.postMessage({
        type: 'run',
        request: $state.snapshot(request) as GridRequest,
        from: asked.from,
        to: asked.to,
      });
    };
    for (const worker of pool) give(worker);
  }

  /** Stops every worker now; what was computed so far is dropped (a partial grid would mislead). */
  cancel(): void {
    if (this.phase !== 'running') return;
    this.stopWorkers();
    this.phase = 'cancelled';
  }

  private finish(result: ExperimentResult, runs: RunSummary[]): void {
    this.stopWorkers();
    this.result = result;
    this.runs = runs;
    this.phase = 'done';
  }

  private fail(message: string): void {
    this.stopWorkers();
    this.error = message;
    this.phase = 'failed';
  }

  private stopWorkers(): void {
    for (const w of this.pool) w.terminate();
    this.pool = [];
  }
}
