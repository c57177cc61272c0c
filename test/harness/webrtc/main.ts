// A bare live node for browser tests and benchmarks of the WebRTC transport: the real ClusterNode on a
// real clock over connectWebRtc(), driven through window.harness. Parameters come from the query string:
// ?id=n1&nodes=n1,n2&room=r&key=k&policy=manual&hb=200&timeout=800&dial=5000&redial=3000&relay=1&direct=1
import { sha256 } from '@noble/hashes/sha2.js';
import { parseScenario } from '../../../src/core/scenario.ts';
import type { Message, TraceEvent } from '../../../src/core/types.ts';
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
// Raw data-channel ping for the benchmark: the same links, no cluster machinery.
const pongs = new Map<number, () => void>();

function env(): NodeEnv {
  return {
    clock,
    transport,
    scenario: parsed.ok ? parsed.scenario : (undefined as never),
    clusterId: room,
    clusterKey: key,
    record: (event) => trace.push({ ...event, t: clock.now() } as TraceEvent),
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
    node = new ClusterNode(self, env());
    node.start();
  },
  roles: () => node?.snapshot(null).roles ?? {},
  beliefs: () => node?.snapshot(null).beliefs ?? {},
  lifecycle: () => node?.snapshot(null).lifecycle ?? 'not started',
  inject(type: string, warningMs: number): void {
    node?.failureImminent(type, warningMs);
  },
  closeDataChannel: (peer: string) => transport.closeDataChannel(peer),
  /** Sends a probe the cluster ignores-by-design to time a raw round trip over the same link. */
  ping(peer: string, nonce: number): Promise<number> {
    const t0 = performance.now();
    return new Promise((resolve) => {
      pongs.set(nonce, () => resolve(performance.now() - t0));
      transport.send(peer, { type: 'probe', from: self, nonce } as Message);
    });
  },
};
// Before the node starts, answer probes here (the benchmark's raw ping); afterwards the node does.
transport.onMessage((m) => {
  if (node) return node.receive(m);
  if (m.type === 'probe') transport.send(m.from, { type: 'probe.ack', from: self, nonce: m.nonce });
  if (m.type === 'probe.ack') pongs.get(m.nonce)?.();
});
Object.assign(window, { harness });
