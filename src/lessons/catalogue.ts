// `window.mayday.lessons()`: every lesson with its steps and each question's choices and answer,
// as plain copies a script can read (and mutate) without touching the lessons themselves.
import { LESSONS, SELF_CHECK } from './index.ts';
import type { Lesson } from './types.ts';

export interface CatalogueLesson {
  id: string;
  title: string;
  summary: string;
  /** True for the self-check that closes the path. */
  selfCheck: boolean;
  steps: {
    number: number;
    title: string;
    text: string;
    /** False for a reading-only step. */
    run: boolean;
    question: { prompt: string; choices: string[]; answer: number; askAt: string | null } | null;
    revisit: string | null;
  }[];
}

function entry(l: Lesson, selfCheck: boolean): CatalogueLesson {
  return {
    id: l.id,
    title: l.title,
    summary: l.summary,
    selfCheck,
    steps: l.steps.map((s, i) => ({
      number: i + 1,
      title: s.title,
      text: s.text,
      run: s.scenario !== undefined,
      question: s.question
        ? {
            prompt: s.question.prompt,
            choices: [...s.question.choices],
            answer: s.question.answer,
            askAt: s.question.askAt?.kind ?? null,
          }
        : null,
      revisit: s.revisit ?? null,
    })),
  };
}

export function lessonCatalogue(): CatalogueLesson[] {
  return [...LESSONS.map((l) => entry(l, false)), entry(SELF_CHECK, true)];
}
