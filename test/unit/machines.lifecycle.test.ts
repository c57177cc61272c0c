import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { hasTimeForOrderlyShutdown } from '../../src/core/sendPath.ts';
import {
  nodeLifecycleMachine,
  type LifecycleEvent,
  type LifecycleInput,
} from '../../src/machines/nodeLifecycleMachine.ts';
import type { Costs, DistressOptions } from '../../src/core/types.ts';
import { VirtualClock } from '../../src/sim/virtualClock.ts';

// The node lifecycle (§0046–§0052) on a simulated clock: every side effect is a spy that logs the
// virtual time it ran at, so each test reads as "what the node did, in order, and when".

const COSTS: Costs = { sendMs: 0.05, wakeTaskMs: 1, composeMs: 20, orderlyShutdownMs: 3000 };
const OPTIONS: DistressOptions = { preformed: true, mode: 'auto', demoteBeforeSend: true };

const SIDE_EFFECTS = [
  'dropAllRoles',
  'sendDistressSync',
  'handToDistressTask',
  'startOrderlyShutdown',
  'leaveCluster',
  'reportDistressLost',
  'die',
  'recover',
  'announceJoin',
] as const;
type SideEffect = (typeof SIDE_EFFECTS)[number];

interface Setup {
  distress?: boolean;
  options?: Partial<DistressOptions>;
  costs?: Partial<Costs>;
}

function start({ distress = true, options = {}, costs = {} }: Setup = {}) {
  const clock = new VirtualClock();
  const calls: Array<{ t: number; action: SideEffect }> = [];
  const spies = Object.fromEntries(
    SIDE_EFFECTS.map((action) => [action, () => void calls.push({ t: clock.now(), action })]),
  ) as Record<SideEffect, () => void>;
  const input: LifecycleInput = {
    node: 'n1',
    distress,
    options: { ...OPTIONS, ...options },
    costs: { ...COSTS, ...costs },
  };
  const actor = createActor(nodeLifecycleMachine.provide({ actions: spies }), { clock, input }).start();
  return {
    clock,
    actor,
    costs: input.costs,
    send: (event: LifecycleEvent) => actor.send(event),
    /** The failure the node's OS sees coming, detected now. */
    fail: (type: string, warningMs: number) =>
      actor.send({ type: 'failure.imminent', failure: { type, warningMs, detectedAt: clock.now() } }),
    state: () => actor.getSnapshot().value,
    actions: () => calls.map((c) => c.action),
    calls,
  };
}

describe('node lifecycle: sync path (§0042, current task)', () => {
  it('sends the pre-formed distress exactly sendMs after detection, not before, then starts the shutdown', () => {
    const node = start();
    node.clock.runUntil(100);
    node.fail('power-loss', 16);
    expect(node.state()).toEqual({ impendingFailure: 'sendingDistressSync' });
    expect(node.calls).toEqual([{ t: 100, action: 'dropAllRoles' }]);

    node.clock.runUntil(100.049);
    expect(node.actions()).not.toContain('sendDistressSync');

    node.clock.runUntil(101);
    const sentAt = 100 + node.costs.sendMs;
    expect(node.calls).toEqual([
      { t: 100, action: 'dropAllRoles' },
      { t: sentAt, action: 'sendDistressSync' },
      { t: sentAt, action: 'startOrderlyShutdown' },
      { t: sentAt, action: 'leaveCluster' },
    ]);
    expect(node.state()).toBe('fenced');
  });

  it('composing at failure time (not pre-formed) adds composeMs before the message leaves', () => {
    const node = start({ options: { preformed: false } });
    node.clock.runUntil(100);
    node.fail('power-loss', 30);
    const sentAt = 100 + (node.costs.composeMs + node.costs.sendMs);
    node.clock.runUntil(sentAt - 0.001);
    expect(node.actions()).toEqual(['dropAllRoles']);
    node.clock.runUntil(sentAt);
    expect(node.calls.find((c) => c.action === 'sendDistressSync')).toEqual({
      t: sentAt,
      action: 'sendDistressSync',
    });
  });

  it('a warning shorter than the orderly shutdown goes sync even for a failure that prefers async', () => {
    const node = start();
    node.fail('power-loss-battery', 2999);
    expect(node.state()).toEqual({ impendingFailure: 'sendingDistressSync' });
    expect(node.actions()).not.toContain('handToDistressTask');
  });

  it('an unknown failure type is sent sync, however much warning it gives (§0049)', () => {
    const node = start();
    node.fail('cosmic-ray-bit-flip', 600_000);
    expect(node.state()).toEqual({ impendingFailure: 'sendingDistressSync' });
    node.clock.runUntil(1);
    expect(node.actions()).toEqual([
      'dropAllRoles',
      'sendDistressSync',
      'startOrderlyShutdown',
      'leaveCluster',
    ]);
  });

  it('mode "sync" forces the current task even when the battery leaves minutes', () => {
    const node = start({ options: { mode: 'sync' } });
    node.fail('power-loss-battery', 600_000);
    expect(node.state()).toEqual({ impendingFailure: 'sendingDistressSync' });
  });
});

describe('node lifecycle: async path (§0043, dedicated task)', () => {
  it('hands the message to the distress task and starts the orderly shutdown at once', () => {
    const node = start();
    node.clock.runUntil(100);
    node.fail('power-loss-battery', 60_000);
    expect(node.state()).toEqual({ impendingFailure: 'sendingDistressAsync' });
    expect(node.calls).toEqual([
      { t: 100, action: 'dropAllRoles' },
      { t: 100, action: 'handToDistressTask' },
      { t: 100, action: 'startOrderlyShutdown' },
    ]);
    node.clock.runUntil(60_000);
    expect(node.actions()).not.toContain('sendDistressSync');

    // The task reports the message out: the node, already demoted, has removed itself.
    node.send({ type: 'distress.left' });
    expect(node.state()).toBe('fenced');
    expect(node.actions().at(-1)).toBe('leaveCluster');
    expect(node.actions().filter((a) => a === 'startOrderlyShutdown')).toHaveLength(1);
  });

  it('mode "async" forces the dedicated task even for a 16 ms power loss', () => {
    const node = start({ options: { mode: 'async' } });
    node.fail('power-loss', 16);
    expect(node.state()).toEqual({ impendingFailure: 'sendingDistressAsync' });
    expect(node.actions()).toEqual(['dropAllRoles', 'handToDistressTask', 'startOrderlyShutdown']);
  });

  it('hasTimeForOrderlyShutdown: only an async-type failure with at least orderlyShutdownMs of warning', () => {
    const at = (type: string, warningMs: number) => hasTimeForOrderlyShutdown(type, warningMs, COSTS);
    expect(at('power-loss-battery', 3000)).toBe(true);
    expect(at('disk-failing', 20_000)).toBe(true);
    expect(at('power-loss-battery', 2999)).toBe(false);
    expect(at('power-loss', 600_000)).toBe(false);
    expect(at('no-such-type', 600_000)).toBe(false);
  });
});

describe('node lifecycle: demoteBeforeSend', () => {
  it('on: roles drop when the failure is detected, before any message leaves', () => {
    const node = start();
    node.fail('power-loss', 16);
    expect(node.actions()[0]).toBe('dropAllRoles');
  });

  it('off, async: the node keeps its roles after the distress leaves, until shutdown.done', () => {
    const node = start({ options: { demoteBeforeSend: false } });
    node.fail('power-loss-battery', 60_000);
    expect(node.actions()).toEqual(['handToDistressTask', 'startOrderlyShutdown']);
    node.send({ type: 'distress.left' });
    expect(node.state()).toBe('distressSent');
    expect(node.actions()).not.toContain('dropAllRoles');

    node.clock.runUntil(3000);
    node.send({ type: 'shutdown.done' });
    expect(node.state()).toBe('fenced');
    expect(node.calls.slice(-2)).toEqual([
      { t: 3000, action: 'dropAllRoles' },
      { t: 3000, action: 'leaveCluster' },
    ]);
  });

  it('off, sync: the message leaves, the shutdown starts, and roles drop only at shutdown.done', () => {
    const node = start({ options: { demoteBeforeSend: false } });
    node.fail('power-loss', 16);
    node.clock.runUntil(1);
    expect(node.actions()).toEqual(['sendDistressSync', 'startOrderlyShutdown']);
    expect(node.state()).toBe('distressSent');
    node.send({ type: 'shutdown.done' });
    expect(node.actions()).toEqual([
      'sendDistressSync',
      'startOrderlyShutdown',
      'dropAllRoles',
      'leaveCluster',
    ]);
  });

  it('distress off (the baseline): no message at all; the node just shuts down, then drops its roles', () => {
    const node = start({ distress: false });
    node.fail('power-loss-battery', 60_000);
    expect(node.state()).toEqual({ impendingFailure: 'noDistress' });
    expect(node.actions()).toEqual(['startOrderlyShutdown']);
    node.send({ type: 'shutdown.done' });
    expect(node.state()).toBe('fenced');
    expect(node.actions()).toEqual(['startOrderlyShutdown', 'dropAllRoles', 'leaveCluster']);
  });
});

describe('node lifecycle: death before the message leaves', () => {
  it('power lost while composing the sync message: reportDistressLost, die, and the message never leaves', () => {
    const node = start({ options: { preformed: false } });
    node.fail('power-loss', 16);
    node.clock.runUntil(10);
    node.send({ type: 'power.lost' });
    expect(node.state()).toBe('dead');
    expect(node.calls.slice(1)).toEqual([
      { t: 10, action: 'reportDistressLost' },
      { t: 10, action: 'die' },
    ]);
    node.clock.runUntil(1000);
    expect(node.actions()).not.toContain('sendDistressSync');
  });

  it('power lost while the dedicated task is still waking: reportDistressLost and dead', () => {
    const node = start();
    node.fail('power-loss-battery', 60_000);
    node.send({ type: 'power.lost' });
    expect(node.state()).toBe('dead');
    expect(node.actions().slice(-2)).toEqual(['reportDistressLost', 'die']);
  });

  it('an instant crash while sending is also a lost distress', () => {
    const node = start();
    node.fail('os-crash', 5);
    node.send({ type: 'node.crash' });
    expect(node.state()).toBe('dead');
    expect(node.actions()).toEqual(['dropAllRoles', 'reportDistressLost', 'die']);
  });

  it('power lost after the message left is a plain death, not a lost distress', () => {
    const node = start();
    node.fail('power-loss', 16);
    node.clock.runUntil(16);
    node.send({ type: 'power.lost' });
    expect(node.state()).toBe('dead');
    expect(node.actions()).not.toContain('reportDistressLost');
  });
});

describe('node lifecycle: after death (§0052)', () => {
  function deadNode() {
    const node = start();
    node.fail('power-loss', 16);
    node.clock.runUntil(16);
    node.send({ type: 'power.lost' });
    node.calls.length = 0;
    return node;
  }

  it('recover → offline, not healthy: it takes nothing back and ignores new failures', () => {
    const node = deadNode();
    node.send({ type: 'node.recover' });
    expect(node.state()).toBe('offline');
    expect(node.actions()).toEqual(['recover']);
    expect(node.actor.getSnapshot().context.failure).toBeNull();
    node.fail('power-loss', 16);
    node.clock.runUntil(100_000);
    expect(node.state()).toBe('offline');
    expect(node.actions()).toEqual(['recover']);
  });

  it('rejoin only from offline: dead ignores it; offline → rejoining → healthy', () => {
    const node = deadNode();
    node.send({ type: 'node.rejoin' });
    expect(node.state()).toBe('dead');
    node.send({ type: 'node.recover' });
    node.send({ type: 'node.rejoin' });
    expect(node.state()).toEqual({ healthy: 'member' });
    expect(node.actions()).toEqual(['recover', 'announceJoin']);
    const { failure, path, rolesDropped } = node.actor.getSnapshot().context;
    expect({ failure, path, rolesDropped }).toEqual({ failure: null, path: null, rolesDropped: false });
  });

  it('after a rejoin the node fails and sends its distress again', () => {
    const node = deadNode();
    node.send({ type: 'node.recover' });
    node.send({ type: 'node.rejoin' });
    node.fail('power-loss-battery', 60_000);
    expect(node.state()).toEqual({ impendingFailure: 'sendingDistressAsync' });
  });

  it('a power loss while offline kills the node again', () => {
    const node = deadNode();
    node.send({ type: 'node.recover' });
    node.send({ type: 'power.lost' });
    expect(node.state()).toBe('dead');
  });

  it('a crash of a node that is already dead does not make it die twice', () => {
    // Kept to document the machine: the root `node.crash` re-enters `dead`, so `die` runs again
    // (the Simulation refuses to crash a dead node, so no run shows two `node.died` today).
    const node = deadNode();
    node.send({ type: 'node.crash' });
    expect(node.actions()).toEqual([]);
  });
});

describe('node lifecycle: pause, eviction, quorum', () => {
  it('pause and resume: paused while frozen, healthy again after; a power loss while paused kills it', () => {
    const node = start();
    node.send({ type: 'node.pause' });
    expect(node.state()).toBe('paused');
    node.send({ type: 'node.resume' });
    expect(node.state()).toEqual({ healthy: 'member' });
    node.send({ type: 'node.pause' });
    node.send({ type: 'power.lost' });
    expect(node.state()).toBe('dead');
    expect(node.actions()).toEqual(['die']);
  });

  it('evicted by the majority: drops every role and goes offline, until it rejoins', () => {
    const node = start();
    node.send({ type: 'cluster.evicted' });
    expect(node.state()).toBe('offline');
    expect(node.actions()).toEqual(['dropAllRoles', 'leaveCluster']);
    node.send({ type: 'node.rejoin' });
    expect(node.state()).toEqual({ healthy: 'member' });
  });

  it('quorum lost and regained: healthy.lostQuorum ⇄ healthy.member, no side effect', () => {
    const node = start();
    node.send({ type: 'quorum.lost' });
    expect(node.state()).toEqual({ healthy: 'lostQuorum' });
    node.send({ type: 'quorum.regained' });
    expect(node.state()).toEqual({ healthy: 'member' });
    expect(node.actions()).toEqual([]);
  });

  it('a crash from healthy: dead at once, no distress, nothing reported lost', () => {
    const node = start();
    node.send({ type: 'node.crash' });
    expect(node.state()).toBe('dead');
    expect(node.actions()).toEqual(['die']);
  });
});
