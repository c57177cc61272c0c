// Words that must agree with the model (issue 11): the story's captions name the node the learner
// answered about and its real state, and the story's last step is a button that does what it says.
import { expect, test } from '@playwright/test';
import { openLab, seek, watchErrors, type MaydayWindow } from './lab.helpers.ts';

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
