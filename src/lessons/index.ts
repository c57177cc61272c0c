// Every lesson in order, and lookups by id. The lesson UI and `window.mayday.lessons()` read this.
import { guessingWrong, heartbeats, silence } from './basics.ts';
import { distressSignal, leaving, preformed, syncOrAsync } from './distress.ts';
import { limits, live, trust } from './limits.ts';
import { SELF_CHECK_ID, selfCheck } from './selfCheck.ts';
import type { Lesson } from './types.ts';

export const LESSONS: readonly Lesson[] = [
  heartbeats,
  silence,
  guessingWrong,
  distressSignal,
  syncOrAsync,
  preformed,
  leaving,
  limits,
  trust,
  live,
];

/** The self-check, shaped as one more lesson so the same player runs it. */
export const SELF_CHECK: Lesson = {
  id: SELF_CHECK_ID,
  title: 'Self-check',
  summary: 'Five predictions drawn from the lessons, each answered by a run.',
  steps: selfCheck,
};

export function lessonById(id: string): Lesson | undefined {
  return id === SELF_CHECK_ID ? SELF_CHECK : LESSONS.find((l) => l.id === id);
}

export { SELF_CHECK_ID };
