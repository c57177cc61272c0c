// The Lab without a mouse: Space plays and pauses, → steps, Tab reaches a node and Enter opens its
// menu, Escape closes it and gives focus back to the node.
import { expect, test } from '@playwright/test';
import { cluster, node, now, openLab, watchErrors } from './lab.helpers.ts';

test('keyboard: Space plays and pauses, → steps, Enter opens a node menu, Escape closes it', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openLab(page, cluster());
  const clock = page.getByRole('toolbar', { name: 'Clock' });
  await expect(clock.getByText('PAUSED')).toBeVisible();
  await page.locator('body').press('Space');
  await expect(clock.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await expect.poll(() => now(page)).toBeGreaterThan(0);
  await page.locator('body').press('Space');
  await expect(clock.getByText('PAUSED')).toBeVisible();
  const before = await now(page);
  await page.locator('body').press('ArrowRight');
  await expect.poll(() => now(page)).toBeGreaterThan(before);

  await node(page, 'n2').focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('dialog', { name: 'n2' });
  await expect(menu).toBeVisible();
  await expect(menu).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(node(page, 'n2')).toBeFocused();
  expect(errors).toEqual([]);
});

test('an impossible action is disabled and says why', async ({ page }) => {
  await openLab(page, cluster({ events: [{ at: 100, kind: 'crash', node: 'n4' }] }));
  await page.evaluate(() => (window as unknown as { mayday: { seek(t: number): void } }).mayday.seek(500));
  await node(page, 'n4').click();
  const menu = page.getByRole('dialog', { name: 'n4' });
  await expect(menu.getByRole('button', { name: 'Inject failure' })).toBeDisabled();
  await expect(menu).toContainText('Inject failure: n4 is dead: recover it first.');
  await expect(menu.getByRole('button', { name: 'Rejoin' })).toBeDisabled();
  await expect(menu).toContainText('Rejoin: n4 is dead: recover it first, then rejoin.');
  await menu.getByRole('button', { name: 'Recover' }).click();
  await node(page, 'n4').click();
  await expect(
    page.getByRole('dialog', { name: 'n4' }).getByRole('button', { name: 'Rejoin' }),
  ).toBeEnabled();
});

test('settings are validated with a message naming the field, and apply without losing time', async ({
  page,
}) => {
  await openLab(page, cluster());
  await page.evaluate(() => (window as unknown as { mayday: { seek(t: number): void } }).mayday.seek(5000));
  await page.getByRole('tab', { name: 'Settings' }).click();
  const timeout = page.getByRole('spinbutton', { name: 'Heartbeat timeout (ms)' });
  await timeout.fill('500');
  await timeout.press('Enter');
  await expect(
    page.getByRole('alert').filter({ hasText: 'Heartbeat timeout (ms): must be longer than the interval' }),
  ).toBeVisible();
  await timeout.fill('4000');
  await timeout.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Heartbeat timeout 4000 ms' })).toContainText(
    'continues at 5.0 s',
  );
  expect(await now(page)).toBe(5000);
  await page.getByRole('tab', { name: 'Cluster' }).click();
  const size = page.getByRole('spinbutton', { name: 'Cluster size' });
  await size.fill('257');
  await size.press('Enter');
  await expect(
    page.getByRole('alert').filter({ hasText: 'Cluster size: must be from 3 to 256.' }),
  ).toBeVisible();
  await size.fill('8');
  await size.press('Enter');
  await expect(node(page, 'n8')).toBeVisible();
  expect(await now(page)).toBe(5000);
});
