// Live mode (DESIGN §7): real tabs of one browser context as nodes, on the real clock.
import { expect, test } from '@playwright/test';
import { call, openCluster, roomName, roomUrl, state, trace } from './live.helpers.ts';

test('four tabs join and see each other; closing the primary fails it over at once, by its distress', async ({
  context,
}) => {
  const nodes = await openCluster(context, roomUrl(roomName('close'), { nodes: 4 }), 4);
  expect([...nodes.keys()].sort()).toEqual(['n1', 'n2', 'n3', 'n4']);
  const n2 = nodes.get('n2')!;
  await expect.poll(async () => (await state(n2))?.snapshot?.beliefs).toEqual({});
  await expect(n2.getByTestId('node-id')).toHaveText('n2');

  await nodes.get('n1')!.close();
  for (const id of ['n2', 'n3', 'n4']) {
    await expect
      .poll(async () =>
        (await trace(nodes.get(id)!)).some(
          (e) => e.kind === 'peer.failed' && e.peer === 'n1' && e.cause === 'distress',
        ),
      )
      .toBe(true);
  }
  await expect.poll(async () => (await state(n2))?.snapshot?.roles.db).toBe('primary');
  expect((await trace(n2)).some((e) => e.kind === 'admin.required')).toBe(false);
});

test('kill without warning under manual: silence gives partitioned and the administrator prompt, no failover', async ({
  context,
}) => {
  const nodes = await openCluster(context, roomUrl(roomName('kill')), 3);
  const [n1, n2] = [nodes.get('n1')!, nodes.get('n2')!];
  await n1.getByRole('button', { name: 'Kill without warning' }).click();
  await expect.poll(async () => (await state(n1))?.snapshot?.truth).toBe('dead');
  await expect
    .poll(async () => (await trace(n2)).some((e) => e.kind === 'peer.partitioned' && e.peer === 'n1'), {
      timeout: 10_000,
    })
    .toBe(true);
  await expect(n2.getByRole('alertdialog', { name: 'Administrator decision' })).toContainText(
    'n1 has gone silent',
  );
  const all = [...(await trace(n2)), ...(await trace(nodes.get('n3')!))];
  expect(all.some((e) => e.kind === 'distress.received')).toBe(false);
  expect(all.some((e) => e.kind === 'peer.failed')).toBe(false);
  expect((await state(n2))?.snapshot?.roles.db).toBe('backup');

  // The administrator decides: n1 failed. Every node applies it; n2 takes over.
  await n2.getByRole('button', { name: 'Mark n1 failed' }).click();
  await expect.poll(async () => (await state(n2))?.snapshot?.roles.db).toBe('primary');
  await expect
    .poll(async () =>
      (await trace(nodes.get('n3')!)).some((e) => e.kind === 'peer.failed' && e.cause === 'admin'),
    )
    .toBe(true);
});

test('a partition under quorum: the minority primary steps down, the majority fails over, never two primaries', async ({
  context,
}) => {
  const nodes = await openCluster(context, roomUrl(roomName('quorum'), { policy: 'quorum' }), 3);
  const [n1, n2, n3] = ['n1', 'n2', 'n3'].map((id) => nodes.get(id)!);
  expect((await call(n1, 'partition', ['n2', 'n3'])).ok).toBe(true);
  await expect
    .poll(async () => (await state(n1))?.snapshot?.roles.db, { timeout: 10_000 })
    .not.toBe('primary');
  await expect.poll(async () => (await state(n2))?.snapshot?.roles.db, { timeout: 10_000 }).toBe('primary');
  // The old primary stepped down (lease lost) before the new one was promoted: no overlap in time.
  const merged = [...(await trace(n1)), ...(await trace(n2)), ...(await trace(n3))].sort((a, b) => a.t - b.t);
  const stepDown = merged.find(
    (e) => e.node === 'n1' && e.kind === 'role.changed' && e.role !== 'primary' && e.resource === 'db',
  );
  const promoted = merged.find((e) => e.node === 'n2' && e.kind === 'role.changed' && e.role === 'primary');
  expect(stepDown && promoted && stepDown.t <= promoted.t).toBe(true);
  expect((await state(n3))?.snapshot?.roles.db).not.toBe('primary');
});

test('a tab with the wrong key is rejected and counted, and cannot fence anyone', async ({ context }) => {
  const room = roomName('key');
  const key = 'ab'.repeat(32);
  const nodes = await openCluster(context, roomUrl(room, { key }), 3);
  const intruder = await context.newPage();
  await intruder.goto(roomUrl(room, { key: 'cd'.repeat(32) }));
  await expect.poll(async () => (await state(intruder))?.phase).toBe('forming');
  await call(intruder, 'admin', 'mark-failed', 'n1');
  const n2 = nodes.get('n2')!;
  await expect
    .poll(async () =>
      Object.values((await state(n2))?.rejected ?? {}).some((r) =>
        Object.keys(r.reasons).some((why) => why.startsWith('mac: does not match')),
      ),
    )
    .toBe(true);
  await expect(n2.getByTestId('rejected')).toContainText('mac: does not match the room key');
  // The intruder never joined: it is alone, forming, and nobody failed or fenced n1.
  expect((await state(intruder))?.phase).toBe('forming');
  expect((await state(nodes.get('n1')!))?.snapshot?.roles.db).toBe('primary');
  for (const p of nodes.values())
    expect((await trace(p)).some((e) => e.kind === 'peer.failed' || e.kind === 'admin.action')).toBe(false);
});

test('a reload keeps the trace and comes back as a new incarnation only after rejoin', async ({
  context,
}) => {
  const nodes = await openCluster(context, roomUrl(roomName('reload')), 3);
  const n2 = nodes.get('n2')!;
  const before = await trace(n2);
  expect(before.length).toBeGreaterThan(0);
  await n2.reload();
  await expect.poll(async () => (await state(n2))?.phase).toBe('down');
  const after = await state(n2);
  expect(after?.id).toBe('n2');
  expect(after?.snapshot?.truth).toBe('dead');
  expect(after?.snapshot?.incarnation).toBe(1);
  const kept = await trace(n2);
  expect(kept.slice(0, before.length)).toEqual(before);
  // The reload was a death with a distress: the page sent it on its last task.
  expect(kept.some((e) => e.kind === 'distress.sent' && e.mode === 'sync')).toBe(true);
  await expect
    .poll(async () =>
      (await trace(nodes.get('n1')!)).some(
        (e) => e.kind === 'peer.failed' && e.peer === 'n2' && e.cause === 'distress',
      ),
    )
    .toBe(true);

  await n2.getByRole('button', { name: 'Recover and rejoin' }).click();
  await expect.poll(async () => (await state(n2))?.snapshot?.lifecycle).toBe('healthy.member');
  expect((await state(n2))?.snapshot?.incarnation).toBe(2);
  await expect
    .poll(async () => (await state(nodes.get('n1')!))?.snapshot?.beliefs.n2 ?? 'alive')
    .toBe('alive');
});

test('the async path: a battery warning hands the send to the distress-task Worker', async ({ context }) => {
  const nodes = await openCluster(context, roomUrl(roomName('async')), 3);
  const n1 = nodes.get('n1')!;
  expect((await call(n1, 'inject', 'power-loss-battery', 3000)).ok).toBe(true);
  await expect
    .poll(async () =>
      (await trace(nodes.get('n3')!)).some(
        (e) => e.kind === 'peer.failed' && e.peer === 'n1' && e.cause === 'distress',
      ),
    )
    .toBe(true);
  expect((await trace(n1)).find((e) => e.kind === 'distress.sent')?.mode).toBe('async');
});

test("the observer's merged trace replays in the Lab", async ({ context }) => {
  const room = roomName('observe');
  const observer = await context.newPage();
  await observer.goto(`${roomUrl(room)}&observe`);
  const nodes = await openCluster(context, roomUrl(room), 3);
  await expect(observer.getByTestId('observed-nodes')).toContainText('primary of db');
  await nodes.get('n1')!.close();
  await expect(observer.getByTestId('live-metrics')).toContainText('1 failover');
  await expect(observer.getByTestId('live-metrics')).toContainText('failed (distress)');

  await observer.getByRole('button', { name: 'Replay in the Lab' }).click();
  await expect(observer).toHaveURL(/#s=/);
  const lab = await observer.evaluate(() => {
    const m = (
      window as unknown as {
        mayday: { seek(ms: number): number; trace(): Array<{ kind: string; node?: string; cause?: string }> };
      }
    ).mayday;
    m.seek(60_000);
    return m.trace().filter((e) => e.kind === 'failure.detected' || e.kind === 'peer.failed');
  });
  expect(lab.some((e) => e.kind === 'failure.detected' && e.node === 'n1')).toBe(true);
  expect(lab.some((e) => e.kind === 'peer.failed' && e.cause === 'distress')).toBe(true);
});

test("a node's heartbeats keep time while its page's main thread is stalled (they run in a Worker)", async ({
  context,
}) => {
  const nodes = await openCluster(context, roomUrl(roomName('stall'), { policy: 'aggressive' }), 3);
  const n2 = nodes.get('n2')!;
  // What Chromium does to a hidden tab's timers (aligned to 1 s, then once a minute) is worse than
  // nothing for 4 s here: a node whose clock lived on the page would be judged failed by now.
  await n2.evaluate(() => {
    const end = performance.now() + 4000;
    while (performance.now() < end) {
      /* the page's task is busy */
    }
  });
  for (const id of ['n1', 'n3']) {
    const t = await trace(nodes.get(id)!);
    expect(
      t.filter((e) => e.peer === 'n2' && (e.kind === 'peer.suspect' || e.kind === 'peer.failed')),
    ).toEqual([]);
  }
  expect((await state(n2))?.snapshot?.lifecycle).toBe('healthy.member');
});

test('a frozen page sends its distress from the freeze handler and stays out until it rejoins', async ({
  context,
}) => {
  const nodes = await openCluster(context, roomUrl(roomName('freeze')), 3);
  const n3 = nodes.get('n3')!;
  // Headless Chromium never freezes a page by itself, and its CDP lifecycle command does not fire
  // `freeze` on a visible page: the event is dispatched as the browser would before freezing.
  await n3.evaluate(() => document.dispatchEvent(new Event('freeze')));
  await expect
    .poll(async () =>
      (await trace(nodes.get('n1')!)).some(
        (e) => e.kind === 'peer.failed' && e.peer === 'n3' && e.cause === 'distress',
      ),
    )
    .toBe(true);
  await expect.poll(async () => (await state(n3))?.snapshot?.lifecycle).toBe('fenced');
  await expect(n3.getByRole('button', { name: 'Rejoin' })).toBeEnabled();
  await n3.getByRole('button', { name: 'Rejoin' }).click();
  await expect.poll(async () => (await state(n3))?.snapshot?.incarnation).toBe(2);
});

test('a flood of garbage from one tab is counted and dropped; the others keep their heartbeats', async ({
  context,
}) => {
  const room = roomName('flood');
  const nodes = await openCluster(context, roomUrl(room, { timeout: 2000 }), 3);
  const mallory = await context.newPage();
  await mallory.goto('/#/lab');
  await mallory.evaluate(async (name) => {
    const ch = new BroadcastChannel(`mayday-live/${name}`);
    for (let burst = 0; burst < 10; burst++) {
      for (let i = 0; i < 1000; i++)
        ch.postMessage({
          v: 1,
          from: 'mallory',
          sid: 'x',
          seq: i,
          t: 0,
          to: null,
          body: { kind: 'hello' },
          mac: '',
        });
      await new Promise((r) => setTimeout(r, 50));
    }
  }, room);
  const n1 = nodes.get('n1')!;
  await expect
    .poll(async () => (await state(n1))?.rejected.mallory?.count ?? 0, { timeout: 20_000 })
    .toBe(10_000);
  const reasons = Object.keys((await state(n1))!.rejected.mallory.reasons);
  expect(reasons.some((r) => r.startsWith('flood'))).toBe(true);
  // The flood is dropped unread, but it still queues in the browser's channel ahead of the others'
  // posts: a heartbeat may come late (a suspicion), never so late that anyone is judged.
  for (const p of nodes.values()) {
    expect((await trace(p)).filter((e) => e.kind === 'peer.failed' || e.kind === 'peer.partitioned')).toEqual(
      [],
    );
    await expect
      .poll(async () =>
        Object.values((await state(p))?.snapshot?.beliefs ?? { x: '?' }).every((b) => b === 'alive'),
      )
      .toBe(true);
  }
});
