// One Web Worker of the Experiments page, started by ExperimentRunner: it answers each range of task
// indices with the runs' summaries, like a worker thread of `cli experiment` (src/cli/experimentWorker.ts).
// The work itself is `answerRunRange` (workerMessages.ts), so unit tests run it without a browser.
import { answerRunRange, type WorkerReply } from './workerMessages.ts';

/** The slice of the worker scope used here (a `webworker` lib reference would redeclare `self`). */
interface WorkerScope {
  postMessage(message: WorkerReply): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

const scope = self as unknown as WorkerScope;
scope.addEventListener('message', (event) => scope.postMessage(answerRunRange(event.data)));
