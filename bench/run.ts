// `npm run bench`: every figure of BENCHMARKS.md, each printed with the command that produced it.
// Options: --only policies,cli,throughput,sendpath,browsersend,live,webrtc,lab (default: all), --quick (fewer
// repeats, for a smoke run) and --soak-ms N (the WebRTC 32-node soak; default 60000, the full run 300000).
// Figures are medians after a warm-up; on a shared 2-core machine expect ±15% from run to run.
import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { chromeVersion, measureBrowserSendPath } from './browserSendPath.ts';
import { measureSendPath, measureWebCryptoCompose } from './distressSendPath.ts';
import { formatLiveLatency, measureLiveLatency } from './liveLatency.ts';
import { measureCli } from './cliStartup.ts';
import { measurePolicy, POLICIES, type PolicyResult } from './policies.ts';
import { measureBareLoop, measureThroughput } from './throughput.ts';
import { measureWebRtcLatency, measureWebRtcSoak } from './webrtc.ts';
import type { ThroughputResult } from './throughput.ts';

const SECTIONS = [
  'policies',
  'cli',
  'throughput',
  'sendpath',
  'browsersend',
  'live',
  'webrtc',
  'lab',
] as const;
type SectionName = (typeof SECTIONS)[number];

const TARGET_64_MS = 1000;
const TARGET_BARE_RATIO = 20;
const TARGET_SEND_RATIO = 10;
// Issue 13: the hard case, every policy.
const TARGET_POLICY_MS = 1000;
const TARGET_POLICY_BARE_RATIO = 5;
const TARGET_MESSAGES_RATIO = 2;
const TARGET_HALVES_RATIO = 1.5;
const TARGET_256_MS = 5000;
const TARGET_FLAT = 1.5;
const TARGET_CLI_MS = 2000;

const fmt = (x: number, digits = 0): string =>
  x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met');

function header(title: string, command: string): void {
  console.log(`\n${title}\n  command: ${command}`);
}

function throughput(quick: boolean): void {
  header(
    'Simulator throughput: N nodes × 1 h, 3 resources, a failure + a partition/heal + a pause (bench/throughput.ts)',
    'npm run bench -- --only throughput',
  );
  // 64 first: it warms the JIT for the others, and it is the figure with a target.
  const plan: Array<[number, number]> = quick
    ? [
        [64, 1],
        [16, 1],
        [256, 1],
      ]
    : [
        [64, 5],
        [16, 5],
        [256, 3],
      ];
  const results = new Map<number, ThroughputResult>();
  for (const [nodes, repeats] of plan) {
    const r = measureThroughput(nodes, repeats, nodes === 256 ? 0 : 1);
    results.set(nodes, r);
    console.log(
      `  ${String(nodes).padStart(3)} nodes × 1 h: ${fmt(r.medianMs)} ms wall, ${fmt(r.medianCpuMs)} ms CPU ` +
        `(medians of ${repeats}; wall ${r.timings.wall.map((t) => fmt(t)).join(', ')}), ` +
        `${fmt(r.delivered)} messages delivered, ${fmt(r.messagesPerSecond)} delivered/s, ` +
        `${fmt(r.msPerNodeHour, 1)} ms (${fmt(r.cpuMsPerNodeHour, 1)} ms CPU) per node-hour`,
    );
  }
  const r64 = results.get(64)!;
  const growth = (key: 'msPerNodeHour' | 'cpuMsPerNodeHour'): string =>
    [16, 64, 256].map((n) => `${n}: ×${(results.get(n)![key] / r64[key]).toFixed(2)}`).join(', ');
  console.log(`  cost per node-hour relative to 64 nodes (×1.00 everywhere = linear in nodes × time):`);
  console.log(`    wall ${growth('msPerNodeHour')}; CPU ${growth('cpuMsPerNodeHour')}`);
  console.log(
    `  target 64 nodes × 1 h ≤ ${TARGET_64_MS} ms: ${verdict(r64.medianMs <= TARGET_64_MS)} on wall time, ` +
      `${verdict(r64.medianCpuMs <= TARGET_64_MS)} on CPU time`,
  );

  const bare = measureBareLoop(r64.delivered, quick ? 1 : 5);
  console.log(
    `  bare event-queue loop (bench/bareLoop.ts bareLoop(${r64.delivered})): ${fmt(bare.medianMs, 1)} ms wall, ` +
      `${fmt(bare.medianCpuMs, 1)} ms CPU (medians of ${bare.timings.wall.length}), ${fmt(bare.delivered)} delivered, ` +
      `${fmt(bare.delivered / (bare.medianMs / 1000))} delivered/s`,
  );
  const ratio = r64.medianMs / bare.medianMs;
  const cpuRatio = r64.medianCpuMs / bare.medianCpuMs;
  console.log(
    `  simulator / bare loop at 64 nodes: ×${ratio.toFixed(1)} wall, ×${cpuRatio.toFixed(1)} CPU ` +
      `(target ≤ ${TARGET_BARE_RATIO}×: ${verdict(ratio <= TARGET_BARE_RATIO)} on wall, ` +
      `${verdict(cpuRatio <= TARGET_BARE_RATIO)} on CPU)`,
  );
}

function policies(quick: boolean): void {
  header(
    'Simulator under every policy: 64 nodes × 1 h, three resources on three primaries, latency 1–5 ms, 1 % loss, ' +
      'a battery failure, a crash, a two-node partition for 10 min (bench/policies.ts)',
    'npm run bench -- --only policies',
  );
  const repeats = quick ? 1 : 3;
  const base = new Map<string, PolicyResult>();
  for (const policy of POLICIES) {
    const r = measurePolicy(64, policy, repeats);
    base.set(policy, r);
  }
  const manual = base.get('manual')!;
  console.log(
    '  policy       wall ms   CPU ms   delivered   ×manual msgs   bare loop, same msgs   sim ÷ bare (CPU)   trace events',
  );
  let worstMs = 0;
  let worstBare = 0;
  let worstMsgs = 0;
  for (const r of base.values()) {
    const bare = measureBareLoop(r.delivered, quick ? 1 : 3);
    const ratio = r.medianCpuMs / bare.medianCpuMs;
    const msgs = r.delivered / manual.delivered;
    worstMs = Math.max(worstMs, r.medianCpuMs);
    worstBare = Math.max(worstBare, ratio);
    if (r.policy !== 'manual') worstMsgs = Math.max(worstMsgs, msgs);
    console.log(
      `  ${r.policy.padEnd(10)} ${fmt(r.medianMs).padStart(8)} ${fmt(r.medianCpuMs).padStart(8)} ${fmt(r.delivered).padStart(11)}` +
        `   ×${msgs.toFixed(2).padEnd(12)} ${`${fmt(bare.medianCpuMs)} ms CPU`.padStart(21)}   ×${ratio.toFixed(1).padEnd(16)} ${fmt(r.traced)}`,
    );
  }
  console.log(
    `    (medians of ${repeats}; wall times of each run: ${[...base.values()].map((r) => `${r.policy} ${r.timings.wall.map((t) => fmt(t)).join('/')}`).join(', ')})`,
  );
  console.log(
    `  target ≤ ${TARGET_POLICY_MS} ms each (CPU): ${verdict(worstMs <= TARGET_POLICY_MS)} (worst ${fmt(worstMs)} ms); ` +
      `≤ ${TARGET_POLICY_BARE_RATIO}× the bare loop: ${verdict(worstBare <= TARGET_POLICY_BARE_RATIO)} (worst ×${worstBare.toFixed(1)}); ` +
      `lease policies ≤ ${TARGET_MESSAGES_RATIO}× the messages of manual: ${verdict(worstMsgs <= TARGET_MESSAGES_RATIO)} (worst ×${worstMsgs.toFixed(2)})`,
  );

  console.log('  the same hour plus a partition into two halves of 32 from 45 to 55 min:');
  let worstHalves = 0;
  for (const policy of POLICIES) {
    const r = measurePolicy(64, policy, repeats, { halves: true }, 0);
    const ratio = r.medianCpuMs / base.get(policy)!.medianCpuMs;
    worstHalves = Math.max(worstHalves, ratio);
    console.log(
      `    ${policy.padEnd(10)} ${fmt(r.medianMs)} ms wall, ${fmt(r.medianCpuMs)} ms CPU, ${fmt(r.delivered)} delivered, ` +
        `${fmt(r.traced)} trace events: ×${ratio.toFixed(2)} the hour without it (CPU)`,
    );
  }
  console.log(
    `  target ≤ ${TARGET_HALVES_RATIO}×: ${verdict(worstHalves <= TARGET_HALVES_RATIO)} (worst ×${worstHalves.toFixed(2)})`,
  );

  console.log('  quorum, cost per node-hour by cluster size:');
  const sizes = new Map<number, PolicyResult>([[64, base.get('quorum')!]]);
  for (const nodes of [16, 256])
    sizes.set(nodes, measurePolicy(nodes, 'quorum', nodes === 256 ? 1 : repeats, {}, nodes === 256 ? 0 : 1));
  const perNodeHour = (r: PolicyResult): number => r.medianCpuMs / r.nodes;
  for (const nodes of [16, 64, 256]) {
    const r = sizes.get(nodes)!;
    console.log(
      `    ${String(nodes).padStart(3)} nodes: ${fmt(r.medianMs)} ms wall, ${fmt(r.medianCpuMs)} ms CPU, ${fmt(r.delivered)} delivered, ` +
        `${fmt(perNodeHour(r), 1)} ms CPU per node-hour (×${(perNodeHour(r) / perNodeHour(sizes.get(64)!)).toFixed(2)} of 64)`,
    );
  }
  const r256 = sizes.get(256)!;
  const spread =
    Math.max(...[...sizes.values()].map(perNodeHour)) / Math.min(...[...sizes.values()].map(perNodeHour));
  console.log(
    `  target 256 nodes ≤ ${TARGET_256_MS} ms: ${verdict(r256.medianCpuMs <= TARGET_256_MS)}; ` +
      `per node-hour flat within ×${TARGET_FLAT}: ${verdict(spread <= TARGET_FLAT)} (×${spread.toFixed(2)} between cheapest and dearest)`,
  );
}

function cliStartup(quick: boolean): void {
  header(
    'The command line as a whole process: run FILE --json for the 64-node hour of bench/policies.ts (bench/cliStartup.ts)',
    'npm run bench -- --only cli   (by hand: node scripts/cli.mjs run FILE --json)',
  );
  const repeats = quick ? 1 : 3;
  let worst = 0;
  for (const policy of POLICIES) {
    const r = measureCli(policy, repeats);
    worst = Math.max(worst, r.medianMs);
    console.log(
      `  ${policy.padEnd(10)} ${fmt(r.medianMs)} ms wall${r.medianCpuMs === null ? '' : `, ${fmt(r.medianCpuMs)} ms CPU`} ` +
        `(medians of ${repeats}; wall ${r.wall.map((t) => fmt(t)).join(', ')}), ${fmt(r.outputBytes / 1024)} KB of JSON`,
    );
  }
  console.log(
    `  target ≤ ${TARGET_CLI_MS} ms: ${verdict(worst <= TARGET_CLI_MS)} on wall time (worst ${fmt(worst)} ms)`,
  );
}

async function sendPath(quick: boolean): Promise<void> {
  const iterations = quick ? 20_000 : 200_000;
  header(
    'Failure-time send path, Node: pre-formed versus composed and signed at failure time (bench/distressSendPath.ts)',
    `npm run bench -- --only sendpath   (alone: npx tsx bench/distressSendPath.ts ${iterations})`,
  );
  const sync = measureSendPath(iterations);
  const web = await measureWebCryptoCompose(Math.min(iterations, 50_000));
  const ns = (x: number): string => `${fmt(x, 1)} ns`;
  console.log(
    `  pre-formed, writeReason into the send buffer made at start-up (what ClusterNode does): ${ns(sync.preformedInPlaceNsPerOp)}`,
  );
  console.log(`  pre-formed, fillReason (copy ready bytes + reason):   ${ns(sync.preformedNsPerOp)}`);
  console.log(`  composed: encode + HMAC-SHA-256 (noble):               ${ns(sync.composedNsPerOp)}`);
  console.log(`  composed: encode + crypto.subtle.sign (key imported):  ${ns(web.composedNsPerOp)}`);
  console.log(`  composed: importKey + encode + crypto.subtle.sign:     ${ns(web.importAndComposeNsPerOp)}`);
  const nodeRatio = Math.min(sync.composedNsPerOp, web.composedNsPerOp) / sync.preformedInPlaceNsPerOp;
  console.log(
    `  composed / pre-formed (the node's path): ×${nodeRatio.toFixed(1)} at least; ` +
      `target ≥ ${TARGET_SEND_RATIO}×: ${verdict(nodeRatio >= TARGET_SEND_RATIO)}`,
  );
  const webRatio = web.composedNsPerOp / sync.preformedNsPerOp;
  console.log(
    `  composed / fillReason (a fresh copy at failure time): ×${sync.ratio.toFixed(1)} (noble), ×${webRatio.toFixed(1)} (WebCrypto)`,
  );
}

async function browserSendPath(quick: boolean): Promise<void> {
  const iterations = quick ? 20_000 : 200_000;
  header(
    'Failure-time send path, Chromium: the same operations in a page (bench/browserSendPath.ts)',
    `npm run bench -- --only browsersend   (alone: npx tsx bench/browserSendPath.ts ${iterations})`,
  );
  const r = await measureBrowserSendPath(iterations);
  const ns = (x: number): string => `${fmt(x, 1)} ns`;
  console.log(
    `  Chromium ${chromeVersion(r.userAgent)}, ${r.crossOriginIsolated ? 'cross-origin isolated (5 µs clock)' : '100 µs clock'}`,
  );
  console.log(`  pre-formed, fillReason (copy ready bytes + reason):   ${ns(r.preformedNsPerOp)}`);
  console.log(`    of which slice() of the ready bytes:               ${ns(r.sliceNsPerOp)}`);
  console.log(`    of which TextEncoder.encodeInto of the reason:     ${ns(r.encodeReasonNsPerOp)}`);
  console.log(
    `  pre-formed, writeReason into the send buffer made at start-up (what ClusterNode does): ${ns(r.preformedInPlaceNsPerOp)}`,
  );
  console.log(`  composed: encode + HMAC-SHA-256 (noble):               ${ns(r.composedNsPerOp)}`);
  console.log(`  composed: encode + crypto.subtle.sign (key imported):  ${ns(r.webCryptoNsPerOp)}`);
  console.log(`  composed: importKey + encode + crypto.subtle.sign:     ${ns(r.webCryptoImportNsPerOp)}`);
  const inPlace = Math.min(r.composedNsPerOp, r.webCryptoNsPerOp) / r.preformedInPlaceNsPerOp;
  console.log(
    `  composed / pre-formed (the node's path): ×${inPlace.toFixed(1)} at least; ` +
      `target ≥ ${TARGET_SEND_RATIO}×: ${verdict(inPlace >= TARGET_SEND_RATIO)}`,
  );
  console.log(
    `  composed / fillReason (a fresh copy at failure time): ×${r.ratio.toFixed(1)} (noble), ×${r.webCryptoRatio.toFixed(1)} (WebCrypto)`,
  );
}

async function liveLatency(quick: boolean): Promise<void> {
  const messages = quick ? 300 : 2000;
  header(
    'Live distress latency versus a raw BroadcastChannel, two pages of one Chromium context (bench/liveLatency.ts)',
    `npm run bench -- --only live   (alone: npx tsx bench/liveLatency.ts ${messages})`,
  );
  const r = await measureLiveLatency(messages);
  console.log(
    `  ${messages} messages per mode, one at a time${r.crossOriginIsolated ? '' : ' (NOT cross-origin isolated: 100 µs clock)'}`,
  );
  for (const line of formatLiveLatency(r)) console.log(`  ${line}`);
}

async function webrtc(quick: boolean, soakMs: number): Promise<void> {
  const rounds = quick ? 5 : 30;
  header(
    'Across devices: distress over a WebRTC data channel versus a bare data-channel ping, two browser contexts on loopback (bench/webrtc.ts)',
    `npm run bench -- --only webrtc   (alone: npx tsx bench/webrtc.ts latency ${rounds})`,
  );
  const l = await measureWebRtcLatency(rounds);
  const ms = (x: number): string => `${fmt(x, 2)} ms`;
  console.log(
    `  bare data channel, same RTCPeerConnection: round trip p50 ${ms(l.rawRoundTrip.p50)}, p90 ${ms(l.rawRoundTrip.p90)}, ` +
      `p99 ${ms(l.rawRoundTrip.p99)} (500 pings; one way ≈ ${ms(l.rawOneWay)})`,
  );
  console.log(
    `  distress, inject on n1 → verified peer.failed on n2 (${l.distress.rounds} rounds): p50 ${ms(l.distress.p50)}, ` +
      `p90 ${ms(l.distress.p90)}, max ${ms(l.distress.max)}; ×${(l.distress.p50 / l.rawOneWay).toFixed(1)} the bare one-way`,
  );
  const nodes = 32;
  const ms2 = quick ? Math.min(soakMs, 15_000) : soakMs;
  header(
    `Across devices: ${nodes} nodes in a full WebRTC mesh, heartbeats 1 s / timeout 3 s, ${fmt(ms2 / 1000)} s (bench/webrtc.ts)`,
    `npm run bench -- --only webrtc --soak-ms ${ms2}   (the full 5 minutes: --soak-ms 300000; alone: npx tsx bench/webrtc.ts soak ${ms2} ${nodes})`,
  );
  const s = await measureWebRtcSoak(ms2, nodes);
  console.log(
    `  mesh of ${s.nodes} (${(s.nodes * (s.nodes - 1)) / 2} data channels) ready in ${fmt(s.meshMs / 1000, 1)} s; links by path: ` +
      Object.entries(s.links)
        .map(([path, n]) => `${path} ${n}`)
        .join(', '),
  );
  console.log(
    `  ${fmt(s.sent)} messages sent, ${fmt(s.received)} received, ${s.unreachable} unreachable, ${s.rejected} refused; ` +
      `worst main-thread timer lag ${fmt(s.worstLagMs)} ms; false suspicions: ${s.falseSuspicions}, ` +
      `verdicts: ${s.verdicts} (target 0: ${verdict(s.falseSuspicions === 0 && s.verdicts === 0)})`,
  );
}

/** Lab frame time and bundle size live in bench/labFrames.ts (the Lab engineer's), when it exists. */
async function lab(): Promise<void> {
  header(
    'Lab frame time in Chromium and initial bundle size (bench/labFrames.ts)',
    'npm run bench -- --only lab',
  );
  const file = new URL('./labFrames.ts', import.meta.url);
  if (!existsSync(file)) {
    console.log('  skipped: bench/labFrames.ts does not exist yet');
    return;
  }
  const mod = (await import(file.href)) as Record<string, unknown>;
  const fn = [mod.default, mod.measureLabFrames, ...Object.values(mod)].find(
    (v) => typeof v === 'function',
  ) as (() => unknown) | undefined;
  if (fn === undefined) {
    console.log('  skipped: bench/labFrames.ts exports no function');
    return;
  }
  const result = await fn();
  if (result === undefined) return;
  const lines = typeof result === 'string' ? result.split('\n') : JSON.stringify(result, null, 2).split('\n');
  for (const line of lines) console.log(`  ${line}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      only: { type: 'string' },
      quick: { type: 'boolean' },
      'soak-ms': { type: 'string', default: '60000' },
    },
    strict: true,
  });
  const only = (values.only?.split(',') ?? [...SECTIONS]) as SectionName[];
  for (const name of only) {
    if (!SECTIONS.includes(name))
      throw new Error(`--only: unknown section '${name}' (${SECTIONS.join(', ')})`);
  }
  const cpu = cpus();
  console.log(
    `Mayday benchmarks — Node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ` +
      `${fmt(totalmem() / 2 ** 30, 1)} GiB${values.quick ? ' (--quick: single runs, not for the record)' : ''}`,
  );
  const quick = values.quick === true;
  if (only.includes('policies')) policies(quick);
  if (only.includes('cli')) cliStartup(quick);
  if (only.includes('throughput')) throughput(quick);
  if (only.includes('sendpath')) await sendPath(quick);
  if (only.includes('browsersend')) await browserSendPath(quick);
  if (only.includes('live')) await liveLatency(quick);
  if (only.includes('webrtc')) {
    const soakMs = Number(values['soak-ms']);
    if (!Number.isFinite(soakMs) || soakMs < 1000)
      throw new Error(`--soak-ms: expected at least 1000, got ${values['soak-ms']}`);
    await webrtc(quick, soakMs);
  }
  if (only.includes('lab')) await lab();
}

await main();
