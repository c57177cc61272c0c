// Compare: one scenario under two settings on one clock — the metric table, the first divergence
// marked in both diagrams, the link that reopens the same comparison, and bad settings refused.
import { expect, test, type Page } from '@playwright/test';
import { compareHash } from '../../src/core/compareUrl.ts';
import { parseScenario } from '../../src/core/scenario.ts';
import { firstDivergence } from '../../src/core/compare.ts';
import { applySettings } from '../../src/core/scenarioSet.ts';
import { Simulation } from '../../src/runtime/simulation.ts';
import { cluster, openLab, watchErrors } from './lab.helpers.ts';

const battery = cluster({
  seed: 21,
  durationMs: 30_000,
  events: [{ at: 4000, kind: 'failure', node: 'n1', type: 'power-loss-battery', warningMs: 20_000 }],
});
const parsed = parseScenario(battery);
if (!parsed.ok) throw new Error(parsed.errors.join());
const scenario = parsed.scenario;

interface CompareWindow {
  maydayCompare: {
    seek(ms: number): number;
    divergence(): { index: number; t: number } | null;
    rows(): { path: string; differs: boolean }[];
  };
}

const api = <T>(page: Page, fn: (c: CompareWindow['maydayCompare']) => T): Promise<T> =>
  page.evaluate(`(${fn.toString()})(window.maydayCompare)`) as Promise<T>;

test('distress on/off: metrics differ, and the first divergence is the first differing event, marked in both panes', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto(`/${compareHash(scenario, [], [{ path: 'distress', value: false }])}`);
  await expect(page.getByRole('textbox', { name: 'Changes for run B' })).toHaveValue('distress=false');
  const expected = (() => {
    const b = applySettings(scenario, [{ path: 'distress', value: false }]);
    if (!b.ok) throw new Error();
    const ta = new Simulation(scenario, { recordMessages: true }).run().events;
    const tb = new Simulation(b.scenario, { recordMessages: true }).run().events;
    return firstDivergence(ta, tb)!;
  })();
  await expect(page.getByTestId('divergence')).toContainText(`trace event #${expected.index}`);
  await expect(page.getByTestId('final-differences')).toContainText(/\d+ metrics? differ/);

  await page.getByRole('button', { name: /Go to where they part/ }).click();
  await expect(page.getByTestId('divergence-a')).toBeAttached();
  await expect(page.getByTestId('divergence-b')).toBeAttached();
  // One clock: the line sits at the same place in both diagrams.
  const x = (w: string) => page.getByTestId(`divergence-${w}`).locator('line').getAttribute('x1');
  expect(await x('a')).toBe(await x('b'));
  // At the end, MAYDAY SENT differs: 1 in A, 0 in B.
  await api(page, (c) => c.seek(30_000));
  const sent = page.getByRole('row', { name: /distress\.sent/ });
  await expect(sent).toHaveClass(/differs/);
  await expect(sent.getByRole('cell')).toHaveText(['1', '0', '-1']);
  for (const [w, h] of [
    [1280, 720],
    [1024, 768],
  ]) {
    await page.setViewportSize({ width: w, height: h });
    await api(page, (c) => c.seek(9000));
    await page.screenshot({ path: `test-results/screens/compare-${w}x${h}.png` });
  }
  expect(errors).toEqual([]);
});

test('two identical settings: no difference, no divergence', async ({ page }) => {
  await page.goto(`/${compareHash(scenario, [], [{ path: 'distress', value: true }])}`);
  await expect(page.getByTestId('divergence')).toContainText('identical');
  await expect(page.getByTestId('final-differences')).toContainText('every metric the same');
  await expect(page.locator('tr.differs')).toHaveCount(0);
});

test('a bad change is refused naming the field; the runs keep the last good one', async ({ page }) => {
  await page.goto(`/${compareHash(scenario, [], [{ path: 'distress', value: false }])}`);
  const field = page.getByRole('textbox', { name: 'Changes for run B' });
  await field.fill('heartbeat.timeotMs=5000');
  await page.getByRole('button', { name: 'Run both' }).click();
  await expect(page.getByRole('alert')).toContainText("heartbeat has no field 'timeotMs'");
  await expect(page.getByRole('heading', { name: /B distress=false/ })).toBeVisible();
  // A quick change works, and the address now holds it: reloading reopens the same comparison.
  await page.getByRole('button', { name: 'Manual / quorum' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(field).toHaveValue('policy=quorum');
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Changes for run B' })).toHaveValue('policy=quorum');
  await expect(page.getByRole('textbox', { name: 'Changes for run A' })).toHaveValue('policy=manual');
});

test('from the Lab: "compare with…" opens this run beside its change', async ({ page }) => {
  await openLab(page, battery);
  await page.getByRole('tab', { name: 'Share' }).click();
  await page.getByRole('link', { name: 'Async / sync' }).click();
  await expect(page.getByRole('textbox', { name: 'Changes for run B' })).toHaveValue('options.mode=sync');
  await expect(page.getByText(/seed 21/)).toBeVisible();
  await expect(page.getByTestId('divergence')).toContainText('trace event #');
});
