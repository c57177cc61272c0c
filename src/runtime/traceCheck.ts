// Does a trace file match its scenario? A run is deterministic, so the scenario in the header, run
// again, must write exactly the file's events, in order, byte for byte. The check runs alongside
// the reading (event i of the file against event i of the replay), so a file of millions of events
// is never held twice and a forged or edited trace is refused at its first changed event.
import { TraceFileError, TraceFileReader, type TraceHeader } from '../core/traceFile.ts';
import type { TraceEvent } from '../core/types.ts';
import { Simulation } from './simulation.ts';

/** Virtual time run ahead at a time while the replay has fewer events than the file. */
const STEP_MS = 1000;

export class TraceCheck {
  private sim: Simulation | null = null;
  private header: TraceHeader | null = null;
  private readonly reader: TraceFileReader;

  constructor() {
    this.reader = new TraceFileReader({
      header: (h) => {
        this.header = h;
        this.sim = new Simulation(h.scenario, { recordMessages: h.messages });
      },
      event: (_e: TraceEvent, i: number, line: string) => this.compare(i, line),
    });
  }

  /** Feed the next piece of the file's text. Throws TraceFileError at the first problem. */
  push(chunk: string): void {
    this.reader.push(chunk);
  }

  /** Events read so far, of how many the header announces (for a progress bar). */
  progress(): { read: number; total: number } {
    return { read: this.read, total: this.header?.count ?? 0 };
  }

  private read = 0;

  /** The end of the file: everything matched. Returns the header (its scenario replays the trace). */
  end(): TraceHeader {
    const header = this.reader.end();
    const sim = this.sim as Simulation;
    sim.runUntil(header.scenario.durationMs);
    const extra = sim.trace().length - header.count;
    if (extra > 0) {
      throw new TraceFileError(
        `the trace stops after ${header.count} events, but its scenario goes on for ${extra} more: it was cut short or edited`,
      );
    }
    const metrics = JSON.stringify(sim.metrics());
    if (metrics !== JSON.stringify(header.metrics)) {
      throw new TraceFileError(
        "its metrics are not the ones its scenario gives: the header's metrics were edited",
      );
    }
    return header;
  }

  private compare(i: number, line: string): void {
    const sim = this.sim as Simulation;
    const trace = sim.trace();
    const end = (this.header as TraceHeader).scenario.durationMs;
    while (trace.length <= i && sim.now() < end) sim.runUntil(sim.now() + STEP_MS);
    this.read = i + 1;
    const expected = trace[i];
    if (expected === undefined) {
      throw new TraceFileError(
        `event ${i} (${line.slice(0, 80)}): its scenario never writes it — the trace does not match its scenario`,
      );
    }
    const text = JSON.stringify(expected);
    if (text !== line) {
      throw new TraceFileError(
        `event ${i} does not match its scenario: the file has ${line.slice(0, 120)} where the scenario gives ${text.slice(0, 120)}`,
      );
    }
  }
}
