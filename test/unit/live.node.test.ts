// LiveNode on a real clock over a real BroadcastChannel (Node has one): the room forms, runs the
// same ClusterNode as the simulator, and survives what live tabs do to it. Waits on conditions.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type RoomSettings } from '../../src/core/liveRoom.ts';
import type { ScenarioEvent, TraceEvent } from '../../src/core/types.ts';
import { realClock } from '../../src/runtime/realClock.ts';
import { LiveNode } from '../../src/runtime/live/liveNode.ts';
import { ReadySender, type HeldDistress } from '../../src/runtime/live/readyDistress.ts';
import { RoomChannel } from '../../src/transport/roomChannel.ts';

const settings: RoomSettings = { ...DEFAULT_SETTINGS, nodes: 3, heartbeatMs: 50, timeoutMs: 200 };
const open: LiveNode[] = [];
const channels: BroadcastChannel[] = [];
afterEach(() => {
  for (const n of open.splice(0)) n.stop();
  for (const c of channels.splice(0)) c.close();
});
let rooms = 0;

function tab(room: string, id: string, key: Uint8Array, previousIncarnation: number | null = null) {
  const trace: TraceEvent[] = [];
  const injected: ScenarioEvent[] = [];
  const bc = new BroadcastChannel(`live-test/${room}`);
  channels.push(bc);
  const clock = realClock();
  const channel = new RoomChannel({
    self: id,
    sid: `${id}${Math.random().toString(36).slice(2)}`,
    key,
    channel: bc,
    now: clock.now,
  });
  // The distress task, as its own sender on its own channel (a Worker in the browser).
  const taskChannel = new BroadcastChannel(`live-test/${room}`);
  channels.push(taskChannel);
  const task = new ReadySender(`task${id}`, taskChannel);
  let ready: HeldDistress | null = null;
  const node = new LiveNode({
    id,
    room,
    key,
    settings,
    channel,
    clock,
    previousIncarnation,
    host: {
      recorded: (e) => trace.push(...e),
      injected: (e) => injected.push(e),
      changed: () => {},
      ready: (r) => (ready = r),
      // The dedicated task as its own sender, on its own channel (a Worker in the browser).
      distressTask: (held, _wire, left) => {
        task.hold({ node: id, ready: held });
        return {
          queue: (reason) => {
            if (task.send(reason, clock.now())) left(reason);
          },
          stop: () => task.hold(null),
        };
      },
      incarnation: () => {},
    },
  });
  open.push(node);
  node.begin();
  return { node, trace, injected, ready: () => ready };
}

function room(key = new Uint8Array(32).fill(3)) {
  const name = `r${rooms++}-${process.pid}`;
  const tabs = ['n1', 'n2', 'n3'].map((id) => tab(name, id, key));
  return { name, key, tabs };
}

const running = (t: { node: LiveNode }) => t.node.phase === 'running';

describe('LiveNode', () => {
  it('waits for every slot, then runs the cluster: n1 primary of db, everyone healthy', async () => {
    const { tabs } = room();
    await vi.waitFor(() => expect(tabs.every(running)).toBe(true), { timeout: 10_000, interval: 10 });
    expect(tabs[0].node.view().snapshot?.roles.db).toBe('primary');
    expect(tabs.map((t) => t.node.view().armed)).toEqual([true, true, true]);
    expect(tabs[0].ready()?.node).toBe('n1');
  });

  it('the async path is sent by the distress task; survivors fail over on the distress', async () => {
    const { tabs } = room();
    await vi.waitFor(() => expect(tabs.every(running)).toBe(true), { timeout: 10_000, interval: 10 });
    tabs[0].node.inject('power-loss-battery', 2000);
    await vi.waitFor(() => expect(tabs[1].node.view().snapshot?.roles.db).toBe('primary'), {
      timeout: 10_000,
      interval: 10,
    });
    // The trace leaves in batches (every 100 ms).
    await vi.waitFor(
      () =>
        expect(tabs[1].trace).toContainEqual(
          expect.objectContaining({ kind: 'peer.failed', peer: 'n1', cause: 'distress' }),
        ),
      { timeout: 10_000, interval: 10 },
    );
    expect(tabs[0].trace.find((e) => e.kind === 'distress.sent')).toMatchObject({ mode: 'async' });
    expect(tabs[0].injected).toEqual([
      expect.objectContaining({ kind: 'failure', type: 'power-loss-battery', warningMs: 2000 }),
    ]);
  });

  it('a tab that finds the room running is a node coming back: dead at its old incarnation, new one on rejoin', async () => {
    const r = room();
    await vi.waitFor(() => expect(r.tabs.every(running)).toBe(true), { timeout: 10_000, interval: 10 });
    r.tabs[2].node.stop(); // n3's page goes (its Worker with it)
    const back = tab(r.name, 'n3', r.key, 4);
    await vi.waitFor(() => expect(back.node.phase).toBe('down'), { timeout: 10_000, interval: 10 });
    expect(back.node.view().snapshot).toMatchObject({ truth: 'dead', incarnation: 4 });
    expect(back.node.view().armed).toBe(false);
    expect(back.node.rejoin()).toBe('n3 rejoined as incarnation 5');
    expect(back.node.view().snapshot?.lifecycle).toBe('healthy.member');
    expect(back.ready()?.node).toBe('n3');
  });

  it('a tab with another key never joins, and its administrator orders are refused and counted', async () => {
    const r = room();
    await vi.waitFor(() => expect(r.tabs.every(running)).toBe(true), { timeout: 10_000, interval: 10 });
    const intruder = tab(r.name, 'n2', new Uint8Array(32).fill(9));
    intruder.node.admin('mark-failed', 'n1');
    await vi.waitFor(() => expect(r.tabs[0].node.view().rejected.n2?.count ?? 0).toBeGreaterThan(0), {
      timeout: 10_000,
      interval: 10,
    });
    expect(intruder.node.phase).toBe('forming');
    expect(r.tabs[1].node.view().snapshot?.beliefs.n1 ?? 'alive').toBe('alive');
    expect(r.tabs.flatMap((t) => t.trace).some((e) => e.kind === 'admin.action')).toBe(false);
  });
});
