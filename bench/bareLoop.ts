// Baseline for the simulator's hot path (STACK-NOTES, "Cost of XState on the hot path"): a 64-node
// ring heartbeating both neighbours every second makes 460,800 deliveries per simulated hour.
// `bareLoop` is the floor — a hand-written binary-heap event loop; `queueLoop` runs the same events
// through EventQueue + VirtualClock; `simNetworkLoop` adds the SimNetwork layer with a counting handler.
// Run: npx tsx bench/bareLoop.ts
import { pathToFileURL } from 'node:url';
import { createRng } from '../src/core/rng.ts';
import type { Message } from '../src/core/types.ts';
import { SimNetwork } from '../src/sim/simNetwork.ts';
import type { NetworkHooks } from '../src/sim/simNetwork.ts';
import { VirtualClock } from '../src/sim/virtualClock.ts';

export interface LoopResult {
  ms: number;
  delivered: number;
}

const RING = 64;
const INTERVAL_MS = 1000;

/** Trivial xorshift32 latency source in [1, 5] ms, shared by the baselines. */
function latencySource(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return 1 + ((x >>> 0) / 4294967296) * 4;
  };
}

/**
 * Hand-written event loop: each node's tick is a heap event that schedules one delivery to each ring
 * neighbour (node i → i±1) and its next tick, until `messages` deliveries have been scheduled.
 * Entries are parallel typed arrays (time, sequence, payload); payload ≥ 0 is a delivery to that
 * node, payload < 0 is the tick of node -payload-1.
 */
export function bareLoop(messages: number): LoopResult {
  const start = performance.now();
  const latency = latencySource(42);
  let cap = 1024;
  let hTime = new Float64Array(cap);
  let hSeq = new Float64Array(cap);
  let hPay = new Int32Array(cap);
  let len = 0;
  let seq = 0;

  const push = (time: number, pay: number): void => {
    if (len === cap) {
      cap *= 2;
      const t = new Float64Array(cap);
      const s = new Float64Array(cap);
      const p = new Int32Array(cap);
      t.set(hTime);
      s.set(hSeq);
      p.set(hPay);
      hTime = t;
      hSeq = s;
      hPay = p;
    }
    const sq = seq++;
    let i = len++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = hTime[parent];
      if (pt < time || (pt === time && hSeq[parent] < sq)) break;
      hTime[i] = pt;
      hSeq[i] = hSeq[parent];
      hPay[i] = hPay[parent];
      i = parent;
    }
    hTime[i] = time;
    hSeq[i] = sq;
    hPay[i] = pay;
  };

  const popInto = (): void => {
    const n = --len;
    const time = hTime[n];
    const sq = hSeq[n];
    const pay = hPay[n];
    let i = 0;
    const half = n >> 1;
    while (i < half) {
      let c = 2 * i + 1;
      const r = c + 1;
      if (r < n && (hTime[r] < hTime[c] || (hTime[r] === hTime[c] && hSeq[r] < hSeq[c]))) c = r;
      if (time < hTime[c] || (time === hTime[c] && sq < hSeq[c])) break;
      hTime[i] = hTime[c];
      hSeq[i] = hSeq[c];
      hPay[i] = hPay[c];
      i = c;
    }
    hTime[i] = time;
    hSeq[i] = sq;
    hPay[i] = pay;
  };

  const received = new Int32Array(RING);
  let scheduled = 0;
  let delivered = 0;
  for (let node = 0; node < RING; node++) push((node * INTERVAL_MS) / RING, -node - 1);
  while (len > 0) {
    const now = hTime[0];
    const pay = hPay[0];
    popInto();
    if (pay >= 0) {
      received[pay]++;
      delivered++;
      continue;
    }
    if (scheduled >= messages) continue;
    const node = -pay - 1;
    push(now + latency(), (node + 1) % RING);
    scheduled++;
    if (scheduled < messages) {
      push(now + latency(), (node + RING - 1) % RING);
      scheduled++;
    }
    push(now + INTERVAL_MS, pay);
  }
  return { ms: performance.now() - start, delivered };
}

/** The same ticks and deliveries through EventQueue + VirtualClock (no network layer). */
export function queueLoop(messages: number): LoopResult {
  const start = performance.now();
  const clock = new VirtualClock();
  const latency = latencySource(42);
  const received = new Int32Array(RING);
  let scheduled = 0;
  let delivered = 0;
  const deliver = (node: number): void => {
    received[node]++;
    delivered++;
  };
  const tick = (node: number): void => {
    if (scheduled >= messages) return;
    clock.call(latency(), deliver, (node + 1) % RING);
    scheduled++;
    if (scheduled < messages) {
      clock.call(latency(), deliver, (node + RING - 1) % RING);
      scheduled++;
    }
    clock.call(INTERVAL_MS, tick, node);
  };
  for (let node = 0; node < RING; node++) clock.call((node * INTERVAL_MS) / RING, tick, node);
  clock.runUntil(Infinity);
  return { ms: performance.now() - start, delivered };
}

export interface SimLoopOptions {
  /** Keep messages in flight for drawing, as the Lab does. */
  trackInFlight?: boolean;
  /** Count onSent/onDelivered and answer canReceive, as the runtime does. */
  withHooks?: boolean;
}

/** `nodes` ring nodes heartbeating both neighbours every second for `hours`, through SimNetwork. */
export function simNetworkLoop(nodes: number, hours: number, options: SimLoopOptions = {}): LoopResult {
  const start = performance.now();
  const clock = new VirtualClock();
  let hookCalls = 0;
  const hooks: NetworkHooks = options.withHooks
    ? {
        canReceive: () => true,
        onSent: () => void hookCalls++,
        onDelivered: () => void hookCalls++,
        onDropped: () => void hookCalls++,
      }
    : {};
  const net = new SimNetwork(
    clock,
    createRng(42),
    { latencyMs: [1, 5], loss: 0, duplicate: 0, reorder: 0 },
    hooks,
    { trackInFlight: options.trackInFlight === true },
  );
  const names = Array.from({ length: nodes }, (_, i) => `n${i + 1}`);
  const endpoints = names.map((name) => net.endpoint(name));
  const heartbeats: Message[] = names.map((from) => ({
    type: 'heartbeat',
    from,
    incarnation: 1,
    joinedAt: 0,
  }));
  let delivered = 0;
  const count = (): void => {
    delivered++;
  };
  for (const endpoint of endpoints) endpoint.onMessage(count);

  const ticksPerNode = Math.round((hours * 3_600_000) / INTERVAL_MS);
  const ticks = new Int32Array(nodes);
  const tick = (i: number): void => {
    const endpoint = endpoints[i];
    endpoint.send(names[(i + 1) % nodes], heartbeats[i]);
    endpoint.send(names[(i + nodes - 1) % nodes], heartbeats[i]);
    if (++ticks[i] < ticksPerNode) clock.call(INTERVAL_MS, tick, i);
  };
  for (let i = 0; i < nodes; i++) clock.call((i * INTERVAL_MS) / nodes, tick, i);
  clock.runUntil(Infinity);
  if (options.withHooks && hookCalls !== 2 * delivered) throw new Error('hooks were not all called');
  return { ms: performance.now() - start, delivered };
}

function best(run: () => LoopResult, repeats = 7): LoopResult & { median: number } {
  const results = Array.from({ length: repeats }, run);
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  return { ms: times[0], median: times[repeats >> 1], delivered: results[0].delivered };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const messages = RING * 2 * 3600;
  const rows: Array<[string, LoopResult & { median: number }]> = [
    ['bare binary heap', best(() => bareLoop(messages))],
    ['EventQueue + VirtualClock', best(() => queueLoop(messages))],
    ['SimNetwork (lean: CLI/bench)', best(() => simNetworkLoop(RING, 1))],
    ['SimNetwork + hooks', best(() => simNetworkLoop(RING, 1, { withHooks: true }))],
    [
      'SimNetwork + hooks + inFlight',
      best(() => simNetworkLoop(RING, 1, { withHooks: true, trackInFlight: true })),
    ],
  ];
  const base = rows[0][1].median;
  console.log(`${RING} nodes × 1 h of ring heartbeats = ${messages} messages (best / median of 7 runs)`);
  for (const [name, r] of rows) {
    console.log(
      `${name.padEnd(32)} ${r.ms.toFixed(1).padStart(7)} ms  ${r.median.toFixed(1).padStart(7)} ms` +
        `  delivered ${r.delivered}  ×${(r.median / base).toFixed(2)}`,
    );
  }
}
