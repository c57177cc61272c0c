// Failure-time cost of the distress signal in Chromium: pre-formed (§0045: copy the ready bytes, write the
// reason) versus composed and signed at failure time, with noble's HMAC and with WebCrypto — the same
// operations and method as the Node figures of bench/distressSendPath.ts, measured in a real page.
// Run directly: `npx tsx bench/browserSendPath.ts [iterations]`.
import { pathToFileURL } from 'node:url';
import type { BrowserSendPath } from './browser/benchPage.ts';
import { openBenchBrowser } from './browserBench.ts';

export interface BrowserSendPathResult extends BrowserSendPath {
  /** composed (noble) / pre-formed, and WebCrypto (key ready) / pre-formed. */
  ratio: number;
  webCryptoRatio: number;
}

export async function measureBrowserSendPath(
  iterations = 200_000,
  asyncIterations = Math.min(iterations, 50_000),
): Promise<BrowserSendPathResult> {
  const bench = await openBenchBrowser();
  try {
    const page = await bench.open();
    const r = await page.evaluate(
      ([n, m]) => window.maydayBench.sendPath(n, m),
      [iterations, asyncIterations],
    );
    return {
      ...r,
      ratio: r.composedNsPerOp / r.preformedNsPerOp,
      webCryptoRatio: r.webCryptoNsPerOp / r.preformedNsPerOp,
    };
  } finally {
    await bench.close();
  }
}

/** Chromium's version, from the user agent ("Chrome/156.0.…"). */
export const chromeVersion = (userAgent: string): string => /Chrome\/([\d.]+)/.exec(userAgent)?.[1] ?? '?';

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const iterations = Number(process.argv[2] ?? 200_000);
  const r = await measureBrowserSendPath(iterations);
  const ns = (x: number): string => `${Math.round(x * 10) / 10} ns/op`;
  console.log(
    `distress send path, Chromium ${chromeVersion(r.userAgent)}, ${iterations} iterations, median of 5 rounds` +
      `${r.crossOriginIsolated ? '' : ' (not cross-origin isolated: 100 µs clock)'}`,
  );
  console.log(`  pre-formed  fillReason                  ${ns(r.preformedNsPerOp)}`);
  console.log(`  pre-formed  writeReason, spare copy     ${ns(r.preformedInPlaceNsPerOp)}`);
  console.log(`    of which  slice() of the ready bytes  ${ns(r.sliceNsPerOp)}`);
  console.log(`    of which  TextEncoder.encodeInto    ${ns(r.encodeReasonNsPerOp)}`);
  console.log(`  composed    encode + HMAC (noble)       ${ns(r.composedNsPerOp)}`);
  console.log(`  composed    encode + subtle.sign        ${ns(r.webCryptoNsPerOp)}`);
  console.log(`  composed    importKey + subtle.sign     ${ns(r.webCryptoImportNsPerOp)}`);
  console.log(
    `  ratio       composed / pre-formed       ${r.ratio.toFixed(1)}× (noble), ${r.webCryptoRatio.toFixed(1)}× (WebCrypto)`,
  );
}
