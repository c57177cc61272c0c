// One Web Worker of the Experiments page: it receives ranges of task indices and answers each with the
// runs' summaries, like a worker thread of `cli experiment` (src/cli/experimentWorker.ts). A run depends
// only on the grid and its index, so which worker runs it changes nothing. Every message is checked first.
import { expandGrid, runTask, taskCount } from '../../runtime/experiment.ts';
import type { Cell, ExperimentSpec, RunSummary } from '../../runtime/experiment.ts';
import { gridSpec, type GridRequest } from './gridRequest.ts';
import { checkRunRange, type WorkerReply } from './workerMessages.ts';

/** The slice of the worker scope used here (a `webworker` lib reference would redeclare `self`). */
interface WorkerScope {
  postMessage(message: WorkerReply): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

const scope = self as unknown as WorkerScope;

// The page sends the same request with every range: expand the grid once per request.
let cached: { key: string; spec: ExperimentSpec; cells: Cell[] } | null = null;

function grid(request: GridRequest): { spec: ExperimentSpec; cells: Cell[] } {
  const key = JSON.stringify(request);
  if (cached?.key !== key) {
    const spec = gridSpec(request);
    cached = { key, spec, cells: expandGrid(spec) };
  }
  return cached;
}

scope.addEventListener('message', (event) => {
  const checked = checkRunRange(event.data, (r) => {
    const { spec, cells } = grid(r);
    return taskCount(spec, cells);
  });
  if (!checked.ok) {
    scope.postMessage({
      type: 'error',
      message: `the experiment worker refused a message: ${checked.problem}`,
    });
    return;
  }
  const { request, from, to } = checked.value;
  try {
    const { spec, cells } = grid(request);
    const runs: RunSummary[] = [];
    for (let k = from; k < to; k++) runs.push(runTask(spec, cells, k));
    scope.postMessage({ type: 'runs', from, runs });
  } catch (error) {
    scope.postMessage({
      type: 'error',
      message: `a run failed: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
});
