// A NodeEnv for testing one node's parts on their own: a virtual clock, a transport that only
// records what is sent, and a trace list. Messages to the node are delivered by hand (`deliver`).
import { clusterKeyFromSeed } from '../../src/core/distressSignal.ts';
import type { Transport } from '../../src/core/ports.ts';
import { parseScenario } from '../../src/core/scenario.ts';
import type { Message, NodeId, Scenario } from '../../src/core/types.ts';
import { NodeClock } from '../../src/machines/nodeClock.ts';
import type { NodeEnv, TraceBody } from '../../src/machines/nodeEnv.ts';
import { VirtualClock } from '../../src/sim/virtualClock.ts';

export interface Sent {
  t: number;
  to: NodeId | '*';
  message: Message;
}

export function fakeNodeEnv(fields: Record<string, unknown> = {}) {
  const parsed = parseScenario({
    version: 1,
    seed: 4,
    nodes: 5,
    resources: [{ name: 'db', primary: 'n1', backups: ['n2', 'n3'] }],
    durationMs: 600_000,
    ...fields,
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const scenario: Scenario = parsed.scenario;
  const clock = new VirtualClock();
  const sent: Sent[] = [];
  const trace: Array<TraceBody & { t: number }> = [];
  const admin: NodeId[] = [];
  let handler: (m: Message) => void = () => {};
  const transport: Transport = {
    send: (to, message) => void sent.push({ t: clock.now(), to, message }),
    broadcast: (message) => void sent.push({ t: clock.now(), to: '*', message }),
    onMessage: (h) => void (handler = h),
  };
  const env: NodeEnv = {
    clock,
    transport,
    scenario,
    clusterId: `mayday-${scenario.seed}`,
    clusterKey: clusterKeyFromSeed(scenario.seed),
    record: (e) => void trace.push({ t: clock.now(), ...e }),
    fenceDevice: { powerOff: (_by, _target, done) => clock.setTimeout(() => done(true), 100) },
    requestAdmin: (peer) => void admin.push(peer),
    peerBack: () => {},
    changed: () => {},
    invalidMessage: () => {},
  };
  return {
    env,
    clock,
    nodeClock: new NodeClock(clock),
    sent,
    trace,
    admin,
    deliver: (m: Message) => handler(m),
    /** What was sent of one type, as [to, time]. */
    sentOf: (type: Message['type']) => sent.filter((s) => s.message.type === type),
    kinds: () => trace.map((e) => e.kind),
  };
}
