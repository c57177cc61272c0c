// The page the browser benchmarks open (built by bench/browserBench.ts, never part of the app bundle).
// It exposes on `window.maydayBench` the failure-time send path (same method as bench/distressSendPath.ts:
// warm-up, 5 rounds, median ns per operation) and both ends of the live-latency test over a
// BroadcastChannel (bench/liveLatency.ts drives two of these pages in one browser context).
import {
  composeDistress,
  fillReason,
  preformDistress,
  verifyDistress,
  writeReason,
} from '../../src/core/distressSignal.ts';
import {
  composeDistressWebCrypto,
  importDistressKey,
  verifyDistressWebCrypto,
} from '../../src/core/distressWebCrypto.ts';
import type { Message } from '../../src/core/types.ts';
import { BroadcastChannelTransport } from '../../src/transport/broadcastChannelTransport.ts';

import { identity, keep, REASON, timeAsync, timeSync } from '../timing.ts';

export interface BrowserSendPath {
  preformedNsPerOp: number;
  preformedInPlaceNsPerOp: number;
  composedNsPerOp: number;
  webCryptoNsPerOp: number;
  webCryptoImportNsPerOp: number;
  /** Where fillReason's time goes in this browser: copying the ready bytes, and encoding the reason. */
  sliceNsPerOp: number;
  encodeReasonNsPerOp: number;
  userAgent: string;
  /** With COOP/COEP the page's clock has 5 µs resolution instead of 100 µs. */
  crossOriginIsolated: boolean;
}

async function sendPath(iterations: number, asyncIterations: number): Promise<BrowserSendPath> {
  const pre = preformDistress(identity);
  const spare = pre.bytes.slice();
  const preformedNsPerOp = timeSync(iterations, () => fillReason(pre, REASON));
  const preformedInPlaceNsPerOp = timeSync(iterations, () => {
    writeReason(spare, pre.reasonOffset, REASON);
    return spare;
  });
  const composedNsPerOp = timeSync(iterations, () => composeDistress(identity, REASON));
  const sliceNsPerOp = timeSync(iterations, () => pre.bytes.slice());
  const encoder = new TextEncoder();
  const slot = spare.subarray(pre.reasonOffset + 1);
  const encodeReasonNsPerOp = timeSync(iterations, () => {
    keep(encoder.encodeInto(REASON, slot).written);
    return slot;
  });
  const subtle = crypto.subtle;
  const key = await importDistressKey(identity.key, subtle);
  const webCryptoNsPerOp = await timeAsync(asyncIterations, () =>
    composeDistressWebCrypto(identity, REASON, subtle, key),
  );
  const webCryptoImportNsPerOp = await timeAsync(asyncIterations, () =>
    composeDistressWebCrypto(identity, REASON, subtle),
  );
  if (keep(0) === 0.5) console.log('sink');
  return {
    preformedNsPerOp,
    preformedInPlaceNsPerOp,
    composedNsPerOp,
    webCryptoNsPerOp,
    webCryptoImportNsPerOp,
    sliceNsPerOp,
    encodeReasonNsPerOp,
    userAgent: navigator.userAgent,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
  };
}

// ---------------------------------------------------------------------------------------------
// Live latency: a sender page and a receiver page on one channel, and an ack channel back, so each
// message leaves only after the previous one was handled (latency, not queueing, is measured).

export type LiveMode = 'raw' | 'distress' | 'distress-webcrypto';

const DATA = 'mayday-bench-live';
const ACK = 'mayday-bench-ack';
/** performance.now() counts from each page's own origin; timeOrigin + now() is comparable across pages. */
const wallNow = (): number => performance.timeOrigin + performance.now();

let received: number[] = [];
let rejected = 0;
let closeReceiver: (() => void) | null = null;

async function listen(mode: LiveMode): Promise<void> {
  closeReceiver?.();
  received = [];
  rejected = 0;
  const ack = new BroadcastChannel(ACK);
  const done = (): void => {
    received.push(wallNow());
    ack.postMessage(received.length);
  };
  if (mode === 'raw') {
    const channel = new BroadcastChannel(DATA);
    channel.onmessage = done;
    closeReceiver = () => {
      channel.close();
      ack.close();
    };
    return;
  }
  const opts = { clusterId: identity.clusterId, currentIncarnation: () => identity.incarnation };
  const cryptoKey = await importDistressKey(identity.key, crypto.subtle);
  // What a live node does with what arrives: validate the message, then verify the distress (DESIGN §7).
  // A refused message is acknowledged too (and counted), so the sender never waits forever.
  const transport = new BroadcastChannelTransport('n2', new BroadcastChannel(DATA), () => {
    rejected++;
    done();
  });
  transport.onMessage((m: Message) => {
    if (m.type !== 'distress') {
      rejected++;
      return done();
    }
    if (mode === 'distress') {
      if (!verifyDistress(m.bytes, { ...opts, key: identity.key }).ok) rejected++;
      return done();
    }
    void verifyDistressWebCrypto(m.bytes, { ...opts, key: cryptoKey }, crypto.subtle).then((v) => {
      if (!v.ok) rejected++;
      done();
    });
  });
  closeReceiver = () => {
    transport.close();
    ack.close();
  };
}

async function send(mode: LiveMode, count: number): Promise<{ sent: number[]; roundTrips: number[] }> {
  const ack = new BroadcastChannel(ACK);
  const channel = new BroadcastChannel(DATA);
  const transport = new BroadcastChannelTransport('n17', channel);
  const pre = preformDistress(identity);
  const sent: number[] = [];
  const roundTrips: number[] = [];
  let waiting: (() => void) | null = null;
  ack.onmessage = () => waiting?.();
  for (let i = 0; i < count; i++) {
    const acked = new Promise<void>((resolve) => (waiting = resolve));
    const t = wallNow();
    // The failure-time send path of each mode: post ready bytes, or fill the reason and broadcast.
    if (mode === 'raw') channel.postMessage(pre.bytes);
    else transport.broadcast({ type: 'distress', from: identity.node, bytes: fillReason(pre, REASON) });
    sent.push(t);
    await acked;
    roundTrips.push(wallNow() - t);
  }
  transport.close();
  ack.close();
  return { sent, roundTrips };
}

const api = {
  sendPath,
  listen,
  send,
  received: (): { received: number[]; rejected: number } => ({ received, rejected }),
};

declare global {
  interface Window {
    maydayBench: typeof api;
  }
}

window.maydayBench = api;
