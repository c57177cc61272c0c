// The same ClusterNode that runs in the simulator, on a real clock over a real BroadcastChannel
// (Node 20 has one): proof that core and machines need no change for live mode (DESIGN §3, §7).
// A virtual clock cannot drive a real channel, so this test waits on conditions, with short timers.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clusterKeyFromSeed } from '../../src/core/distressSignal.ts';
import { parseScenario } from '../../src/core/scenario.ts';
import type { TraceEvent } from '../../src/core/types.ts';
import { ClusterNode } from '../../src/machines/clusterNode.ts';
import type { NodeEnv } from '../../src/machines/nodeEnv.ts';
import { realClock } from '../../src/runtime/realClock.ts';
import { BroadcastChannelTransport } from '../../src/transport/index.ts';

const open: Array<{ node: ClusterNode; transport: BroadcastChannelTransport }> = [];
afterEach(() => {
  for (const { node, transport } of open.splice(0)) {
    node.stop();
    transport.close();
  }
});

function liveCluster(channelName: string) {
  const parsed = parseScenario({
    version: 1,
    nodes: 3,
    resources: [{ name: 'db', primary: 'n1', backups: ['n2', 'n3'] }],
    heartbeat: { intervalMs: 40, timeoutMs: 160 },
    costs: { orderlyShutdownMs: 200 },
    durationMs: 60_000,
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const trace: Array<Omit<TraceEvent, 't'>> = [];
  const invalid: string[] = [];
  const nodes = parsed.scenario.nodes.map((id) => {
    const transport = new BroadcastChannelTransport(id, new BroadcastChannel(channelName), (r) =>
      invalid.push(r),
    );
    const env: NodeEnv = {
      clock: realClock(),
      transport,
      scenario: parsed.scenario,
      clusterId: 'live-test',
      clusterKey: clusterKeyFromSeed(7),
      record: (e) => trace.push(e),
      fenceDevice: { powerOff: (_by, _target, done) => done(false) },
      requestAdmin: () => {},
      peerBack: () => {},
      changed: () => {},
      invalidMessage: (r) => invalid.push(r),
    };
    const node = new ClusterNode(id, env);
    open.push({ node, transport });
    return node;
  });
  for (const n of nodes) n.start();
  return { nodes, trace, invalid };
}

describe('live mode: ClusterNode over BroadcastChannel on a real clock', () => {
  it('a battery power loss on the primary: distress received, backup takes over, no administrator', async () => {
    const { nodes, trace } = liveCluster('mayday-live-1');
    const [n1, n2] = nodes;
    await vi.waitFor(() =>
      expect(trace.some((e) => e.kind === 'role.changed' && 'node' in e && e.node === 'n1')).toBe(true),
    );
    n1.failureImminent('power-loss-battery', 2000);
    await vi.waitFor(() => expect(n2.snapshot(null).roles.db).toBe('primary'), {
      timeout: 2000,
      interval: 10,
    });
    expect(trace).toContainEqual({ kind: 'peer.failed', node: 'n2', peer: 'n1', cause: 'distress' });
    expect(trace.filter((e) => e.kind === 'distress.sent')).toHaveLength(1);
    expect(n1.snapshot(null).roles.db).toBe('none');
  });

  it('garbage on the channel is rejected with a reason, counted, and changes nothing', async () => {
    const { nodes, invalid } = liveCluster('mayday-live-2');
    const attacker = new BroadcastChannel('mayday-live-2');
    attacker.postMessage({ to: null, message: { type: 'heartbeat', from: 'n9!', incarnation: -1 } });
    attacker.postMessage('hello');
    attacker.postMessage({
      to: null,
      message: { type: 'distress', from: 'n3', bytes: new Uint8Array([1, 2, 3]) },
    });
    await vi.waitFor(() => expect(invalid.length).toBeGreaterThanOrEqual(6), { timeout: 2000, interval: 10 });
    attacker.close();
    expect(invalid.some((r) => r.startsWith('message.from'))).toBe(true);
    expect(nodes.every((n) => n.state.startsWith('healthy'))).toBe(true);
    expect(nodes[0].snapshot(null).roles.db).toBe('primary');
  });
});
