// The Machine tab: every machine of the chosen node, drawn from its definition, with the state the
// simulation reports at that moment; clicking a state explains it with the patent paragraph.
import { expect, test } from '@playwright/test';
import { parseScenario } from '../../src/core/scenario.ts';
import { Simulation } from '../../src/runtime/simulation.ts';
import { cluster, openLab, seek, watchErrors } from './lab.helpers.ts';

const story = cluster({
  seed: 5,
  durationMs: 30_000,
  events: [{ at: 3000, kind: 'failure', node: 'n1', type: 'power-loss-battery', warningMs: 20_000 }],
});

test('every machine of a node is drawn, each in the state the model reports', async ({ page }) => {
  const errors = watchErrors(page);
  await openLab(page, story);
  await page.getByRole('tab', { name: 'Machine' }).click();
  const parsed = parseScenario(story);
  if (!parsed.ok) throw new Error(parsed.errors.join());
  for (const [node, t] of [
    ['n1', 3000.5],
    ['n2', 12_000],
  ] as const) {
    await page.getByRole('combobox', { name: 'Machines of' }).selectOption(node);
    await seek(page, t);
    const sim = new Simulation(parsed.scenario, { recordMessages: true, trackInFlight: true });
    sim.runUntil(t);
    const expected = sim.machineStates(node)!;
    const sections: [string, string | null][] = [
      ['Lifecycle', expected.lifecycle],
      ['Dedicated distress task', expected.distressTask],
      ...Object.entries(expected.roles).map(([r, v]): [string, string] => [`Role for ${r}`, v]),
      ...Object.entries(expected.detectors).map(([p, v]): [string, string] => [
        `Failure detector for ${p}`,
        v,
      ]),
      ...Object.entries(expected.decisions).map(([p, v]): [string, string] => [
        `Cluster decision about ${p}`,
        v,
      ]),
    ];
    expect(Object.keys(expected.detectors).length).toBeGreaterThan(0);
    const panel = page.getByRole('tabpanel');
    await expect(panel.getByRole('region')).toHaveCount(sections.length);
    for (const [label, state] of sections) {
      const region = panel.getByRole('region', { name: label, exact: true });
      await expect(region.locator('h3 .now')).toHaveText(state ?? 'not running');
      if (state)
        await expect(region.locator('g.state[aria-current="true"]')).toHaveAttribute('data-state', state);
    }
  }
  // Clicking a state explains it, with the patent paragraph.
  await page.getByRole('combobox', { name: 'Machines of' }).selectOption('n1');
  const task = page.getByRole('region', { name: 'Dedicated distress task', exact: true });
  await task.locator('g.state[data-state="idle"]').click();
  await expect(task.getByRole('status')).toContainText('pre-formed message');
  await expect(task.getByRole('status')).toContainText('§0044');
  for (const [w, h] of [
    [1280, 720],
    [1024, 768],
  ]) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `test-results/screens/lab-machines-${w}x${h}.png` });
  }
  expect(errors).toEqual([]);
});
