// The stories a student tries first (issue 3): a MAYDAY that makes failover instant, the same
// failure without it, and split brain under a policy that trusts silence.
import { expect, test } from '@playwright/test';
import { cluster, eventLog, injectFailure, node, now, openLab, seek, watchErrors } from './lab.helpers.ts';

test('the Lab opens on a story that starts at once, with no console errors', async ({ page }) => {
  const errors = watchErrors(page);
  await openLab(page);
  await expect(page.getByRole('toolbar', { name: 'Clock' })).toBeVisible();
  await expect(node(page, 'n1')).toHaveAccessibleName(/PRIMARY of db/);
  // Something meaningful within a few seconds: n1's MAYDAY (the story's first beat).
  await expect(eventLog(page)).toContainText('n1 sent its MAYDAY', { timeout: 8000 });
  await expect(page.getByRole('status').filter({ hasText: 'MAYDAY in flight from n1' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('battery power loss on the primary: MAYDAY flight, survivors judge it failed, the backup takes over', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openLab(page, cluster());
  await seek(page, 2000);
  await injectFailure(page, 'n1', 'Power loss, on battery');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  // Slow motion keeps the 1–5 ms flight on screen for over a second.
  await expect(page.getByRole('status').filter({ hasText: 'MAYDAY in flight from n1' })).toBeVisible();
  await expect(page.getByText('SLOW MOTION')).toBeVisible();
  const log = eventLog(page);
  await expect(log).toContainText(
    /n2 judged n1 FAILED — distress received [\d.]+ (ms|µs) after it was sent\./,
  );
  await expect(log).toContainText('n2 is now PRIMARY of db.');
  await expect(node(page, 'n2')).toHaveAccessibleName(/PRIMARY of db/);
  await expect(node(page, 'n1')).toHaveAccessibleName(/fenced/);
  expect(errors).toEqual([]);
});

test('distress off: the silent node looks partitioned, the administrator marks it failed, then failover', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await openLab(page, cluster({ distress: false }));
  await seek(page, 2000);
  await injectFailure(page, 'n1', 'Power loss, on battery', 2000);
  // n1 dies at 4 s without a word; the timeout (3 s) passes; manual policy: partitioned, ask.
  await seek(page, 12_000);
  await expect(eventLog(page)).toContainText(/n\d judged n1 PARTITIONED\? — silent, cause unknown/);
  await expect(eventLog(page)).not.toContainText('MAYDAY');
  // Seen from n3 (clicking a node selects it; Escape closes its menu): partitioned?, and wrong.
  await node(page, 'n3').click();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'n3' })).toBeHidden();
  await expect(node(page, 'n1')).toHaveAccessibleName(/n3 believes it partitioned\? \(wrong\)/);
  const admin = page.getByRole('region', { name: 'Administrator' });
  await expect(admin).toContainText('n1 is silent');
  await admin.getByRole('button', { name: 'Mark failed: n1' }).click();
  await expect(admin).toBeHidden();
  await expect(eventLog(page)).toContainText('n2 judged n1 FAILED — the administrator said so.');
  await expect(eventLog(page)).toContainText('n2 is now PRIMARY of db.');
  await expect(page.getByRole('region', { name: 'Metrics' })).toContainText(/Admin actions\s*1/);
  expect(errors).toEqual([]);
});

test('partition a live primary under the aggressive policy: split brain is announced', async ({ page }) => {
  const errors = watchErrors(page);
  await openLab(page, cluster({ policy: 'aggressive' }));
  await seek(page, 2000);
  await node(page, 'n1').click();
  await page
    .getByRole('dialog', { name: 'n1' })
    .getByRole('button', { name: 'Cut n1 off from everyone' })
    .click();
  const t = await now(page);
  await seek(page, t + 6000);
  const alert = page.getByRole('alert').filter({ hasText: 'SPLIT BRAIN' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('db is served by n1 and n2 at the same time');
  await expect(eventLog(page)).toContainText('SPLIT BRAIN on db: n1 and n2 serve it at the same time.');
  // Healing ends it: n1 hears it was judged failed and fences itself.
  await node(page, 'n3').click();
  await page.getByRole('dialog', { name: 'n3' }).getByRole('button', { name: 'Heal the network' }).click();
  await seek(page, (await now(page)) + 2000);
  await expect(alert).toBeHidden();
  await expect(eventLog(page)).toContainText('Split brain on db is over.');
  expect(errors).toEqual([]);
});
