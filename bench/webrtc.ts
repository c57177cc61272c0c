// Across devices over WebRTC (issue 12), on loopback: browser contexts as devices, the LAN server
// (PeerJS signaling + relay) in this process, the test node page of test/harness/webrtc.
//   latency: distress one-way latency through the whole node (inject on n1 → verified peer.failed on
//            n2) versus a bare data channel's ping on the same RTCPeerConnection, in the same run;
//   soak:    N nodes (default 32) in a full mesh, heartbeating on the live defaults, for a while;
//            counts false suspicions (must be 0) and messages refused.
// Run directly: `npx tsx bench/webrtc.ts latency [rounds]` or `npx tsx bench/webrtc.ts soak [ms] [nodes]`.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { build } from 'vite';
import { startLanServer, type LanServer } from '../server/lanServer.ts';
import { CHROMIUM_ARGS, quantile } from './browserBench.ts';

const HARNESS = fileURLToPath(new URL('../test/harness/webrtc/', import.meta.url));

interface Rig {
  browser: Browser;
  server: LanServer;
  open(id: string, nodes: string[], query?: Record<string, string>): Promise<Page>;
  close(): Promise<void>;
}

async function rig(pagesPerContext: number): Promise<Rig> {
  await build({ configFile: `${HARNESS}vite.config.ts`, logLevel: 'warn' });
  const server = await startLanServer({ dist: `${HARNESS}dist`, port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--allow-loopback-in-peer-connection'],
  });
  let context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  let inContext = 0;
  return {
    browser,
    server,
    async open(id, nodes, query = {}) {
      if (inContext === pagesPerContext) {
        context = await browser.newContext({ permissions: ['camera', 'microphone'] });
        inContext = 0;
      }
      inContext++;
      const page = await context.newPage();
      const q = new URLSearchParams({
        id,
        nodes: nodes.join(','),
        room: 'bench',
        key: 'bench-key',
        ...query,
      });
      await page.goto(`http://127.0.0.1:${server.port}/index.html?${q}`);
      await page.waitForFunction(() => 'harness' in window);
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

const h = <T>(page: Page, body: string): Promise<T> =>
  page.evaluate(`(async (h) => { ${body} })(window.harness)`);

async function until(page: Page, condition: string, timeoutMs = 30_000): Promise<void> {
  try {
    await page.waitForFunction(`(() => { const h = window.harness; return ${condition}; })()`, undefined, {
      timeout: timeoutMs,
      polling: 20,
    });
  } catch (error) {
    const state = await h(
      page,
      'return { id: h.self, lifecycle: h.lifecycle(), roles: h.roles(), beliefs: h.beliefs(), links: h.links(), signaling: h.signaling() }',
    );
    throw new Error(`waiting for ${condition}: ${JSON.stringify(state)}`, { cause: error });
  }
}

export interface WebRtcLatency {
  rawRoundTrip: { p50: number; p90: number; p99: number };
  rawOneWay: number;
  distress: { p50: number; p90: number; max: number; rounds: number };
}

export async function measureWebRtcLatency(rounds = 20, pings = 500): Promise<WebRtcLatency> {
  const r = await rig(1);
  try {
    const nodes = ['n1', 'n2'];
    const n1 = await r.open('n1', nodes, { hb: '1000', timeout: '3000' });
    const n2 = await r.open('n2', nodes, { hb: '1000', timeout: '3000' });
    for (const p of [n1, n2]) await until(p, `h.links().length === 1 && h.links()[0].path === 'p2p'`);
    const opened = [
      await h<boolean>(n1, `return h.openRaw('n2')`),
      await h<boolean>(n2, `return h.openRaw('n1')`),
    ];
    if (!opened.every(Boolean)) throw new Error(`raw channel: no RTCPeerConnection (${opened})`);
    await until(n1, 'h.rawReady()');
    const trips = await h<number[]>(
      n1,
      `const out = []; for (let i = 0; i < ${pings + 50}; i++) out.push(await h.rawPing(i)); return out.slice(50);`,
    );
    trips.sort((a, b) => a - b);
    for (const p of [n1, n2]) await h(p, 'h.start()');
    const latencies: number[] = [];
    for (let round = 0; round < rounds; round++) {
      await until(n1, `h.roles().db === 'primary' && h.lifecycle().startsWith('healthy')`);
      await until(n2, `(h.beliefs().n1 ?? 'alive') === 'alive' && h.roles().db === 'backup'`);
      const before = await h<number>(n2, `return h.stamps().length`);
      // power-loss: ~16 ms of warning, so the distress goes synchronously on the current task (§0043).
      const at = await h<number>(n1, `return h.inject('power-loss', 16)`);
      await until(n2, `h.stamps().slice(${before}).some((s) => s.kind === 'peer.failed' && s.peer === 'n1')`);
      const failed = await h<number>(
        n2,
        `return h.stamps().slice(${before}).find((s) => s.kind === 'peer.failed' && s.peer === 'n1').at`,
      );
      latencies.push(failed - at);
      await until(n2, `h.roles().db === 'primary'`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await h(n1, 'h.recoverAndRejoin()');
      // n1 comes back as the last backup; make it primary again by failing n2 over the same way.
      await until(n1, `h.lifecycle().startsWith('healthy')`);
      await until(n2, `(h.beliefs().n1 ?? 'alive') === 'alive'`);
      await h(n2, `h.inject('power-loss', 16)`);
      await until(n1, `h.roles().db === 'primary'`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await h(n2, 'h.recoverAndRejoin()');
    }
    latencies.sort((a, b) => a - b);
    const p50 = quantile(trips, 0.5);
    return {
      rawRoundTrip: { p50, p90: quantile(trips, 0.9), p99: quantile(trips, 0.99) },
      rawOneWay: p50 / 2,
      distress: {
        p50: quantile(latencies, 0.5),
        p90: quantile(latencies, 0.9),
        max: latencies.at(-1) ?? NaN,
        rounds,
      },
    };
  } finally {
    await r.close();
  }
}

export interface WebRtcSoak {
  nodes: number;
  meshMs: number;
  soakMs: number;
  falseSuspicions: number;
  verdicts: number;
  sent: number;
  received: number;
  /** Sends to a peer with no trusted link at that moment. */
  unreachable: number;
  rejected: number;
  /** The latest any page ran a 250 ms main-thread timer, ms: starvation or throttling shows here. */
  worstLagMs: number;
  links: Record<string, number>;
}

export async function measureWebRtcSoak(soakMs = 60_000, count = 32): Promise<WebRtcSoak> {
  const r = await rig(8);
  try {
    const nodes = Array.from({ length: count }, (_, i) => `n${i + 1}`);
    const t0 = Date.now();
    const pages: Page[] = [];
    for (const id of nodes)
      pages.push(await r.open(id, nodes, { hb: '1000', timeout: '3000', dial: '20000' }));
    // Every peer trusted on some path (a data channel, or the relay where one did not open in 20 s).
    for (const p of pages) {
      await until(
        p,
        `h.links().filter((l) => l.path === 'p2p' || l.path === 'relay').length === ${count - 1}`,
        180_000,
      );
    }
    const meshMs = Date.now() - t0;
    for (const p of pages) await h(p, 'h.start()');
    await new Promise((resolve) => setTimeout(resolve, soakMs));
    let falseSuspicions = 0;
    let verdicts = 0;
    let received = 0;
    let sent = 0;
    let unreachable = 0;
    let worstLagMs = 0;
    let rejected = 0;
    const links: Record<string, number> = {};
    for (const p of pages) {
      const s = await h<{
        suspects: number;
        verdicts: number;
        received: number;
        sent: number;
        unreachable: number;
        lag: number;
        rejected: number;
        paths: string[];
      }>(
        p,
        `const t = h.trace(); const c = h.counts();
         return { suspects: t.filter((e) => e.kind === 'peer.suspect').length,
                  verdicts: t.filter((e) => e.kind === 'peer.failed' || e.kind === 'peer.partitioned').length,
                  sent: c.sent, received: c.received, unreachable: c.unreachable, lag: h.worstLagMs(), rejected: Object.values(c.rejected).reduce((a, b) => a + b, 0),
                  paths: h.links().map((l) => l.path) };`,
      );
      falseSuspicions += s.suspects;
      verdicts += s.verdicts;
      received += s.received;
      sent += s.sent;
      unreachable += s.unreachable;
      worstLagMs = Math.max(worstLagMs, s.lag);
      rejected += s.rejected;
      for (const path of s.paths) links[path] = (links[path] ?? 0) + 1;
    }
    return {
      nodes: count,
      meshMs,
      soakMs,
      falseSuspicions,
      verdicts,
      sent,
      received,
      unreachable,
      rejected,
      worstLagMs: Math.round(worstLagMs),
      links,
    };
  } finally {
    await r.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [what = 'latency', a, b] = process.argv.slice(2);
  const result =
    what === 'soak'
      ? await measureWebRtcSoak(Number(a ?? 60_000), Number(b ?? 32))
      : await measureWebRtcLatency(Number(a ?? 20));
  console.log(JSON.stringify(result, null, 2));
}
