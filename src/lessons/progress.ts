// What a learner has done, as kept in the browser: finished steps, answers, and where they were.
// Pure functions only; the UI reads and writes the storage. What comes back from storage is
// untrusted (another version, a hand edit, a full disk): it is checked entry by entry, what does
// not fit is dropped and named, and the page always gets a usable value.
import type { Lesson } from './types.ts';

export const PROGRESS_KEY = 'mayday.lessons';

export interface Progress {
  version: 1;
  /** lesson id → step number (1-based, as a string key) → the index of the choice last given. */
  answers: Record<string, Record<string, number>>;
  /** lesson id → step numbers watched to the end, ascending. */
  done: Record<string, number[]>;
  /** The step the learner last opened. */
  last: { lesson: string; step: number } | null;
}

export interface LoadedProgress {
  progress: Progress;
  /** What was wrong with the stored value, named; empty when it was fine (or absent). */
  problems: string[];
}

export function emptyProgress(): Progress {
  return { version: 1, answers: {}, done: {}, last: null };
}

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** Parses stored text against the lessons that exist; never throws. */
export function loadProgress(text: string | null, lessons: readonly Lesson[]): LoadedProgress {
  const progress = emptyProgress();
  if (text === null || text === '') return { progress, problems: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { progress, problems: [`${PROGRESS_KEY}: not valid JSON; progress starts afresh`] };
  }
  if (!isRecord(raw) || raw.version !== 1) {
    return {
      progress,
      problems: [`${PROGRESS_KEY}: not a version 1 progress record; progress starts afresh`],
    };
  }
  const problems: string[] = [];
  const steps = new Map(lessons.map((l) => [l.id, l.steps]));
  const validStep = (lesson: string, n: number): boolean =>
    Number.isInteger(n) && n >= 1 && n <= (steps.get(lesson)?.length ?? 0);

  if (isRecord(raw.answers)) {
    for (const [lesson, byStep] of Object.entries(raw.answers)) {
      if (!steps.has(lesson) || !isRecord(byStep)) {
        problems.push(`${PROGRESS_KEY}.answers.${lesson}: no such lesson; dropped`);
        continue;
      }
      for (const [key, choice] of Object.entries(byStep)) {
        const n = Number(key);
        const question = validStep(lesson, n) ? steps.get(lesson)![n - 1].question : undefined;
        if (
          !question ||
          !Number.isInteger(choice) ||
          (choice as number) < 0 ||
          (choice as number) >= question.choices.length
        ) {
          problems.push(
            `${PROGRESS_KEY}.answers.${lesson}.${key}: ${JSON.stringify(choice)} is not a choice of that step; dropped`,
          );
          continue;
        }
        (progress.answers[lesson] ??= {})[key] = choice as number;
      }
    }
  } else if (raw.answers !== undefined) problems.push(`${PROGRESS_KEY}.answers: not an object; dropped`);

  if (isRecord(raw.done)) {
    for (const [lesson, list] of Object.entries(raw.done)) {
      if (!steps.has(lesson) || !Array.isArray(list)) {
        problems.push(`${PROGRESS_KEY}.done.${lesson}: no such lesson or not a list; dropped`);
        continue;
      }
      const good = [...new Set(list.filter((n): n is number => validStep(lesson, n as number)))].sort(
        (a, b) => a - b,
      );
      if (good.length !== list.length)
        problems.push(`${PROGRESS_KEY}.done.${lesson}: steps that do not exist were dropped`);
      if (good.length) progress.done[lesson] = good;
    }
  } else if (raw.done !== undefined) problems.push(`${PROGRESS_KEY}.done: not an object; dropped`);

  const last = raw.last;
  if (isRecord(last) && typeof last.lesson === 'string' && validStep(last.lesson, last.step as number)) {
    progress.last = { lesson: last.lesson, step: last.step as number };
  } else if (last !== null && last !== undefined)
    problems.push(`${PROGRESS_KEY}.last: not a step of any lesson; dropped`);

  return { progress, problems };
}

export function withAnswer(p: Progress, lesson: string, step: number, choice: number): Progress {
  return { ...p, answers: { ...p.answers, [lesson]: { ...p.answers[lesson], [String(step)]: choice } } };
}

export function withDone(p: Progress, lesson: string, step: number): Progress {
  const list = p.done[lesson] ?? [];
  if (list.includes(step)) return p;
  return { ...p, done: { ...p.done, [lesson]: [...list, step].sort((a, b) => a - b) } };
}

export function withLast(p: Progress, lesson: string, step: number): Progress {
  return { ...p, last: { lesson, step } };
}

/** Steps watched to the end, and predictions that matched the run, for one lesson. */
export function lessonStatus(
  p: Progress,
  lesson: Lesson,
): { done: number; total: number; right: number; asked: number } {
  const answers = p.answers[lesson.id] ?? {};
  let right = 0;
  let asked = 0;
  lesson.steps.forEach((s, i) => {
    const a = answers[String(i + 1)];
    if (!s.question || a === undefined) return;
    asked++;
    if (a === s.question.answer) right++;
  });
  return { done: (p.done[lesson.id] ?? []).length, total: lesson.steps.length, right, asked };
}

/** The self-check's verdict: the lessons to revisit, from the questions answered wrong. */
export function toRevisit(p: Progress, check: Lesson): string[] {
  const answers = p.answers[check.id] ?? {};
  const ids: string[] = [];
  check.steps.forEach((s, i) => {
    const a = answers[String(i + 1)];
    if (s.question && s.revisit && a !== undefined && a !== s.question.answer && !ids.includes(s.revisit))
      ids.push(s.revisit);
  });
  return ids;
}
