// Scenarios in and out: share link round trip, a bad import refused with reasons, and the Lab's
// trace equal to the core's (the CLI's) for the same scenario.
import { expect, test } from '@playwright/test';
import { parseScenario } from '../../src/core/scenario.ts';
import { Simulation } from '../../src/runtime/simulation.ts';
import { cluster, node, now, openLab, seek, watchErrors, type MaydayWindow } from './lab.helpers.ts';

const story = cluster({
  seed: 1234,
  policy: 'aggressive',
  durationMs: 20_000,
  events: [
    { at: 1500, kind: 'failure', node: 'n1', type: 'power-loss', warningMs: 16 },
    { at: 6000, kind: 'partition', groups: [['n2'], ['n1', 'n3', 'n4', 'n5']] },
    { at: 12_000, kind: 'heal' },
  ],
});

const trace = (page: import('@playwright/test').Page) =>
  page.evaluate(() => (window as unknown as MaydayWindow).mayday.trace());

test("the Lab's trace equals the core's (CLI) trace for the same scenario", async ({ page }) => {
  await openLab(page, story);
  await seek(page, 20_000);
  const parsed = parseScenario(story);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  // The Lab records message events (for its space-time diagram), like `cli run --messages`.
  const expected = new Simulation(parsed.scenario, { recordMessages: true }).run().events;
  const got = await trace(page);
  expect(got.length).toBe(expected.length);
  expect(JSON.stringify(got)).toBe(JSON.stringify(expected));
});

test('share link round trip: the scenario, the seed and your actions come back', async ({
  page,
  context,
}) => {
  const errors = watchErrors(page);
  await openLab(page, story);
  await seek(page, 3000);
  await node(page, 'n4').click();
  await page.getByRole('dialog', { name: 'n4' }).getByRole('button', { name: 'Crash (no warning)' }).click();
  await seek(page, 20_000);
  const before = await trace(page);
  await page.getByRole('tab', { name: 'Share' }).click();
  await page.getByRole('button', { name: 'Share link' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  expect(link).toMatch(/#s=/);

  const other = await context.newPage();
  const otherErrors = watchErrors(other);
  await other.goto(link);
  await other.waitForFunction(() => 'mayday' in window);
  await expect(other.getByRole('spinbutton', { name: 'Seed' })).toHaveValue('1234');
  // At the sharer's moment, with the sharer's crash as an action of theirs (it can be cleared).
  expect(await now(other)).toBe(20_000);
  expect(JSON.stringify(await trace(other))).toBe(JSON.stringify(before));
  await other.getByRole('tab', { name: 'Share' }).click();
  await expect(other.getByRole('button', { name: 'Clear my actions' })).toBeVisible();
  await expect(other.locator('ol.actions')).toContainText('n4');
  expect([...errors, ...otherErrors]).toEqual([]);
});

test('a share link taken while playing opens playing, at that moment', async ({ page, context }) => {
  await openLab(page, story);
  await seek(page, 4000);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.getByRole('tab', { name: 'Share' }).click();
  await page.getByRole('button', { name: 'Share link' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  const t = Number(/&t=([\d.]+)/.exec(link)?.[1]);
  expect(t).toBeGreaterThanOrEqual(4000);
  expect(link).toContain('&play=1');
  const other = await context.newPage();
  await other.goto(link);
  await other.waitForFunction(() => 'mayday' in window);
  await expect(other.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await expect.poll(() => now(other)).toBeGreaterThan(t);
});

test('a damaged share link is refused with a reason and the default story runs', async ({ page }) => {
  await page.goto('/#s=this-is-not-a-scenario');
  await expect(
    page.getByRole('alert').filter({ hasText: 'The shared link could not be opened' }),
  ).toContainText('Nothing was changed');
  await expect(node(page, 'n1')).toBeVisible();
});

test('a bad import shows every problem and changes nothing', async ({ page }) => {
  const errors = watchErrors(page);
  await openLab(page, story);
  await seek(page, 4000);
  await page.getByRole('tab', { name: 'Share' }).click();
  const bad = {
    version: 1,
    nodes: ['n1', 'n2'],
    resources: [{ name: 'db', primary: 'n9' }],
    policy: 'optimistic',
  };
  await page.getByLabel('Scenario file to import').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(bad)),
  });
  const alert = page.getByRole('alert').filter({ hasText: 'could not be imported' });
  await expect(alert).toContainText('“broken.json” could not be imported. Nothing was changed.');
  await expect(alert).toContainText('durationMs');
  await expect(alert).toContainText('n9');
  await expect(alert).toContainText('policy');
  // The running scenario is intact: same seed, same nodes, same time.
  await expect(page.getByRole('spinbutton', { name: 'Seed' })).toHaveValue('1234');
  await expect(node(page, 'n5')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as MaydayWindow).mayday.now())).toBe(4000);
  // Not JSON at all: the line and column are given.
  await page.getByLabel('Scenario file to import').setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('{\n  "version": 1,\n  oops\n}'),
  });
  await expect(page.getByRole('alert').filter({ hasText: 'notes.txt' })).toContainText(/line 3/);
  // window.mayday.load refuses the same way.
  const r = await page.evaluate((s) => (window as unknown as MaydayWindow).mayday.load(s), bad);
  expect(r.ok).toBe(false);
  expect(r.errors.length).toBeGreaterThan(1);
  expect(errors).toEqual([]);
});

test('export writes the running scenario, actions included, as a file the core accepts', async ({ page }) => {
  await openLab(page, story);
  await seek(page, 2500);
  await node(page, 'n5').click();
  await page.getByRole('dialog', { name: 'n5' }).getByRole('button', { name: 'Crash (no warning)' }).click();
  await page.getByRole('tab', { name: 'Share' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('mayday-scenario-seed1234.json');
  const text = await (await import('node:fs/promises')).readFile((await download.path())!, 'utf8');
  const parsed = parseScenario(JSON.parse(text));
  expect(parsed.ok).toBe(true);
  if (parsed.ok) expect(parsed.scenario.events).toContainEqual({ at: 2500, kind: 'crash', node: 'n5' });
});
