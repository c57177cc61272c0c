// The lessons in Chromium: every lesson walked end to end (answering right and wrong), back in the
// middle of a run, reload and resume, damaged saved progress, and "open this in the Lab".
import { expect, test, type Page } from '@playwright/test';
import { watchErrors } from './lab.helpers.ts';
import { fastPace, lesson, lessonsApi, openStep, stepState, waitPhase } from './lessons.helpers.ts';

test('the list shows every lesson and the self-check; window.mayday.lessons() gives questions and answers', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('/#/lessons');
  const items = page.locator('ol.lessons > li');
  await expect(items).toHaveCount(11);
  await expect(items.first()).toContainText('Heartbeats');
  await expect(items.last()).toContainText('Self-check');
  const all = await lessonsApi(page);
  expect(all).toHaveLength(11);
  expect(all.filter((l) => l.selfCheck).map((l) => l.steps.length)).toEqual([5]);
  for (const l of all)
    for (const s of l.steps)
      if (s.question) expect(s.question.answer).toBeLessThan(s.question.choices.length);
  await page.getByRole('link', { name: /Start with lesson 1/ }).click();
  await expect(page).toHaveURL(/#\/lessons\/heartbeats\/1$/);
  expect(errors).toEqual([]);
});

/**
 * Walk one lesson from its first step to its last with the keyboard: answer each question (right on
 * even steps, wrong on odd ones), check the verdict, let the run finish, then → to the next step.
 */
async function walk(page: Page, id: string): Promise<void> {
  const meta = (await lessonsApi(page)).find((l) => l.id === id)!;
  await openStep(page, id, 1);
  for (const s of meta.steps) {
    await expect(page).toHaveURL(new RegExp(`#/lessons/${id}/${s.number}$`));
    if (!s.run) {
      await waitPhase(page, 'reading');
      continue;
    }
    await fastPace(page);
    if (s.question) {
      await waitPhase(page, 'asking');
      const right = s.number % 2 === 0;
      const choice = right ? s.question.answer : (s.question.answer + 1) % s.question.choices.length;
      await page.keyboard.press(String(choice + 1));
      await expect(
        page.getByRole('status').filter({ hasText: right ? 'Right.' : 'Not quite.' }),
      ).toBeVisible();
    }
    await waitPhase(page, 'ended', 45_000);
    if (s.number < meta.steps.length) await page.keyboard.press('ArrowRight');
  }
  if (meta.selfCheck) {
    // The verdict at the end of the self-check: odd steps were answered wrong.
    const verdict = page.getByRole('status').filter({ hasText: 'Self-check: 2 of 5 right.' });
    await expect(verdict).toContainText('Worth revisiting');
    await expect(verdict.getByRole('link', { name: 'Trust' })).toHaveAttribute('href', '#/lessons/trust/1');
  }
}

const PATH = [
  ['heartbeats', 'silence', 'guessing-wrong'],
  ['distress', 'sync-or-async', 'pre-formed', 'leaving'],
  ['limits', 'trust', 'live', 'check'],
];

for (const group of PATH) {
  test(`walk ${group.join(', ')} end to end`, async ({ page }) => {
    test.setTimeout(180_000);
    const errors = watchErrors(page);
    await page.goto('/#/lessons');
    for (const id of group) await walk(page, id);
    await page.goto('/#/lessons');
    for (const id of group) {
      const status = page.locator(`li[data-lesson="${id}"] .status`);
      await expect(status).toHaveClass(/complete/);
    }
    if (group.includes('check')) {
      // Odd steps were answered wrong: steps 1, 3 and 5 point to their lessons.
      await expect(page.locator('li[data-lesson="check"] .revisit')).toContainText('Silence is ambiguous');
      await expect(page.locator('li[data-lesson="check"] .revisit')).toContainText('Sync or async');
      await expect(page.locator('li[data-lesson="check"] .revisit')).toContainText('Trust');
      await expect(page.locator('li[data-lesson="check"] .status')).toContainText('2 of 5 right');
    }
    expect(errors).toEqual([]);
  });
}

test('the truth stays hidden until the learner answers, then the run shows it', async ({ page }) => {
  const errors = watchErrors(page);
  await openStep(page, 'silence', 1);
  await fastPace(page);
  await waitPhase(page, 'asking');
  const n4 = page.getByRole('button', { name: /^n4:/ });
  // Drawn as n5 believes it: partitioned, not dead; and no timeline that would show the crash.
  await expect(n4).toHaveAccessibleName(/partitioned/i);
  await expect(n4).not.toHaveAccessibleName(/dead/i);
  await expect(page.getByText('The timeline is hidden until you answer')).toBeVisible();
  await expect(page.getByLabel('Hide the truth')).toBeDisabled();
  // A click on the node opens no menu (it would name the truth) and changes no one's view.
  await n4.click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(n4).not.toHaveAccessibleName(/dead/i);
  const state = await stepState(page);
  expect(state.truthHidden).toBe(true);
  // Paused exactly on n5's verdict, not a frame later.
  const verdict = (await page.evaluate(() =>
    (window as unknown as import('./lessons.helpers.ts').LessonWindow).mayday
      .trace()
      .find((e) => e.kind === 'peer.partitioned' && e.node === 'n5' && e.peer === 'n4'),
  ))!;
  expect(state.t).toBe(verdict.t);
  await page.getByRole('button', { name: /n5 cannot know which/ }).click();
  await expect(n4).toHaveAccessibleName(/dead/i);
  expect(errors).toEqual([]);
});

test('going back in the middle of a run, restarting a step, and the run clock label', async ({ page }) => {
  const errors = watchErrors(page);
  await openStep(page, 'guessing-wrong', 2);
  await page.keyboard.press('3');
  await expect(page.getByRole('status').filter({ hasText: 'Right.' })).toBeVisible();
  // After the administrator is asked (t = 5.2 s) nothing happens until the end: a labelled fast-forward.
  await expect(
    page.locator('.status').filter({ hasText: /FAST-FORWARD 10×.*nothing new until t = 14\.0 s/ }),
  ).toBeVisible({
    timeout: 30_000,
  });
  expect((await stepState(page)).t).toBeGreaterThan(5200);
  await page.keyboard.press('ArrowLeft');
  await expect(page).toHaveURL(/guessing-wrong\/1$/);
  await waitPhase(page, 'asking');
  expect((await stepState(page)).t).toBe(0);
  await page.getByRole('button', { name: /Two primaries/ }).click();
  await expect.poll(async () => (await stepState(page)).t).toBeGreaterThan(200);
  await page.getByRole('button', { name: 'Restart step' }).click();
  // Answered already: the restart plays from t = 0 without asking again…
  await waitPhase(page, 'playing');
  // …and "Predict again" asks afresh.
  await page.getByRole('button', { name: 'Predict again' }).click();
  await waitPhase(page, 'asking');
  expect(await stepState(page)).toMatchObject({ t: 0, answer: null });
  expect(errors).toEqual([]);
});

test('reload and resume: answers and finished steps survive; the list offers to continue', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openStep(page, 'pre-formed', 1);
  await fastPace(page);
  await page.keyboard.press('2');
  await waitPhase(page, 'ended', 45_000);
  await page.keyboard.press('ArrowRight');
  await waitPhase(page, 'asking');
  await page.reload();
  await waitPhase(page, 'asking');
  expect((await stepState(page)).answer).toBeNull();
  await page.goto('/#/lessons/pre-formed/1');
  // The answer given before the reload is shown, and the run plays on without asking again.
  await expect(page.getByRole('status').filter({ hasText: 'Right.' })).toBeVisible();
  expect((await stepState(page)).answer).toBe(1);
  await page.goto('/#/lessons');
  await expect(page.locator('li[data-lesson="pre-formed"] .status')).toContainText('1/2 steps');
  await page.getByRole('link', { name: /Continue: Why pre-formed, step 1/ }).click();
  await expect(lesson(page)).toBeVisible();
  expect(errors).toEqual([]);
});

test('damaged saved progress is named, dropped, and never breaks the page', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#/lessons');
  await page.evaluate(() =>
    localStorage.setItem(
      'mayday.lessons',
      JSON.stringify({
        version: 1,
        answers: { silence: { '1': 9, '2': 1 }, nowhere: { '1': 0 } },
        done: { silence: [1, 'x'] },
        last: { lesson: 'silence', step: 99 },
      }),
    ),
  );
  await page.reload();
  const alert = page.getByRole('alert').filter({ hasText: 'could not be read' });
  await expect(alert).toContainText('mayday.lessons.answers.silence.1');
  await expect(alert).toContainText('mayday.lessons.answers.nowhere');
  await expect(page.locator('li[data-lesson="silence"] .status')).toContainText(
    '1/2 steps · 1 of 1 predictions right',
  );
  await page.evaluate(() => localStorage.setItem('mayday.lessons', '{not json'));
  await page.reload();
  await expect(page.getByRole('alert').filter({ hasText: 'not valid JSON' })).toBeVisible();
  await expect(page.locator('ol.lessons > li')).toHaveCount(11);
  expect(errors).toEqual([]);
});

test('"Open this in the Lab" hands over the scenario at that moment; a bad step link says so', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openStep(page, 'distress', 1);
  await fastPace(page);
  await waitPhase(page, 'asking');
  const t = (await stepState(page)).t;
  await page.getByRole('link', { name: /Open this in the Lab/ }).click();
  await expect(page.getByRole('link', { name: 'Lab' })).toHaveAttribute('aria-current', 'page');
  await page.waitForFunction(
    () => 'mayday' in window && 'seek' in (window as unknown as { mayday: object }).mayday,
  );
  const now = await page.evaluate(() => (window as unknown as { mayday: { now(): number } }).mayday.now());
  expect(now).toBe(t);
  await expect(page.getByText('PAUSED', { exact: true })).toBeVisible();
  await page.goto('/#/lessons/nowhere/3');
  await expect(page.getByRole('heading', { name: 'There is no such lesson step' })).toBeVisible();
  expect(errors).toEqual([]);
});
