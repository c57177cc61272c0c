// Pure helpers tying lesson text to the model: a caption or a question appears only once the trace
// event it speaks of has happened.
import type { TraceEvent } from '../core/types.ts';
import type { Beat, TraceMatch } from './types.ts';

export function matches(e: TraceEvent, m: TraceMatch): boolean {
  if (e.kind !== m.kind) return false;
  const fields = e as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(m)) {
    if (key !== 'kind' && value !== undefined && fields[key] !== value) return false;
  }
  return true;
}

/** The first event matching `m`, or undefined. */
export function firstMatch(trace: readonly TraceEvent[], m: TraceMatch): TraceEvent | undefined {
  for (const e of trace) if (matches(e, m)) return e;
  return undefined;
}

/**
 * Index of the last beat whose event has happened (-1: none yet). Beats are checked in order, each
 * after the previous one's event, so a caption never jumps ahead of an earlier one.
 */
export function beatIndex(beats: readonly Beat[], trace: readonly TraceEvent[]): number {
  let shown = -1;
  let from = 0;
  for (let b = 0; b < beats.length; b++) {
    let hit = -1;
    for (let i = from; i < trace.length; i++) {
      if (matches(trace[i], beats[b].on)) {
        hit = i;
        break;
      }
    }
    if (hit < 0) break;
    shown = b;
    from = hit;
  }
  return shown;
}

/** Words in a text, as a reader counts them (the ≤ 120-word budget of a step). */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}
