// Two browser contexts as two devices, plus the LAN server (PeerJS signaling + relay) on loopback,
// started in the test process so a test can stop it. Loopback WebRTC in headless Chromium needs
// camera/microphone permission and --allow-loopback-in-peer-connection (STACK-NOTES).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { startLanServer, type LanServer } from '../../server/lanServer.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const harnessDist = fileURLToPath(new URL('../harness/webrtc/dist', import.meta.url));

export const launchArgs = ['--allow-loopback-in-peer-connection'];

/** Builds the test node page (test/harness/webrtc) once per worker. */
export function buildHarness(): void {
  execFileSync('npx', ['vite', 'build', '-c', 'test/harness/webrtc/vite.config.ts'], {
    cwd: root,
    stdio: 'pipe',
  });
}

export function startServer(): Promise<LanServer> {
  return startLanServer({ dist: harnessDist, port: 0, host: '127.0.0.1' });
}

export interface Device {
  context: BrowserContext;
  page: Page;
  id: string;
}

export interface DeviceOptions {
  key?: string;
  query?: Record<string, string | number>;
}

export async function openDevice(
  browser: Browser,
  server: LanServer,
  id: string,
  nodes: string[],
  options: DeviceOptions = {},
): Promise<Device> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  const query = new URLSearchParams({
    id,
    nodes: nodes.join(','),
    room: 'lab1',
    key: options.key ?? 'room-key-1',
    hb: '200',
    timeout: '800',
    dial: '4000',
    ...Object.fromEntries(Object.entries(options.query ?? {}).map(([k, v]) => [k, String(v)])),
  });
  await page.goto(`http://127.0.0.1:${server.port}/index.html?${query}`);
  await page.waitForFunction(() => 'harness' in window);
  return { context, page, id };
}

type Harness = {
  links(): Array<{ peer: string; path: string }>;
  counts(): { sent: number; received: number; rejected: Record<string, number> };
  roles(): Record<string, string>;
  beliefs(): Record<string, string>;
  trace(): Array<Record<string, unknown>>;
  invalid(): string[];
  signaling(): string;
  start(): void;
  inject(type: string, warningMs: number): void;
  closeDataChannel(peer: string): boolean;
};

/** Runs `fn` against the page's window.harness. */
export function on<T>(device: Device, fn: (h: Harness) => T): Promise<T> {
  return device.page.evaluate(`(${fn.toString()})(window.harness)`) as Promise<T>;
}

/** Waits until `device` reaches every peer in `peers` by `path`. */
export async function expectPaths(device: Device, peers: string[], path: 'p2p' | 'relay'): Promise<void> {
  await expect
    .poll(() => on(device, (h) => h.links()), { timeout: 15_000 })
    .toEqual(peers.map((peer) => ({ peer, path })));
}
