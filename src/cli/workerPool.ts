// Spreads the runs of an experiment over worker_threads. Tasks go out in small ranges so a slow
// cell does not leave the other workers idle; results are put back by task index and summed up in
// that order, so the result is the same for any number of workers.
import { Worker } from 'node:worker_threads';
import { expandGrid, runExperiment, taskCount } from '../runtime/experiment.ts';
import type { ExperimentResult, ExperimentSpec, RunSummary } from '../runtime/experiment.ts';
import { summarizeCells } from '../runtime/experimentStats.ts';
import type { RangeDone } from './experimentWorker.ts';

export type Progress = (done: number, total: number) => void;

// From source (tsx) the worker is a .ts file; built (scripts/cli.mjs), it sits next to this code as .js.
const WORKER_URL = new URL(
  import.meta.url.endsWith('.ts') ? './experimentWorker.ts' : './experimentWorker.js',
  import.meta.url,
);

/**
 * Node 20 does not pass tsx's module hooks on to worker threads, so a worker started on a .ts file
 * registers tsx itself before importing it.
 */
function startWorker(spec: ExperimentSpec): Worker {
  if (!WORKER_URL.pathname.endsWith('.ts')) return new Worker(WORKER_URL, { workerData: { spec } });
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot =
    `import(${JSON.stringify(tsx)}).then((api) => { api.register(); ` +
    `return import(${JSON.stringify(WORKER_URL.href)}); });`;
  return new Worker(boot, { eval: true, workerData: { spec } });
}

export async function runExperimentInWorkers(
  spec: ExperimentSpec,
  workers: number,
  onProgress?: Progress,
): Promise<ExperimentResult> {
  const cells = expandGrid(spec);
  const total = taskCount(spec, cells);
  const count = Math.min(workers, Math.ceil(total / 2));
  if (count <= 1) return runExperiment(spec, { onProgress })!;

  // ~8 ranges per worker: balanced, while keeping message traffic negligible next to a run.
  const chunk = Math.max(1, Math.min(32, Math.ceil(total / (count * 8))));
  const runs: RunSummary[] = new Array(total);
  let next = 0;
  let done = 0;
  const pool = Array.from({ length: count }, () => startWorker(spec));
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const give = (): void => {
              if (next >= total) return resolve();
              const from = next;
              next = Math.min(total, next + chunk);
              worker.postMessage({ from, to: next });
            };
            worker.on('message', (msg: RangeDone) => {
              msg.runs.forEach((run, i) => (runs[msg.from + i] = run));
              done += msg.runs.length;
              onProgress?.(done, total);
              give();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (next < total || done < total)
                reject(new Error(`an experiment worker stopped (exit code ${code})`));
            });
            give();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return summarizeCells(spec, cells, runs);
}
