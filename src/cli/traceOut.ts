// Writing a trace file (`run --trace OUT`) a batch of lines at a time: a million events never sit
// in memory as one string.
import { closeSync, openSync, writeSync } from 'node:fs';
import { traceFileLines, type TraceHeader } from '../core/traceFile.ts';
import type { TraceEvent } from '../core/types.ts';
import { UsageError } from './args.ts';

const BATCH = 4096;

export function writeTraceFile(
  path: string,
  header: Omit<TraceHeader, 'count'>,
  events: readonly TraceEvent[],
): void {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    const reason =
      (error as { code?: string }).code === 'ENOENT' ? 'no such folder' : (error as Error).message;
    throw new UsageError(`--trace: cannot write '${path}': ${reason}`, { command: 'run' });
  }
  try {
    let batch: string[] = [];
    for (const line of traceFileLines({ ...header, count: events.length }, events)) {
      batch.push(line);
      if (batch.length >= BATCH) {
        writeSync(fd, batch.join(''));
        batch = [];
      }
    }
    writeSync(fd, batch.join(''));
  } finally {
    closeSync(fd);
  }
}
