// The Experiments page in Chromium: a small grid end to end (progress, plots, table, exports), the same
// numbers as the command the page prints, Cancel that really stops the Web Workers, and bad values that
// are refused before anything runs. Everything through roles and labels; waits are polling expects.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { watchErrors } from './lab.helpers.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function openExperiments(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('navigation').getByRole('link', { name: 'Experiments' }).click();
  await expect(page.getByRole('heading', { name: 'Experiment grid' })).toBeVisible();
}

const progress = (page: Page) => page.getByRole('progressbar', { name: 'Experiment progress' });
const status = (page: Page) => page.getByRole('status').filter({ hasText: /run|Nothing/ });

test('a small grid runs end to end: progress, four plots, the table, exports — and the CLI agrees', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openExperiments(page);
  await expect(status(page)).toContainText('Nothing run yet');
  await page.getByLabel('Seeds per setting').fill('2');
  await expect(page.getByText('32 settings × 2 seeds = 64 runs')).toBeVisible();

  await page.getByRole('button', { name: 'Run experiment' }).click();
  await expect(progress(page)).toHaveAttribute('aria-valuemax', '64');
  await expect(status(page)).toContainText(/Running 64 runs|Done: 64 runs/);
  await expect(progress(page)).toHaveAttribute('aria-valuenow', '64', { timeout: 45_000 });
  await expect(status(page)).toContainText('Done: 64 runs');

  const table = page.getByRole('region', { name: 'Results table' }).getByRole('table');
  await expect(table.getByRole('row')).toHaveCount(33);
  await expect(table.getByRole('columnheader', { name: 'P(leaves)' })).toBeVisible();
  for (const name of [
    'P(distress leaves before death) vs warning time',
    'Time to failover, with and without distress',
    'Unavailable time and split-brain time per policy',
    'Administrator interventions per policy',
  ]) {
    await expect(page.getByRole('figure', { name }).getByRole('img')).toBeVisible();
  }
  // A dot per failover, distress on and off told apart by shape.
  expect(await page.locator('figure svg path[transform]').count()).toBeGreaterThan(50);

  const csv = page.getByRole('link', { name: 'CSV', exact: true });
  const json = page.getByRole('link', { name: 'JSON', exact: true });
  await expect(csv).toHaveAttribute('href', /^blob:/);
  await expect(csv).toHaveAttribute('download', 'mayday-experiment.csv');
  await expect(json).toHaveAttribute('download', 'mayday-experiment.json');
  await expect(page.getByRole('link', { name: 'SVG' })).toHaveCount(4);
  const svg = await page
    .getByRole('link', { name: 'SVG' })
    .first()
    .evaluate((a: HTMLAnchorElement) => fetch(a.href).then((r) => r.text()));
  expect(svg).toMatch(/^<\?xml[^]*<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(svg).not.toContain('var(--mayday');

  // The command the page prints gives the JSON the page offers, byte for byte.
  await page.getByText('The same grid in a terminal gives the same numbers').click();
  const command = (await page.locator('details.cli code').textContent())!;
  const prefix = 'npm run --silent cli -- ';
  expect(command.startsWith(prefix)).toBe(true);
  const fromCli = execFileSync(
    join(ROOT, 'node_modules/.bin/tsx'),
    [join(ROOT, 'src/cli/main.ts'), ...command.slice(prefix.length).split(' ')],
    { cwd: ROOT, encoding: 'utf8' },
  );
  const fromPage = await json.evaluate((a: HTMLAnchorElement) => fetch(a.href).then((r) => r.text()));
  expect(fromPage).toBe(fromCli);

  // A look at the Lab and back: the results are still there.
  const nav = page.getByRole('navigation');
  await nav.getByRole('link', { name: 'Lab' }).click();
  await nav.getByRole('link', { name: 'Experiments' }).click();
  await expect(table.getByRole('row')).toHaveCount(33);
  await expect(page.getByLabel('Seeds per setting')).toHaveValue('2');
  expect(errors).toEqual([]);
});

test('Cancel stops the workers at once and keeps nothing', async ({ page }) => {
  const errors = watchErrors(page);
  await openExperiments(page);
  await page.getByLabel('Seeds per setting').fill('500');
  await page.getByRole('button', { name: 'Run experiment' }).click();
  await expect(progress(page)).toHaveAttribute('aria-valuemax', '16000');
  await expect
    .poll(async () => Number(await progress(page).getAttribute('aria-valuenow')))
    .toBeGreaterThan(0);
  expect(page.workers().length).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(status(page)).toContainText(/Cancelled after [\d,]+ of 16,000 runs/);
  // Terminated, not just ignored: the Web Workers are gone from the page.
  await expect.poll(() => page.workers().length).toBe(0);
  const stoppedAt = await progress(page).getAttribute('aria-valuenow');
  expect(Number(stoppedAt)).toBeLessThan(16_000);
  await expect(page.getByRole('region', { name: 'Results table' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Run experiment' })).toBeEnabled();
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeDisabled();
  await expect(progress(page)).toHaveAttribute('aria-valuenow', stoppedAt!);
  expect(errors).toEqual([]);
});

test('bad values show what is wrong and start nothing', async ({ page }) => {
  await openExperiments(page);
  await page.getByLabel('Seeds per setting').fill('abc');
  await page.getByLabel('Warning times (ms)').fill('default, 5x');
  await page.getByRole('checkbox', { name: 'crash', exact: true }).uncheck();
  await page.getByRole('button', { name: 'Run experiment' }).click();

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Seeds: "abc" is not a whole number.');
  await expect(alert).toContainText('Warning times: "5x" is not a number of milliseconds.');
  await expect(page.getByLabel('Seeds per setting')).toHaveAttribute('aria-invalid', 'true');
  // Each message takes the student to its field.
  await alert.getByRole('button', { name: /^Seeds:/ }).click();
  await expect(page.getByLabel('Seeds per setting')).toBeFocused();
  await expect(progress(page)).toHaveCount(0);
  await expect(status(page)).toContainText('Nothing run yet');
  expect(page.workers()).toHaveLength(0);

  // Fixing the values clears the messages; seeds are capped where the CLI caps them (core/limits.ts).
  await page.getByLabel('Warning times (ms)').fill('default');
  await page.getByLabel('Seeds per setting').fill('2000000');
  await expect(alert).toHaveText(/Seeds: must be from 1 to 1000000, got 2000000/);
  await page.getByRole('button', { name: 'Run experiment' }).click();
  await expect(progress(page)).toHaveCount(0);
  await page.getByLabel('Seeds per setting').fill('1000');
  await expect(alert).toHaveCount(0);
  await expect(page.locator('details.cli code')).toContainText('--seeds 1000');
});
