// Screenshots of every Lab screen at a laptop size and a projector size, for a person to look at
// (UX-NOTES: a screenshot at 1024×768 of each screen is looked at before a change is called done).
// Run with: MAYDAY_SCREENSHOTS=1 npm run test:e2e -- lab.screenshots   (files go to screenshots/)
import { expect, test, type Page } from '@playwright/test';
import { cluster, node, openLab, seek, watchErrors } from './lab.helpers.ts';

test.skip(!process.env.MAYDAY_SCREENSHOTS, 'set MAYDAY_SCREENSHOTS=1 to write screenshots/');

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
];

async function shot(page: Page, name: string): Promise<void> {
  const { width, height } = page.viewportSize()!;
  await page.screenshot({ path: `screenshots/lab-${name}-${width}x${height}.png` });
}

async function pause(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { mayday: { pause(): void } }).mayday.pause());
}

for (const size of SIZES) {
  test.describe(`${size.width}×${size.height}`, () => {
    test.use({ viewport: size });

    test('normal, presenter and dark: the default story with its MAYDAY in flight', async ({ page }) => {
      const errors = watchErrors(page);
      await openLab(page);
      await pause(page);
      await seek(page, 802.5);
      await expect(page.getByRole('status').filter({ hasText: 'MAYDAY in flight' })).toBeVisible();
      await shot(page, 'normal');
      await page.getByRole('button', { name: 'Presenter' }).click();
      await shot(page, 'presenter');
      await page.getByRole('button', { name: 'Dark theme' }).click();
      await shot(page, 'presenter-dark');
      await page.getByRole('button', { name: 'Presenter' }).click();
      await seek(page, 25_000);
      await shot(page, 'dark-admin');
      await page.getByRole('button', { name: 'Dark theme' }).click();
      expect(errors).toEqual([]);
    });

    test('64 nodes with MAYDAYs in flight', async ({ page }) => {
      await openLab(
        page,
        cluster({
          nodes: 64,
          resources: [
            { name: 'db', primary: 'n1', backups: ['n2', 'n3'] },
            { name: 'web', primary: 'n33', backups: ['n34'] },
          ],
          events: [
            { at: 2000, kind: 'failure', node: 'n1', type: 'power-loss', warningMs: 16 },
            { at: 2001, kind: 'failure', node: 'n40', type: 'os-crash', warningMs: 5 },
            { at: 1000, kind: 'crash', node: 'n20' },
          ],
        }),
      );
      await seek(page, 2002.2);
      await shot(page, '64-nodes');
      await seek(page, 9000);
      await shot(page, '64-nodes-later');
    });

    test('split brain and the administrator prompt', async ({ page }) => {
      await openLab(page, cluster({ policy: 'aggressive' }));
      await seek(page, 2000);
      await node(page, 'n1').click();
      await page
        .getByRole('dialog', { name: 'n1' })
        .getByRole('button', { name: 'Cut n1 off from everyone' })
        .click();
      await seek(page, 8000);
      await expect(page.getByRole('alert').filter({ hasText: 'SPLIT BRAIN' })).toBeVisible();
      await shot(page, 'split-brain');
      await openLab(page, cluster({ distress: false, events: [{ at: 2000, kind: 'crash', node: 'n1' }] }));
      await seek(page, 9000);
      await expect(page.getByRole('region', { name: 'Administrator' })).toBeVisible();
      await shot(page, 'admin');
      await node(page, 'n1').click();
      await shot(page, 'node-menu');
      await page.keyboard.press('Escape');
      for (const tab of ['Beliefs', 'Cluster', 'Network', 'Settings', 'Share']) {
        await page.getByRole('tab', { name: tab }).click();
        await shot(page, `tab-${tab.toLowerCase()}`);
      }
      await page.getByRole('button', { name: 'Legend' }).click();
      await shot(page, 'legend');
    });
  });
}
