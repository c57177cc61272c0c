// The learner's progress, kept in localStorage and checked on load: a damaged entry is named in a
// notice and dropped, and the page goes on with what was valid.
import { LESSONS, SELF_CHECK } from '../../lessons/index.ts';
import {
  PROGRESS_KEY,
  loadProgress,
  withAnswer,
  withDone,
  withLast,
  type Progress,
} from '../../lessons/progress.ts';

function read(): string | null {
  try {
    return localStorage.getItem(PROGRESS_KEY);
  } catch {
    return null;
  }
}

export class ProgressStore {
  progress = $state.raw<Progress>(undefined as unknown as Progress);
  /** What was wrong with the stored progress when it was loaded. */
  problems = $state.raw<string[]>([]);
  /** Set when the browser refused to store (private mode, full disk). */
  saveError = $state<string | null>(null);

  constructor() {
    const loaded = loadProgress(read(), [...LESSONS, SELF_CHECK]);
    this.progress = loaded.progress;
    this.problems = loaded.problems;
    // Write back the cleaned value, so the same problem is not reported on every load.
    if (loaded.problems.length) this.save();
  }

  answer(lesson: string, step: number, choice: number): void {
    this.set(withAnswer(this.progress, lesson, step, choice));
  }

  done(lesson: string, step: number): void {
    this.set(withDone(this.progress, lesson, step));
  }

  visit(lesson: string, step: number): void {
    const last = this.progress.last;
    if (last?.lesson === lesson && last.step === step) return;
    this.set(withLast(this.progress, lesson, step));
  }

  saved(lesson: string, step: number): number | undefined {
    return this.progress.answers[lesson]?.[String(step)];
  }

  reset(): void {
    this.set({ version: 1, answers: {}, done: {}, last: null });
    this.problems = [];
  }

  private set(p: Progress): void {
    this.progress = p;
    this.save();
  }

  private save(): void {
    try {
      localStorage.setItem(PROGRESS_KEY, JSON.stringify(this.progress));
      this.saveError = null;
    } catch {
      this.saveError =
        'This browser would not store your progress (private mode or full storage): it lasts until you close the tab.';
    }
  }
}
