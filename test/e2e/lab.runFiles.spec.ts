// The run as files: a trace exported and imported back byte for byte, a tampered trace refused with
// the reason, drawings as SVG and PNG 2×, metrics as CSV, an HTML report that stands alone.
import { copyFileSync, readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { parseScenario } from '../../src/core/scenario.ts';
import { traceFileText } from '../../src/core/traceFile.ts';
import { Simulation } from '../../src/runtime/simulation.ts';
import { cluster, openLab, seek, watchErrors, type MaydayWindow } from './lab.helpers.ts';

const story = cluster({
  seed: 77,
  durationMs: 20_000,
  events: [{ at: 3000, kind: 'failure', node: 'n1', type: 'power-loss-battery', warningMs: 4000 }],
});

async function save(page: Page, button: string): Promise<{ name: string; path: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button, exact: true }).first().click(),
  ]);
  return { name: download.suggestedFilename(), path: (await download.path()) as string };
}

async function importTrace(page: Page, name: string, text: string): Promise<void> {
  await page.getByLabel('Trace file to import').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
}

test('export a trace, import it back: the same bytes, and the Lab replays it', async ({ page }) => {
  const errors = watchErrors(page);
  await openLab(page, story);
  await page.getByRole('tab', { name: 'Share' }).click();
  const first = await save(page, 'Export trace');
  expect(first.name).toBe('mayday-trace-seed77.json');
  const text = readFileSync(first.path, 'utf8');
  expect(text.split('\n')[0]).toMatch(/^\{"format":"mayday-trace","version":1,"messages":true/);

  // A tampered copy is refused with the event and the reason; the Lab keeps its run.
  const tampered = text.replace('"mode":"async"', '"mode":"sync"');
  await importTrace(page, 'tampered.json', tampered);
  const alert = page.getByRole('alert').filter({ hasText: 'was not imported' });
  await expect(alert).toContainText('does not match its scenario');

  // The Lab moves on to another scenario; importing the trace brings its run back.
  await page.evaluate((s) => (window as unknown as MaydayWindow).mayday.load(s), cluster({ seed: 5 }));
  await expect(page.getByRole('spinbutton', { name: 'Seed' })).toHaveValue('5');
  await page.getByRole('tab', { name: 'Share' }).click();
  await importTrace(page, 'good.json', text);
  await expect(
    page.getByRole('status').filter({ hasText: 'each one what its scenario gives' }),
  ).toBeVisible();
  await expect(page.getByRole('spinbutton', { name: 'Seed' })).toHaveValue('77');
  await seek(page, 20_000);
  const again = await save(page, 'Export trace');
  expect(readFileSync(again.path, 'utf8')).toBe(text);
  for (const [w, h] of [
    [1280, 720],
    [1024, 768],
  ]) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `test-results/screens/lab-share-${w}x${h}.png` });
  }
  expect(errors).toEqual([]);
});

test('drawings as SVG and PNG 2×, metrics as CSV, and a self-contained HTML report', async ({ page }) => {
  const errors = watchErrors(page);
  await openLab(page, story);
  await seek(page, 8000);
  await page.getByRole('tab', { name: 'Share' }).click();

  const svg = readFileSync((await save(page, 'SVG')).path, 'utf8');
  expect(svg).toMatch(/^<\?xml/);
  expect(svg).toContain('<title>Cluster topology</title>');
  expect(svg).not.toContain('var(--');
  const png = readFileSync((await save(page, 'PNG 2×')).path);
  // PNG header, then the IHDR width: twice the drawing's width on screen.
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  const svgWidth = Number(/width="(\d+)"/.exec(svg)![1]);
  expect(png.readUInt32BE(16)).toBe(svgWidth * 2);

  const csv = readFileSync((await save(page, 'Metrics CSV')).path, 'utf8')
    .trim()
    .split('\n');
  expect(csv[0].split(',')).toEqual(
    expect.arrayContaining(['t_ms', 'distress.sent', 'resources.db.unavailableMs']),
  );
  const sent = csv[0].split(',').indexOf('distress.sent');
  expect(csv[csv.length - 1].split(',')[sent]).toBe('1');

  const report = await save(page, 'HTML report');
  const html = readFileSync(report.path, 'utf8');
  expect(html).not.toMatch(/<script|<link|src="http/);
  // Opened from disk with the network off: everything it shows is in the file.
  const file = `${report.path}.html`;
  copyFileSync(report.path, file);
  await page.context().setOffline(true);
  const offline = await page.context().newPage();
  await offline.goto(`file://${file}`);
  await expect(offline.getByRole('heading', { name: 'Mayday run — seed 77' })).toBeVisible();
  await expect(offline.locator('figure svg')).toHaveCount(3);
  await expect(offline.getByText('distress.sent')).toBeVisible();
  expect(errors).toEqual([]);
});

test('a large trace (over 100,000 events) is checked in a worker, with its progress shown', async ({
  page,
}) => {
  test.slow();
  const big = cluster({ seed: 3, nodes: 64, durationMs: 450_000 });
  const parsed = parseScenario(big);
  if (!parsed.ok) throw new Error(parsed.errors.join());
  const out = new Simulation(parsed.scenario, { recordMessages: true }).run();
  expect(out.events.length).toBeGreaterThan(100_000);
  const text = traceFileText(
    { scenario: parsed.scenario, messages: true, metrics: out.metrics, count: out.events.length },
    out.events,
  );
  await openLab(page);
  await page.getByRole('tab', { name: 'Share' }).click();
  await importTrace(page, 'big.json', text);
  // The count shows while the worker checks; then the run is replayed.
  await expect(page.getByRole('status').filter({ hasText: 'Checking “big.json”' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'each one what its scenario gives' })).toBeVisible({
    timeout: 120_000,
  });
  await expect(page.getByRole('spinbutton', { name: 'Seed' })).toHaveValue('3');
});
