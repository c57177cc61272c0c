// Screenshots of the live pages at a projector size and a laptop size, for a person to look at.
// Run with: MAYDAY_SCREENSHOTS=1 npm run test:e2e -- live.screenshots   (files go to screenshots/)
import { expect, test } from '@playwright/test';
import { openCluster, roomName, roomUrl, state } from './live.helpers.ts';

test.skip(!process.env.MAYDAY_SCREENSHOTS, 'set MAYDAY_SCREENSHOTS=1 to write screenshots/');

for (const size of [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
]) {
  test(`live pages at ${size.width}×${size.height}`, async ({ context }) => {
    const start = await context.newPage();
    await start.setViewportSize(size);
    await start.goto('/#/live');
    await start.getByRole('button', { name: 'New cluster' }).click();
    await expect(start.getByRole('button', { name: 'Copy link' })).toBeVisible();
    await start.screenshot({ path: `screenshots/live-start-${size.width}.png` });

    const room = roomName('shot');
    const observer = await context.newPage();
    await observer.setViewportSize(size);
    await observer.goto(`${roomUrl(room)}&observe`);
    const nodes = await openCluster(context, roomUrl(room), 3);
    const n2 = nodes.get('n2')!;
    await n2.setViewportSize(size);
    await nodes.get('n1')!.getByRole('button', { name: 'Kill without warning' }).click();
    await expect(n2.getByRole('alertdialog')).toBeVisible({ timeout: 10_000 });
    await expect.poll(async () => (await state(n2))?.adminPending).toEqual(['n1']);
    await n2.screenshot({ path: `screenshots/live-node-${size.width}.png` });
    await expect(observer.getByRole('alertdialog')).toBeVisible();
    await observer.screenshot({ path: `screenshots/live-observer-${size.width}.png` });
  });
}
