// One worker thread of `cli experiment`: it receives the spec once, then ranges of task indices, and
// answers each range with its run summaries. Which worker runs a task changes nothing: a run depends
// only on the spec and its index (src/runtime/experiment.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { expandGrid, runTask } from '../runtime/experiment.ts';
import type { ExperimentSpec, RunSummary } from '../runtime/experiment.ts';

export interface TaskRange {
  from: number;
  to: number;
}

export interface RangeDone extends TaskRange {
  runs: RunSummary[];
}

const spec = (workerData as { spec: ExperimentSpec }).spec;
const cells = expandGrid(spec);

parentPort!.on('message', ({ from, to }: TaskRange) => {
  const runs: RunSummary[] = [];
  for (let k = from; k < to; k++) runs.push(runTask(spec, cells, k));
  parentPort!.postMessage({ from, to, runs } satisfies RangeDone);
});
