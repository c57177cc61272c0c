// Words that must agree with the model (issue 11): the story's captions name the node the learner
// answered about and its real state, and the story's last step is a button that does what it says.
import { expect, test } from '@playwright/test';
import { cluster, now, openLab, seek, watchErrors, type MaydayWindow } from './lab.helpers.ts';

test('the story ends with a button that reruns it with the network cut; captions name the node answered about', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openLab(page);
  const caption = page.locator('.story');
  await seek(page, 25_000);
  const admin = page.getByRole('region', { name: 'Administrator' });
  await admin.getByRole('button', { name: 'Mark failed: n2' }).click();
  await expect(caption).toContainText('You answered about n2. The truth: n2 is dead.');
  await expect(page.getByText(/false failover/)).toHaveCount(0);

  await caption.getByRole('button', { name: 'Try it with n2 cut off instead of crashed' }).click();
  await expect(caption).toContainText('A MAYDAY, then a cut network');
  await seek(page, 25_000);
  await expect(caption).toContainText('They ask you again');
  await admin.getByRole('button', { name: 'Mark failed: n2' }).click();
  await expect(caption).toContainText('You answered about n2. The truth: n2 is alive.');
  // The count in the notice is the model's own (one verdict per node that judged n2 failed).
  const falseFailed = await page.evaluate(
    () => (window as unknown as MaydayWindow).mayday.metrics() as { falseFailovers: number },
  );
  expect(falseFailed.falseFailovers).toBeGreaterThan(0);
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: `false failover — FALSE FAILED is now ${falseFailed.falseFailovers}.` }),
  ).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'SPLIT BRAIN' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('the clock pauses while the administrator is asked, and says so', async ({ page }) => {
  await openLab(page, cluster({ events: [{ at: 1000, kind: 'crash', node: 'n2' }] }));
  await seek(page, 3500);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const admin = page.getByRole('region', { name: 'Administrator' });
  await expect(admin).toContainText('n2 is silent', { timeout: 15_000 });
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await expect(
    page.getByRole('status').filter({ hasText: 'Paused: the cluster asks you about n2.' }),
  ).toBeVisible();
  await admin.getByRole('button', { name: 'Keep waiting: n2' }).click();
  // Keep waiting is not a dead end: n2 can still be marked failed.
  await expect(admin.getByRole('button', { name: 'Mark failed: n2' })).toBeVisible();
  await expect(admin.getByLabel('Pause while asking')).toBeChecked();
});

test('the story offers to skip its quiet stretches, to just before the next event', async ({ page }) => {
  await openLab(page);
  // Into the quiet stretch between the MAYDAY's aftermath and the crash at 15 s, still playing: how
  // fast slow motion gets there on its own depends on the machine.
  await seek(page, 6000);
  const caption = page.locator('.story');
  const skip = caption.getByRole('button', {
    name: /^Skip the quiet \d+ s → 14\.|^Skip the quiet \d+ s → 15\.0 s/,
  });
  await expect(skip).toBeVisible({ timeout: 10_000 });
  await skip.click();
  await expect.poll(() => now(page)).toBeGreaterThanOrEqual(14_000);
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
});

for (const [width, height] of [
  [1280, 720],
  [1024, 768],
] as const) {
  test(`screenshots of the changed Lab screens at ${width}×${height}`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await openLab(page);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await seek(page, 6000);
    await expect(page.locator('.story').getByRole('button', { name: /Skip the quiet/ })).toBeVisible();
    await page.screenshot({ path: `test-results/issue11-story-skip-${width}.png` });
    await seek(page, 25_000);
    const admin = page.getByRole('region', { name: 'Administrator' });
    await admin.getByRole('button', { name: 'Keep waiting: n2' }).click();
    await seek(page, 26_000);
    await page.screenshot({ path: `test-results/issue11-admin-${width}.png` });
    await admin.getByRole('button', { name: 'Mark failed: n2' }).click();
    await expect(page.locator('.story')).toContainText('You answered about n2');
    await page.screenshot({ path: `test-results/issue11-story-end-${width}.png` });
  });
}
