// Screenshots of every lesson at a laptop size and a projector size, for a person to look at: each
// lesson at its question (truth hidden where the lesson hides it), then after the answer, plus the
// list, presenter mode and the self-check's verdict.
// Run with: MAYDAY_SCREENSHOTS=1 npm run test:e2e -- lessons.screenshots   (files go to screenshots/)
import { expect, test, type Page } from '@playwright/test';
import { watchErrors } from './lab.helpers.ts';
import { fastPace, lessonsApi, openStep, waitPhase } from './lessons.helpers.ts';

test.skip(!process.env.MAYDAY_SCREENSHOTS, 'set MAYDAY_SCREENSHOTS=1 to write screenshots/');

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
];

async function shot(page: Page, name: string): Promise<void> {
  const { width, height } = page.viewportSize()!;
  await page.screenshot({ path: `screenshots/lessons-${name}-${width}x${height}.png` });
}

/** The step of each lesson that best shows it: the one whose question pauses the run. */
const SHOW: Record<string, number> = {
  heartbeats: 2,
  silence: 1,
  'guessing-wrong': 1,
  distress: 1,
  'sync-or-async': 2,
  'pre-formed': 1,
  leaving: 2,
  limits: 3,
  trust: 2,
  live: 1,
  check: 1,
};

for (const size of SIZES) {
  test.describe(`${size.width}×${size.height}`, () => {
    test.use({ viewport: size });

    test('the list, every lesson asking and answered, presenter mode', async ({ page }) => {
      test.setTimeout(300_000);
      const errors = watchErrors(page);
      await page.goto('/#/lessons');
      await shot(page, 'list');
      const all = await lessonsApi(page);
      for (const l of all) {
        const n = SHOW[l.id];
        const q = l.steps[n - 1].question!;
        await openStep(page, l.id, n);
        await fastPace(page);
        await waitPhase(page, 'asking');
        await shot(page, `${l.id}-asking`);
        await page.keyboard.press(String(q.answer + 1));
        await waitPhase(page, 'ended', 60_000);
        await shot(page, `${l.id}-answered`);
      }
      await openStep(page, 'guessing-wrong', 1);
      await page.getByRole('button', { name: 'Presenter' }).click();
      await fastPace(page);
      // Answered above: predict afresh.
      await page.getByRole('button', { name: 'Predict again' }).click();
      await waitPhase(page, 'asking');
      await page.keyboard.press('2');
      await expect(page.getByRole('alert').filter({ hasText: 'SPLIT BRAIN' })).toBeVisible({
        timeout: 30_000,
      });
      await page.keyboard.press(' ');
      await shot(page, 'presenter-split-brain');
      await page.getByRole('button', { name: 'Presenter' }).click();
      await openStep(page, 'live', 2);
      await shot(page, 'live-reading');
      expect(errors).toEqual([]);
    });
  });
}
