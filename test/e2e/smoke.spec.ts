import { expect, test } from '@playwright/test';

test('the app shell loads without errors', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));

  await page.goto('/');

  await expect(page).toHaveTitle('Mayday — the cluster node distress signal');
  await expect(page.getByRole('heading', { level: 1, name: 'Mayday' })).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Lab' })).toBeVisible();
  expect(errors).toEqual([]);
});
