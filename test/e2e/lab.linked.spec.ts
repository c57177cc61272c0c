// Linked views: the event log is a way to travel (a line takes the run to its moment), and the node
// under the pointer is highlighted in the ring, its space-time lane and the log lines that name it.
import { expect, test, type Page } from '@playwright/test';
import {
  cluster,
  eventLog,
  node,
  now,
  openLab,
  seek,
  watchErrors,
  type MaydayWindow,
} from './lab.helpers.ts';

const story = cluster({
  seed: 5,
  durationMs: 30_000,
  events: [{ at: 3000, kind: 'failure', node: 'n1', type: 'power-loss-battery', warningMs: 20_000 }],
});

function sentAt(page: Page): Promise<number> {
  return page.evaluate(
    () => (window as unknown as MaydayWindow).mayday.trace().find((e) => e.kind === 'distress.sent')!.t,
  );
}

const maydayLine = (page: Page) => eventLog(page).getByRole('button', { name: /n1 sent its MAYDAY/ });
const lines = (page: Page) => eventLog(page).getByRole('listitem');

test('clicking a line of the event log takes the run back to that moment', async ({ page }) => {
  const errors = watchErrors(page);
  await openLab(page, story);
  await seek(page, 20_000);
  const t = await sentAt(page);
  expect(t).toBeLessThan(15_000);
  const clock = (await maydayLine(page).locator('.t').textContent())!.trim();
  const lastClock = () => lines(page).last().locator('.t');
  // Later moments follow the MAYDAY in the log before the click…
  await expect(lastClock()).not.toHaveText(clock);
  // While playing: a click stops the run there (it would run on past the moment otherwise).
  await page.evaluate(() => (window as unknown as MaydayWindow).mayday.play());
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await maydayLine(page).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  expect(await now(page)).toBe(t);
  // …after it, the run stands at that moment: the log ends at that line's moment (events of the
  // same instant included), the ring shows the MAYDAY leaving n1, the clock reads the line's time.
  await expect(lastClock()).toHaveText(clock);
  await expect(maydayLine(page)).toBeFocused();
  await expect(page.getByRole('status').filter({ hasText: 'MAYDAY in flight from n1' })).toBeVisible();
  await expect(page.getByRole('slider', { name: 'Time' })).toHaveAttribute(
    'aria-valuetext',
    new RegExp(`^t = ${clock.replace('.', '\\.')}`),
  );
  expect(errors).toEqual([]);
});

test('Enter on a focused log line goes there too', async ({ page }) => {
  const errors = watchErrors(page);
  await openLab(page, story);
  await seek(page, 25_000);
  const first = eventLog(page).getByRole('button', { name: /n1's OS saw a/ });
  await first.focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => now(page)).toBe(3000);
  await expect(lines(page).last().locator('.t')).toHaveText('3.000 s');
  await expect(maydayLine(page)).toHaveCount(0);
  expect(errors).toEqual([]);
});

/** What each view shows as highlighted: the ring's halo, the bold lane, the marked log lines. */
async function highlighted(page: Page): Promise<{ ring: string[]; lane: string[]; log: number }> {
  return page.evaluate(() => ({
    ring: [...document.querySelectorAll<SVGGElement>('g.mayday-node')]
      .filter((g) => Number(g.querySelector('circle.hl')?.getAttribute('r')) > 0)
      .map((g) => g.dataset.node!),
    lane: [...document.querySelectorAll<SVGGElement>('g.lane[data-highlighted]')].map((g) => g.dataset.node!),
    log: document.querySelectorAll('[role="log"] li.hl').length,
  }));
}

test('pointing at a node in any view highlights it in all three', async ({ page }) => {
  const errors = watchErrors(page);
  await openLab(page, story);
  await seek(page, 12_000);
  const none = { ring: [], lane: [], log: 0 };
  expect(await highlighted(page)).toEqual(none);

  // The ring: n3's lane and every log line naming n3 light up, and only those.
  await node(page, 'n3').hover();
  await expect.poll(() => highlighted(page)).toMatchObject({ ring: ['n3'], lane: ['n3'] });
  const named = await lines(page)
    .filter({ hasText: /\bn3\b/ })
    .count();
  expect(named).toBeGreaterThan(0);
  expect((await highlighted(page)).log).toBe(named);
  await expect(
    lines(page)
      .filter({ hasText: /\bn3\b/ })
      .first(),
  ).toHaveClass(/\bhl\b/);

  // Off the drawing: nothing stays highlighted.
  await page.mouse.move(2, 2);
  await expect.poll(() => highlighted(page)).toEqual(none);

  // A space-time lane: the node on the ring.
  const lane = page.locator('g.lane[data-node="n4"] rect');
  const box = (await lane.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.1, box.y + box.height / 2);
  await expect.poll(() => highlighted(page)).toMatchObject({ ring: ['n4'], lane: ['n4'] });

  // The keyboard: a node reached with Tab is highlighted like a pointed one.
  await node(page, 'n2').focus();
  await expect.poll(() => highlighted(page)).toMatchObject({ ring: ['n2'], lane: ['n2'] });

  // A log line: the node it is about.
  await maydayLine(page).hover();
  await expect.poll(() => highlighted(page)).toMatchObject({ ring: ['n1'], lane: ['n1'] });
  await expect(maydayLine(page).locator('..')).toHaveClass(/\bhl\b/);
  expect(errors).toEqual([]);
});
