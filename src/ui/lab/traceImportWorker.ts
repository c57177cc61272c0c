// The trace import's Web Worker: it streams the file and checks every event against a replay of its
// scenario (runtime/traceCheck.ts) off the page's thread, so a file of a million events never
// freezes the Lab; the page gets progress, then the header or the reason for refusing.
import { TraceCheck } from '../../runtime/traceCheck.ts';
import type { TraceImportReply } from './runFiles.ts';

/** The slice of the worker scope used here (a `webworker` lib reference would redeclare `self`). */
interface WorkerScope {
  postMessage(message: TraceImportReply): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

const scope = self as unknown as WorkerScope;
/** Progress at most this often: each message costs the page a re-render. */
const PROGRESS_MS = 100;

scope.addEventListener('message', (event) => {
  void check(event.data as Blob);
});

async function check(file: Blob): Promise<void> {
  try {
    const trace = new TraceCheck();
    const reader = file.stream().pipeThrough(new TextDecoderStream()).getReader();
    let last = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      trace.push(value);
      const now = performance.now();
      if (now - last > PROGRESS_MS) {
        last = now;
        scope.postMessage({ type: 'progress', ...trace.progress() });
      }
    }
    scope.postMessage({ type: 'done', header: trace.end() });
  } catch (error) {
    scope.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}
