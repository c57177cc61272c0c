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
