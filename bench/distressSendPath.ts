// Failure-time cost of the distress signal: pre-formed (§0045: fill the reason slot of ready bytes) versus
// composed at failure time (build, encode and sign). Backs the `composeMs` / `sendMs` discussion of DESIGN §5.
// Run directly: `npx tsx bench/distressSendPath.ts [iterations]`.
import { pathToFileURL } from 'node:url';
import { composeDistress, fillReason, preformDistress, writeReason } from '../src/core/distressSignal.ts';
import { composeDistressWebCrypto, importDistressKey } from '../src/core/distressWebCrypto.ts';

export interface SendPathResult {
  /** fillReason: one copy of the ready bytes plus the reason. */
  preformedNsPerOp: number;
  /** writeReason into a spare copy made at start-up: no allocation at failure time (not the default API). */
  preformedInPlaceNsPerOp: number;
  /** composeDistress: object, encoding and HMAC-SHA-256 (noble), all at failure time. */
  composedNsPerOp: number;
  /** composed / preformed. */
  ratio: number;
}

export interface WebCryptoComposeResult {
  /** Encode + crypto.subtle.sign with a CryptoKey imported beforehand. */
  composedNsPerOp: number;
  /** The same, importing the raw key at failure time too. */
  importAndComposeNsPerOp: number;
}

import { identity, keep, REASON, ROUNDS, timeAsync, timeSync } from './timing.ts';

export function measureSendPath(iterations: number): SendPathResult {
  const pre = preformDistress(identity);
  const spare = pre.bytes.slice();
  const preformedNsPerOp = timeSync(iterations, () => fillReason(pre, REASON));
  const preformedInPlaceNsPerOp = timeSync(iterations, () => {
    writeReason(spare, pre.reasonOffset, REASON);
    return spare;
  });
  const composedNsPerOp = timeSync(iterations, () => composeDistress(identity, REASON));
  return {
    preformedNsPerOp,
    preformedInPlaceNsPerOp,
    composedNsPerOp,
    ratio: composedNsPerOp / preformedNsPerOp,
  };
}

export async function measureWebCryptoCompose(
  iterations: number,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<WebCryptoComposeResult> {
  const key = await importDistressKey(identity.key, subtle);
  const composedNsPerOp = await timeAsync(iterations, () =>
    composeDistressWebCrypto(identity, REASON, subtle, key),
  );
  const importAndComposeNsPerOp = await timeAsync(iterations, () =>
    composeDistressWebCrypto(identity, REASON, subtle),
  );
  return { composedNsPerOp, importAndComposeNsPerOp };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const iterations = Number(process.argv[2] ?? 200_000);
  const round = (ns: number): number => Math.round(ns * 10) / 10;
  const sync = measureSendPath(iterations);
  const web = await measureWebCryptoCompose(Math.min(iterations, 50_000));
  console.log(
    `distress send path, Node ${process.version}, ${iterations} iterations, median of ${ROUNDS} rounds`,
  );
  console.log(`  pre-formed  fillReason                  ${round(sync.preformedNsPerOp)} ns/op`);
  console.log(`  pre-formed  writeReason, spare copy     ${round(sync.preformedInPlaceNsPerOp)} ns/op`);
  console.log(`  composed    encode + HMAC (noble)       ${round(sync.composedNsPerOp)} ns/op`);
  console.log(`  ratio       composed / pre-formed       ${round(sync.ratio)}×`);
  console.log(`  composed    encode + subtle.sign        ${round(web.composedNsPerOp)} ns/op`);
  console.log(`  composed    importKey + subtle.sign     ${round(web.importAndComposeNsPerOp)} ns/op`);
  if (keep(0) === 0.5) console.log('sink');
}
