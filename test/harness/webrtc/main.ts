// A bare live node for browser tests and benchmarks of the WebRTC transport: the real ClusterNode on a
// real clock over connectWebRtc(), driven through window.harness. Parameters come from the query string:
// ?id=n1&nodes=n1,n2&room=r&key=k&policy=manual&hb=200&timeout=800&dial=5000&redial=3000&relay=1&direct=1
import { sha256 } from '@noble/hashes/sha2.js';
import { parseScenario } from '../../../src/core/scenario.ts';
import type { TraceEvent } from '../../../src/core/types.ts';
import { ClusterNode } from '../../../src/machines/clusterNode.ts';
import type { NodeEnv } from '../../../src/machines/nodeEnv.ts';
import { realClock } from '../../../src/runtime/realClock.ts';
import { connectWebRtc, type WebRtcTransport } from '../../../src/transport/webrtcTransport.ts';

const q = new URLSearchParams(location.search);
const self = q.get('id') ?? 'n1';
const nodes = (q.get('nodes') ?? 'n1,n2').split(',');
const room = q.get('room') ?? 'test';
// The cluster key wants at least 16 bytes: hash whatever text the link carries.
const key = sha256(new TextEncoder().encode(q.get('key') ?? 'test-key'));
const num = (name: string, fallback: number): number => Number(q.get(name) ?? fallback);

const trace: Array<TraceEvent> = [];
const invalid: string[] = [];
const clock = realClock();

const parsed = parseScenario({
  version: 1,
  nodes,
  resources: [{ name: 'db', primary: nodes[0], backups: nodes.slice(1) }],
  policy: q.get('policy') ?? 'manual',
  heartbeat: { intervalMs: num('hb', 200), timeoutMs: num('timeout', 800) },
  costs: { orderlyShutdownMs: 200 },
  durationMs: 24 * 3600_000,
});
if (!parsed.ok) throw new Error(parsed.errors.join('; '));

const transport: WebRtcTransport = await connectWebRtc({
  self,
  room,
  key,
  host: location.hostname,
  port: Number(location.port),
  secure: false,
  dialTimeoutMs: num('dial', 5000),
  redialMs: num('redial', 3000),
  relay: q.get('relay') !== '0',
  // ?direct=0: no ICE candidate at all, so no data channel can open (Wi-Fi that isolates its clients).
  rtcConfig: q.get('direct') === '0' ? { iceTransportPolicy: 'relay' } : undefined,
  onInvalid: (reason) => invalid.push(reason),
});

let node: ClusterNode | null = null;
/** Absolute high-resolution time, comparable between pages of one machine (benchmarks). */
const stamp = (): number => performance.timeOrigin + performance.now();
const stamps: Array<{ kind: string; at: number; peer?: string }> = [];

function env(): NodeEnv {
  return {
    clock,
    transport,
    scenario: parsed.ok ? parsed.scenario : (undefined as never),
    clusterId: room,
    clusterKey: key,
    record: (event) => {
      if (event.kind.startsWith('distress.') || event.kind === 'peer.failed') {
        stamps.push({ kind: event.kind, at: stamp(), peer: 'peer' in event ? event.peer : undefined });
      }
      trace.push({ ...event, t: clock.now() } as TraceEvent);
    },
    fenceDevice: { powerOff: (_by, _target, done) => done(false) },
    requestAdmin: () => {},
    peerBack: () => {},
    changed: () => {},
    invalidMessage: (reason) => invalid.push(reason),
  };
}

const harness = {
  self,
  links: () => transport.links(),
  counts: () => transport.mesh.counts,
  signaling: () => transport.signaling,
  relay: () => transport.relayStatus,
  invalid: () => invalid,
  trace: () => trace,
  start(): void {
    worstLagMs = 0;
    node = new ClusterNode(self, env());
    node.start();
  },
  roles: () => node?.snapshot(null).roles ?? {},
  beliefs: () => node?.snapshot(null).beliefs ?? {},
  lifecycle: () => node?.snapshot(null).lifecycle ?? 'not started',
  /** Returns the absolute time of the injection (benchmarks). */
  inject(type: string, warningMs: number): number {
    const at = stamp();
    const target = node;
    target?.failureImminent(type, warningMs);
    // The power really goes when the warning runs out (the runtime's job, as in the simulator).
    setTimeout(() => target?.powerLost(type), warningMs);
    return at;
  },
  recoverAndRejoin(): void {
    node?.recover();
    node?.rejoin();
  },
  stamps: () => stamps,
  closeDataChannel: (peer: string) => transport.closeDataChannel(peer),
  /**
   * A bare data channel beside the node's, on the same RTCPeerConnection (negotiated: both sides
   * create it with the same id, no signaling): the benchmark's raw ping, no cluster code at all.
   */
  openRaw(peer: string): boolean {
    const pc = transport.peerConnection(peer);
    if (!pc) return false;
    raw = pc.createDataChannel('raw-ping', { negotiated: true, id: 900, ordered: true });
    raw.onmessage = (event) => {
      const text = String(event.data);
      if (text.startsWith('ping')) raw?.send(`pong${text.slice(4)}`);
      else pongs.get(text)?.();
    };
    return true;
  },
  rawReady: () => raw?.readyState === 'open',
  /** One raw round trip, ms. */
  rawPing(n: number): Promise<number> {
    const t0 = performance.now();
    return new Promise((resolve) => {
      pongs.set(`pong${n}`, () => resolve(performance.now() - t0));
      raw?.send(`ping${n}`);
    });
  },
};
// How late this page's main thread runs a 250 ms timer (benchmarks): a starved or throttled page shows
// here long before its peers suspect it.
let lastTick = performance.now();
let worstLagMs = 0;
setInterval(() => {
  const now = performance.now();
  worstLagMs = Math.max(worstLagMs, now - lastTick - 250);
  lastTick = now;
}, 250);
Object.assign(harness, { worstLagMs: () => worstLagMs });
let raw: RTCDataChannel | null = null;
const pongs = new Map<string, () => void>();
Object.assign(window, { harness });
