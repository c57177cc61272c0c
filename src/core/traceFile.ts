// Trace files (docs/trace-file.md): a run's trace (DESIGN §4.2) with the scenario that made it, as
// JSON laid out one event per line. The layout is what lets a reader stream a file of millions of
// events (a line at a time, never the whole text at once), and what makes export → import → export
// give the same bytes: every event is written as `JSON.stringify(event)`, keys in the simulator's order.
import { parseScenario } from './scenario.ts';
import { scenarioToPlain } from './scenarioJson.ts';
import type { Metrics, Scenario, TraceEvent } from './types.ts';
import { checkTraceEvent } from './traceEventCheck.ts';

export const TRACE_FORMAT = 'mayday-trace';
export const TRACE_VERSION = 1;

/** What a trace file says before its events. */
export interface TraceHeader {
  scenario: Scenario;
  /** The trace holds msg.sent / msg.delivered / msg.dropped (CLI `--messages`; always in the Lab). */
  messages: boolean;
  /** How many events follow: lets a reader show progress and check that nothing was cut off. */
  count: number;
  metrics: Metrics;
}

/**
 * The file as text chunks (one line each), to be written one after another: the header fields on the
 * first line, one event per line, the closing brackets last. Joined, they are one JSON object.
 */
export function* traceFileLines(header: TraceHeader, events: readonly TraceEvent[]): Generator<string> {
  const head = {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    messages: header.messages,
    count: events.length,
    metrics: header.metrics,
    scenario: scenarioToPlain(header.scenario),
  };
  const open = JSON.stringify(head);
  yield `${open.slice(0, -1)},"events":[\n`;
  for (let i = 0; i < events.length; i++) {
    yield `${JSON.stringify(events[i])}${i < events.length - 1 ? ',' : ''}\n`;
  }
  yield ']}\n';
}

export function traceFileText(header: TraceHeader, events: readonly TraceEvent[]): string {
  return [...traceFileLines(header, events)].join('');
}

/** A trace file refused: `message` names what is wrong and where (a line number when there is one). */
export class TraceFileError extends Error {}

export interface TraceSink {
  header(header: TraceHeader): void;
  /** `line` is the event's text as written in the file (without the separating comma). */
  event(event: TraceEvent, index: number, line: string): void;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Check the header object (everything but `events`) and resolve its scenario. */
export function readHeader(head: unknown): TraceHeader {
  if (!isRecord(head)) throw new TraceFileError('a trace file is one JSON object');
  if (head.format !== TRACE_FORMAT) {
    const hint = 'events' in head || 'metrics' in head ? ' (is it the output of `cli run --json`?)' : '';
    throw new TraceFileError(`not a Mayday trace file: "format" must be "${TRACE_FORMAT}"${hint}`);
  }
  if (head.version !== TRACE_VERSION) {
    throw new TraceFileError(
      `version ${JSON.stringify(head.version)} is not supported (this Mayday reads ${TRACE_VERSION})`,
    );
  }
  if (typeof head.messages !== 'boolean') throw new TraceFileError('"messages" must be true or false');
  if (typeof head.count !== 'number' || !Number.isSafeInteger(head.count) || head.count < 0) {
    throw new TraceFileError('"count" must be the number of events (a whole number ≥ 0)');
  }
  if (!isRecord(head.metrics)) throw new TraceFileError('"metrics" must be an object');
  const parsed = parseScenario(head.scenario);
  if (!parsed.ok) {
    throw new TraceFileError(`its scenario is not valid: ${parsed.errors.slice(0, 3).join('; ')}`);
  }
  return {
    scenario: parsed.scenario,
    messages: head.messages,
    count: head.count,
    metrics: head.metrics as unknown as Metrics,
  };
}

/**
 * Reads a trace file pushed in text chunks of any size: the header first, then each event as soon as
 * its line is complete, so memory holds one line, not the file. Every event is checked against the
 * scenario (kinds, fields, node names, time order); the first problem stops the reading with its line.
 */
export class TraceFileReader {
  private buffer = '';
  private lineNo = 0;
  private state: 'header' | 'events' | 'done' = 'header';
  private head: TraceHeader | null = null;
  private count = 0;
  private lastT = 0;
  private expectMore = true;

  constructor(private readonly sink: TraceSink) {}

  push(chunk: string): void {
    this.buffer += chunk;
    let nl = this.buffer.indexOf('\n');
    let start = 0;
    while (nl !== -1) {
      this.line(this.buffer.slice(start, nl));
      start = nl + 1;
      nl = this.buffer.indexOf('\n', start);
    }
    this.buffer = this.buffer.slice(start);
  }

  /** The end of the file: refuses a file cut short. Returns the header. */
  end(): TraceHeader {
    if (this.buffer.trim() !== '') this.line(this.buffer);
    this.buffer = '';
    if (this.state === 'header') throw new TraceFileError('the file is empty or has no "events" list');
    if (this.state !== 'done') {
      throw new TraceFileError(
        `the file ends after event ${this.count} of ${this.head?.count}: it was cut short`,
      );
    }
    return this.head as TraceHeader;
  }

  private line(raw: string): void {
    this.lineNo++;
    const text = this.lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (this.state === 'header') return this.headerLine(text);
    if (this.state === 'done') {
      if (text.trim() !== '') this.fail('there is text after the end of the trace');
      return;
    }
    if (text === ']}') return this.close();
    if (!this.expectMore) this.fail('expected "]}" after the last event');
    const comma = text.endsWith(',');
    const body = comma ? text.slice(0, -1) : text;
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      this.fail('an event is not valid JSON (a trace file has one event per line)');
    }
    const head = this.head as TraceHeader;
    const problem = checkTraceEvent(value, head.scenario, this.lastT, head.messages);
    if (problem) this.fail(`event ${this.count}: ${problem}`);
    const event = value as TraceEvent;
    this.lastT = event.t;
    this.sink.event(event, this.count, body);
    this.count++;
    this.expectMore = comma;
  }

  private headerLine(text: string): void {
    const marker = ',"events":[';
    if (!text.endsWith(marker)) this.failHeader(text);
    let head: unknown;
    try {
      head = JSON.parse(`${text.slice(0, -marker.length)}}`);
    } catch {
      this.fail('the header is not valid JSON');
    }
    try {
      this.head = readHeader(head);
    } catch (error) {
      this.fail((error as Error).message);
    }
    this.sink.header(this.head as TraceHeader);
    this.state = 'events';
    this.expectMore = true;
  }

  /** A first line that is not a header: say what the file looks like instead, when one can tell. */
  private failHeader(text: string): never {
    let whole: unknown;
    try {
      whole = JSON.parse(text);
    } catch {
      this.fail(
        'the first line must be the header, ending in "events":[ (a trace file has one event per line)',
      );
    }
    try {
      readHeader(whole);
    } catch (error) {
      this.fail((error as Error).message);
    }
    this.fail('the events must be written one per line, as Mayday writes them (this file was reformatted)');
  }

  private close(): void {
    const head = this.head as TraceHeader;
    if (this.count > 0 && this.expectMore) this.fail('a comma after the last event');
    if (this.count !== head.count) {
      this.fail(`the header announces ${head.count} events, the file holds ${this.count}`);
    }
    this.state = 'done';
  }

  private fail(message: string): never {
    throw new TraceFileError(`line ${this.lineNo}: ${message}`);
  }
}

/** Read a whole trace file held in one string (a small file, a test). */
export function readTraceText(text: string): { header: TraceHeader; events: TraceEvent[] } {
  const events: TraceEvent[] = [];
  const reader = new TraceFileReader({ header: () => {}, event: (e) => events.push(e) });
  reader.push(text);
  return { header: reader.end(), events };
}
