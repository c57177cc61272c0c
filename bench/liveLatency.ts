// Live distress latency versus a raw channel (issue 4): two pages in one Chromium context share a
// BroadcastChannel, as two tabs of live mode do. One-way latency of
//   raw                 the ready distress bytes posted as they are, timestamped on arrival;
//   distress            fillReason + BroadcastChannelTransport.broadcast, and on receipt the transport's
//                       validateMessage + verifyDistress (noble HMAC) — what a live node does;
//   distress-webcrypto  the same, verified with verifyDistressWebCrypto (crypto.subtle.verify).
// Each message leaves only after the previous one was acknowledged on a second channel, so the figure is
// latency, not queueing. One-way = receiver's (timeOrigin + now) − sender's; the pages are cross-origin
// isolated, so both clocks tick in 5 µs steps. The ack round trip is reported too, as a check.
// Run directly: `npx tsx bench/liveLatency.ts [messages]`.
import { pathToFileURL } from 'node:url';
import type { LiveMode } from './browser/benchPage.ts';
import { openBenchBrowser, quantile } from './browserBench.ts';

export interface LatencyStats {
  mode: LiveMode;
  messages: number;
  /** One-way, ms. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Sender's round trip (message + ack), ms. */
  roundTripP50: number;
  /** Messages refused by validation or verification: must be 0. */
  rejected: number;
}

export interface LiveLatencyResult {
  modes: LatencyStats[];
  crossOriginIsolated: boolean;
}

const MODES: readonly LiveMode[] = ['raw', 'distress', 'distress-webcrypto'];
const WARM_UP = 200;

const round = (x: number): number => Math.round(x * 1000) / 1000;

export async function measureLiveLatency(messages = 2000): Promise<LiveLatencyResult> {
  const bench = await openBenchBrowser();
  try {
    const sender = await bench.open();
    const receiver = await bench.open();
    const isolated = await sender.evaluate(() => globalThis.crossOriginIsolated === true);
    const modes: LatencyStats[] = [];
    for (const mode of MODES) {
      await receiver.evaluate((m) => window.maydayBench.listen(m), mode);
      const { sent, roundTrips } = await sender.evaluate(([m, n]) => window.maydayBench.send(m, n), [
        mode,
        messages + WARM_UP,
      ] as const);
      const { received, rejected } = await receiver.evaluate(() => window.maydayBench.received());
      if (received.length !== sent.length) {
        throw new Error(`${mode}: ${sent.length} sent, ${received.length} received`);
      }
      const oneWay = sent
        .map((t, i) => received[i] - t)
        .slice(WARM_UP)
        .sort((a, b) => a - b);
      const rtt = roundTrips.slice(WARM_UP).sort((a, b) => a - b);
      modes.push({
        mode,
        messages,
        p50: round(quantile(oneWay, 0.5)),
        p90: round(quantile(oneWay, 0.9)),
        p99: round(quantile(oneWay, 0.99)),
        max: round(oneWay[oneWay.length - 1]),
        roundTripP50: round(quantile(rtt, 0.5)),
        rejected,
      });
    }
    return { modes, crossOriginIsolated: isolated };
  } finally {
    await bench.close();
  }
}

export function formatLiveLatency(r: LiveLatencyResult): string[] {
  const raw = r.modes.find((m) => m.mode === 'raw')!;
  return r.modes.map(
    (m) =>
      `${m.mode.padEnd(19)} one-way p50 ${m.p50.toFixed(3)} ms, p90 ${m.p90.toFixed(3)} ms, ` +
      `p99 ${m.p99.toFixed(3)} ms, max ${m.max.toFixed(3)} ms; round trip p50 ${m.roundTripP50.toFixed(3)} ms` +
      (m.mode === 'raw' ? '' : `; +${(m.p50 - raw.p50).toFixed(3)} ms over raw at p50`) +
      (m.rejected > 0 ? `; ${m.rejected} REJECTED` : ''),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const messages = Number(process.argv[2] ?? 2000);
  const r = await measureLiveLatency(messages);
  console.log(
    `live latency over BroadcastChannel, two pages of one Chromium context, ${messages} messages per mode ` +
      `(after ${WARM_UP} warm-up)${r.crossOriginIsolated ? '' : ' — NOT cross-origin isolated: 100 µs clock'}`,
  );
  for (const line of formatLiveLatency(r)) console.log(`  ${line}`);
}
