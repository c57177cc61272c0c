// Shared steps of the lessons' browser tests: a step's phase is read from the page (data-phase on
// the lesson, set from the player), and everything a learner does goes through roles and keys.
import { expect, type Page } from '@playwright/test';

export interface LessonWindow {
  mayday: {
    lessons(): Array<{
      id: string;
      selfCheck: boolean;
      steps: Array<{ number: number; run: boolean; question: { choices: string[]; answer: number } | null }>;
    }>;
    step(): {
      lesson: string;
      step: number;
      phase: string;
      answer: number | null;
      t: number;
      truthHidden: boolean;
    };
    trace(): Array<{ t: number; kind: string; [k: string]: unknown }>;
  };
}

export const lessonsApi = (page: Page) =>
  page.evaluate(() => (window as unknown as LessonWindow).mayday.lessons());
export const stepState = (page: Page) =>
  page.evaluate(() => (window as unknown as LessonWindow).mayday.step());

/** The lesson view, whose data-phase says reading / asking / playing / ended. */
export const lesson = (page: Page) => page.locator('.lesson[data-phase]');

export async function openStep(page: Page, id: string, step: number): Promise<void> {
  await page.goto(`/#/lessons/${id}/${step}`);
  await expect(lesson(page)).toBeVisible();
}

/** Play at 4× (waits with nothing new are fast-forwarded on top). */
export async function fastPace(page: Page): Promise<void> {
  await page.getByRole('combobox', { name: 'Pace', exact: true }).selectOption('4');
}

export async function waitPhase(page: Page, phase: string, timeout = 30_000): Promise<void> {
  await expect(lesson(page)).toHaveAttribute('data-phase', phase, { timeout });
}
