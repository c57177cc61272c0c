// `window.mayday`: the Lab, scriptable from the console, a teacher's demo or a browser test.
// Same inputs as the import (DESIGN §4.1, refused the same way), same outputs as the CLI (§4.2–4.3).
import type { Metrics, TraceEvent } from '../../core/types.ts';
import { lessonCatalogue, type CatalogueLesson } from '../../lessons/catalogue.ts';
import type { LabController, LoadResult } from './LabController.svelte.ts';
import { MAX_SPEED, MIN_SPEED } from './timeLens.ts';

export interface MaydayApi {
  /** Load a scenario (object or JSON text); bad input changes nothing and returns the problems. */
  load(scenario: unknown): LoadResult;
  play(): void;
  pause(): void;
  /** Go to virtual time `ms` (forward or back); returns the time reached. */
  seek(ms: number): number;
  /**
   * The trace so far, msg.* included (the Lab records them, like `cli run --messages`) — from a
   * minute before the last rebuild on (a seek back, an action, an edit): a rebuild at t = 0 (load,
   * restart) records them all. `messagesFrom()` says from when.
   */
  trace(): TraceEvent[];
  metrics(): Metrics;
  /** Virtual time from which the trace holds every message. */
  messagesFrom(): number;
  /** Virtual time now, ms. */
  now(): number;
  /** Playback speed (0.1–1000); with an argument, sets it. */
  speed(x?: number): number;
  /** Every lesson with its steps, questions, choices and answers (the same on /#/lessons). */
  lessons(): CatalogueLesson[];
}

declare global {
  interface Window {
    mayday?: MaydayApi;
  }
}

export function installScriptApi(lab: LabController): () => void {
  const api: MaydayApi = {
    load: (scenario) => lab.load(scenario),
    play: () => lab.play(),
    pause: () => lab.pause(),
    seek: (ms) => lab.seek(Number(ms)),
    trace: () => lab.trace().map((e) => ({ ...e })),
    metrics: () => structuredClone(lab.currentMetrics()),
    messagesFrom: () => lab.messagesFrom(),
    now: () => lab.t,
    speed: (x) => {
      if (x !== undefined && Number.isFinite(x)) lab.speed = Math.min(MAX_SPEED, Math.max(MIN_SPEED, x));
      return lab.speed;
    },
    lessons: lessonCatalogue,
  };
  window.mayday = api;
  return () => {
    if (window.mayday === api) delete window.mayday;
  };
}
