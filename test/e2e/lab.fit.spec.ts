// The Lab at a laptop's 1280×720: everything a student needs is on screen or visibly one scroll away.
import { expect, test } from '@playwright/test';
import { cluster, node, openLab, seek } from './lab.helpers.ts';

test.use({ viewport: { width: 1280, height: 720 } });

test('the node menu says when its last buttons are below, and scrolls to them', async ({ page }) => {
  // The administrator banner takes height from the drawing: the tightest case for the menu.
  await openLab(page, cluster({ distress: false, events: [{ at: 2000, kind: 'crash', node: 'n1' }] }));
  await seek(page, 9000);
  await expect(page.getByRole('region', { name: 'Administrator' })).toBeVisible();
  await node(page, 'n2').click();
  const menu = page.getByRole('dialog', { name: 'n2' });
  const heal = menu.getByRole('button', { name: 'Heal the network' });
  await expect(heal).not.toBeInViewport({ ratio: 1 });
  const more = menu.getByRole('button', { name: /More below/ });
  await expect(more).toBeInViewport({ ratio: 1 });
  await more.click();
  await expect(heal).toBeInViewport({ ratio: 1 });
  await expect(more).toBeHidden();
  await heal.click();
  await expect(menu).toBeHidden();
});

test('the legend explains every badge the ring draws, says it scrolls, and closes with Escape', async ({
  page,
}) => {
  await openLab(page, cluster({ distress: false, events: [{ at: 2000, kind: 'crash', node: 'n1' }] }));
  await seek(page, 9000);
  await expect(page.getByRole('region', { name: 'Administrator' })).toBeVisible();
  const drawn = await page.locator('g.badges text').allTextContents();
  // Backups, the selected node's belief about n1, that it is wrong, and the admin question.
  expect(new Set(drawn)).toEqual(new Set(['b1', 'b2', 'P?', '✗', '?']));
  const opener = page.getByRole('button', { name: 'Legend' });
  await opener.click();
  const legend = page.getByRole('dialog', { name: 'Legend' });
  for (const text of drawn) await expect(legend.getByText(text, { exact: true }).first()).toBeAttached();
  await expect(legend.getByText(/the selected node:/)).toBeAttached();
  await expect(legend.getByText(/waiting for the administrator/)).toBeAttached();
  const last = legend.getByText(/a link that carries nothing/);
  await expect(last).not.toBeInViewport({ ratio: 1 });
  const more = legend.getByRole('button', { name: /More below/ });
  await expect(more).toBeInViewport({ ratio: 1 });
  // Each click scrolls a panel's height on; the sign goes once the end is in view.
  await expect(async () => {
    if (await more.isVisible()) await more.click({ timeout: 1000 });
    await expect(last).toBeInViewport({ ratio: 1, timeout: 500 });
  }).toPass();
  await expect(more).toBeHidden();
  await page.keyboard.press('Escape');
  await expect(legend).toBeHidden();
  await expect(opener).toBeFocused();
});

for (const size of [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
]) {
  test(`${size.width}×${size.height}: the toolbar keeps its place when slow motion starts`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    await openLab(
      page,
      cluster({ events: [{ at: 500, kind: 'failure', node: 'n1', type: 'power-loss-battery' }] }),
    );
    const toolbar = page.getByRole('toolbar', { name: 'Clock' });
    const seed = toolbar.getByLabel('Seed');
    await expect(toolbar.getByText('PAUSED', { exact: true })).toBeVisible();
    const before = { seed: await seed.boundingBox(), bar: await toolbar.boundingBox() };
    await toolbar.getByRole('button', { name: 'Play', exact: true }).click();
    await expect(toolbar.getByText('SLOW MOTION', { exact: true })).toBeVisible();
    await expect(toolbar.getByText(/MAYDAY in flight/)).toBeVisible();
    expect({ seed: await seed.boundingBox(), bar: await toolbar.boundingBox() }).toEqual(before);
  });
}
