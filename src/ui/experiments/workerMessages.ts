// What the page and its experiment workers say to each other, and the checks each side makes on what it
// receives: nothing that crosses the worker boundary is trusted before it is checked (DESIGN §7).
import { expandGrid, runTask, taskCount } from '../../runtime/experiment.ts';
import type { Cell, ExperimentSpec, RunSummary } from '../../runtime/experiment.ts';
import { checkGridRequest, gridSpec } from './gridRequest.ts';
import type { GridRequest } from './gridRequest.ts';

/** Page → worker: run tasks [from, to) of the grid (task k = seed k mod seeds of cell ⌊k / seeds⌋). */
export interface RunRange {
  type: 'run';
  request: GridRequest;
  from: number;
  to: number;
}

/** Worker → page. */
export type WorkerReply =
  { type: 'runs'; from: number; runs: RunSummary[] } | { type: 'error'; message: string };

type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const isCount = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;
const isTime = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;

/** The worker's check of a message from the page. `totalRuns` gives the valid task range for a request. */
export function checkRunRange(raw: unknown, totalRuns: (r: GridRequest) => number): Checked<RunRange> {
  if (!isObject(raw) || raw.type !== 'run')
    return { ok: false, problem: 'expected { type: "run", request, from, to }' };
  const request = checkGridRequest(raw.request);
  if (!request.ok) return { ok: false, problem: request.problem };
  const total = totalRuns(request.request);
  const { from, to } = raw;
  if (!isCount(from) || !isCount(to) || !(from < to) || to > total)
    return {
      ok: false,
      problem: `from/to: expected 0 ≤ from < to ≤ ${total}, got ${String(from)}/${String(to)}`,
    };
  return { ok: true, value: { type: 'run', request: request.request, from, to } };
}

const RUN_FIELDS = [
  'seed',
  'distressSent',
  'distressLost',
  'failoverMs',
  'unavailableMs',
  'splitBrainMs',
  'adminInterventions',
  'falseFailovers',
] as const;

function runProblem(x: unknown): string | null {
  if (!isObject(x)) return 'a run is not an object';
  if (Object.keys(x).length !== RUN_FIELDS.length) return `a run must have exactly ${RUN_FIELDS.join(', ')}`;
  for (const k of ['seed', 'distressSent', 'distressLost', 'adminInterventions', 'falseFailovers'] as const)
    if (!isCount(x[k])) return `run.${k}: expected a whole number ≥ 0`;
  for (const k of ['unavailableMs', 'splitBrainMs'] as const)
    if (!isTime(x[k])) return `run.${k}: expected a time ≥ 0`;
  if (!Array.isArray(x.failoverMs) || !x.failoverMs.every(isTime))
    return 'run.failoverMs: expected a list of times ≥ 0';
  return null;
}

/** The page's check of a reply to the range it asked for: the right place, the right count, sane numbers. */
export function checkReply(raw: unknown, asked: { from: number; to: number }): Checked<WorkerReply> {
  if (!isObject(raw)) return { ok: false, problem: 'expected an object' };
  if (raw.type === 'error') {
    return typeof raw.message === 'string'
      ? { ok: true, value: { type: 'error', message: raw.message.slice(0, 500) } }
      : { ok: false, problem: 'error.message: expected text' };
  }
  if (raw.type !== 'runs') return { ok: false, problem: `unknown type ${JSON.stringify(raw.type)}` };
  if (raw.from !== asked.from)
    return { ok: false, problem: `runs for task ${String(raw.from)}, asked for ${asked.from}` };
  const runs = raw.runs;
  if (!Array.isArray(runs) || runs.length !== asked.to - asked.from)
    return { ok: false, problem: `expected ${asked.to - asked.from} runs` };
  for (const run of runs) {
    const problem = runProblem(run);
    if (problem) return { ok: false, problem };
  }
  return { ok: true, value: { type: 'runs', from: asked.from, runs: runs as RunSummary[] } };
}

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

/**
 * The worker's whole job: check the message, run its range, reply. A run depends only on the grid and
 * its index (src/runtime/experiment.ts), so which worker runs which range changes nothing.
 */
export function answerRunRange(data: unknown): WorkerReply {
  const checked = checkRunRange(data, (r) => {
    const { spec, cells } = grid(r);
    return taskCount(spec, cells);
  });
  if (!checked.ok)
    return { type: 'error', message: `the experiment worker refused a message: ${checked.problem}` };
  const { request, from, to } = checked.value;
  try {
    const { spec, cells } = grid(request);
    const runs: RunSummary[] = [];
    for (let k = from; k < to; k++) runs.push(runTask(spec, cells, k));
    return { type: 'runs', from, runs };
  } catch (error) {
    return {
      type: 'error',
      message: `a run failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
