// Across devices (issue 12): two browser contexts as two devices, the real ClusterNode on each, over
// WebRTC data channels opened through the LAN server's PeerJS, or its relay when they cannot open.
import { test, expect } from '@playwright/test';
import type { LanServer } from '../../server/lanServer.ts';
import {
  buildHarness,
  expectPaths,
  launchArgs,
  on,
  openDevice,
  startServer,
  type Device,
} from './webrtc.helpers.ts';

const executablePath = process.env.MAYDAY_CHROME || process.env.CHROME_PATH || '/usr/bin/chromium';
test.use({ launchOptions: { executablePath, args: ['--no-sandbox', '--disable-gpu', ...launchArgs] } });
test.describe.configure({ mode: 'serial' });

let server: LanServer;
const devices: Device[] = [];

test.beforeAll(() => buildHarness());
test.beforeEach(async () => {
  server = await startServer();
});
test.afterEach(async () => {
  for (const d of devices.splice(0)) await d.context.close();
  await server.close();
});

const NODES = ['n1', 'n2'];

async function pair(browser: import('@playwright/test').Browser, query = {}) {
  const n1 = await openDevice(browser, server, 'n1', NODES, { query });
  const n2 = await openDevice(browser, server, 'n2', NODES, { query });
  devices.push(n1, n2);
  return [n1, n2] as const;
}

async function startBoth(n1: Device, n2: Device): Promise<void> {
  await on(n1, (h) => h.start());
  await on(n2, (h) => h.start());
  // Heartbeats flow both ways: each node hears the other.
  for (const d of [n1, n2]) await expect.poll(() => on(d, (h) => h.counts().received)).toBeGreaterThan(5);
}

async function expectDistressFailover(n1: Device, n2: Device): Promise<void> {
  await expect.poll(() => on(n1, (h) => h.roles().db)).toBe('primary');
  await on(n1, (h) => h.inject('power-loss-battery', 2000));
  await expect.poll(() => on(n2, (h) => h.roles().db)).toBe('primary');
  const trace = await on(n2, (h) => h.trace());
  expect(trace).toContainEqual(
    expect.objectContaining({ kind: 'peer.failed', node: 'n2', peer: 'n1', cause: 'distress' }),
  );
  expect(await on(n1, (h) => h.roles().db)).toBe('none');
}

test('two devices join over a data channel, heartbeat, and a distress fails the primary over at once', async ({
  browser,
}) => {
  const [n1, n2] = await pair(browser);
  await expectPaths(n1, ['n2'], 'p2p');
  await expectPaths(n2, ['n1'], 'p2p');
  await startBoth(n1, n2);
  await expectDistressFailover(n1, n2);
  // Nothing went through the server once the channel was open.
  expect(server.stats().relay.forwarded).toBe(0);
});

test('a closed data channel is a partition, not a death: under manual nobody fails over, and it heals', async ({
  browser,
}) => {
  const [n1, n2] = await pair(browser, { redial: 4000, relay: 0 });
  await expectPaths(n2, ['n1'], 'p2p');
  await startBoth(n1, n2);
  expect(await on(n1, (h) => h.closeDataChannel('n2'))).toBe(true);
  // The trace, not a momentary belief: the verdict stays on record however fast the link comes back.
  const verdicts = (d: Device) =>
    on(d, (h) => h.trace().filter((e) => e.kind === 'peer.partitioned' || e.kind === 'peer.failed'));
  await expect
    .poll(() => verdicts(n2), { timeout: 10_000 })
    .toContainEqual(expect.objectContaining({ kind: 'peer.partitioned', node: 'n2', peer: 'n1' }));
  // The dialler opens a new channel; the peers hear each other again.
  await expectPaths(n2, ['n1'], 'p2p');
  await expect.poll(() => on(n2, (h) => h.beliefs().n1 ?? 'alive'), { timeout: 10_000 }).toBe('alive');
  // manual: silence says "partitioned", never "failed", so nobody failed over.
  expect((await verdicts(n2)).filter((e) => e.kind === 'peer.failed')).toEqual([]);
  expect(await on(n2, (h) => h.roles().db)).toBe('backup');
  expect(await on(n1, (h) => h.roles().db)).toBe('primary');
});

test('stopping the signaling server after connect does not break the cluster', async ({ browser }) => {
  const [n1, n2] = await pair(browser);
  await expectPaths(n2, ['n1'], 'p2p');
  await startBoth(n1, n2);
  await server.close();
  await expect.poll(() => on(n1, (h) => h.signaling())).toBe('lost');
  const before = await on(n2, (h) => h.counts().received);
  // Well past the 800 ms timeout: heartbeats keep flowing on the open channel, nobody is suspected.
  await expect
    .poll(() => on(n2, (h) => h.counts().received), { timeout: 10_000 })
    .toBeGreaterThan(before + 15);
  for (const d of [n1, n2]) {
    expect(await on(d, (h) => h.trace().filter((e) => e.kind === 'peer.suspect').length)).toBe(0);
  }
  await expectDistressFailover(n1, n2);
  server = await startServer(); // afterEach closes one
});

test('where a data channel cannot open, the nodes relay through the server and still fail over', async ({
  browser,
}) => {
  // direct=0: ICE gathers no candidate, so no data channel can open, as on Wi-Fi that isolates clients.
  const [n1, n2] = await pair(browser, { dial: 1500, direct: 0 });
  await expectPaths(n1, ['n2'], 'relay');
  await expectPaths(n2, ['n1'], 'relay');
  await startBoth(n1, n2);
  await expectDistressFailover(n1, n2);
  expect(server.stats().relay.forwarded).toBeGreaterThan(10);
});

test('a device without the room key is ignored and counted; the cluster is unaffected', async ({
  browser,
}) => {
  const [n1, n2] = await pair(browser);
  const intruder = await openDevice(browser, server, 'n3', ['n1', 'n2', 'n3'], { key: 'wrong-key' });
  devices.push(intruder);
  await expect.poll(() => on(n1, (h) => h.counts().rejected.badKey), { timeout: 15_000 }).toBeGreaterThan(0);
  expect(await on(n1, (h) => h.invalid().join('\n'))).toContain('n3: its proof does not match the room key');
  // n3 never becomes a link messages go to, and the node says why.
  await expect
    .poll(() => on(n1, (h) => h.links()))
    .toEqual([
      { peer: 'n2', path: 'p2p' },
      { peer: 'n3', path: 'refused' },
    ]);
  expect(await on(intruder, (h) => h.links())).toEqual([
    { peer: 'n1', path: 'refused' },
    { peer: 'n2', path: 'refused' },
  ]);
  await startBoth(n1, n2);
  await expectDistressFailover(n1, n2);
});
