// `window.mayday` on a lesson page: the catalogue, and the step being played, for scripted checks.
import { lessonCatalogue, type CatalogueLesson } from '../../lessons/catalogue.ts';
import type { LessonPlayer, Phase } from './LessonPlayer.svelte.ts';

export interface LessonApi {
  lessons(): CatalogueLesson[];
  /** The step on screen: where it is, its phase, the answer given, the virtual time. */
  step(): {
    lesson: string;
    step: number;
    phase: Phase;
    answer: number | null;
    t: number;
    truthHidden: boolean;
  };
  trace(): unknown[];
  metrics(): unknown;
}

export function installLessonApi(player: LessonPlayer, lesson: string, step: number): () => void {
  const api: LessonApi = {
    lessons: lessonCatalogue,
    step: () => ({
      lesson,
      step,
      phase: player.phase,
      answer: player.answer,
      t: player.lab?.t ?? 0,
      truthHidden: player.truthHidden,
    }),
    trace: () => (player.lab ? player.lab.trace().map((e) => ({ ...e })) : []),
    metrics: () => (player.lab ? structuredClone(player.lab.currentMetrics()) : null),
  };
  const w = window as unknown as { mayday?: unknown };
  w.mayday = api;
  return () => {
    if (w.mayday === api) delete w.mayday;
  };
}

/** The list of lessons: `window.mayday.lessons()` only. */
export function installCatalogueApi(): () => void {
  const api = { lessons: lessonCatalogue };
  const w = window as unknown as { mayday?: unknown };
  w.mayday = api;
  return () => {
    if (w.mayday === api) delete w.mayday;
  };
}
