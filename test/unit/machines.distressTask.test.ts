import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { sendPath } from '../../src/core/sendPath.ts';
import { distressTaskMachine } from '../../src/machines/distressTaskMachine.ts';
import type { Costs } from '../../src/core/types.ts';
import { VirtualClock } from '../../src/sim/virtualClock.ts';

// The dedicated distress task (§0043–§0044) on a simulated clock: idle until the async path hands
// it the message, then wake → (compose) → send, each step costing its modelled time.

const COSTS: Costs = { sendMs: 0.05, wakeTaskMs: 1, composeMs: 20, orderlyShutdownMs: 3000 };

function start(preformed: boolean) {
  const clock = new VirtualClock();
  const sent: number[] = [];
  const reasons: string[] = [];
  const task = createActor(distressTaskMachine, { clock, input: { costs: COSTS, preformed } });
  task.on('distress.transmit', ({ reason }) => {
    sent.push(clock.now());
    reasons.push(reason);
  });
  task.start();
  return { clock, task, sent, reasons, state: () => task.getSnapshot().value };
}

const QUEUE = { type: 'distress.queue', reason: 'power-loss-battery' } as const;

describe('dedicated distress task', () => {
  it('waits idle, sending nothing, for as long as nothing is queued (§0044)', () => {
    const { clock, state, sent } = start(true);
    clock.runUntil(3_600_000);
    expect(state()).toBe('idle');
    expect(sent).toEqual([]);
    expect(clock.pending).toBe(0);
  });

  it('pre-formed: the message leaves wakeTaskMs + sendMs after it is queued, not before', () => {
    const { clock, task, state, sent, reasons } = start(true);
    clock.runUntil(50);
    task.send(QUEUE);
    expect(state()).toBe('waking');
    clock.runUntil(50 + COSTS.wakeTaskMs);
    expect(state()).toBe('sending');
    const leavesAt = 50 + COSTS.wakeTaskMs + COSTS.sendMs;
    clock.runUntil(leavesAt - 0.001);
    expect(sent).toEqual([]);
    clock.runUntil(leavesAt);
    expect(sent).toEqual([leavesAt]);
    expect(reasons).toEqual(['power-loss-battery']);
    expect(state()).toBe('sent');
    expect(task.getSnapshot().status).toBe('active'); // resting, not final: a second queue is ignored quietly
  });

  it('composed at failure time: wake, then composeMs of building and signing, then send', () => {
    const { clock, task, state, sent } = start(false);
    clock.runUntil(50);
    task.send(QUEUE);
    clock.runUntil(50 + COSTS.wakeTaskMs);
    expect(state()).toBe('composing');
    const leavesAt = 50 + COSTS.wakeTaskMs + COSTS.composeMs + COSTS.sendMs;
    clock.runUntil(leavesAt - 0.001);
    expect(sent).toEqual([]);
    clock.runUntil(leavesAt + 1);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeCloseTo(leavesAt, 9);
  });

  it('leaves exactly when core/sendPath says the async path leaves, pre-formed or composed', () => {
    for (const preformed of [true, false]) {
      const { clock, task, sent } = start(preformed);
      clock.runUntil(1234.5);
      task.send(QUEUE);
      clock.runUntil(5000);
      const plan = sendPath({
        failure: 'power-loss-battery',
        warningMs: 60_000,
        mode: 'async',
        preformed,
        costs: COSTS,
        detectedAt: 1234.5,
      });
      expect(sent).toEqual([plan.leavesAt]);
    }
  });

  it('queued twice, it still sends one message', () => {
    const { clock, task, sent } = start(true);
    task.send(QUEUE);
    clock.runUntil(0.5);
    task.send(QUEUE);
    clock.runUntil(100);
    task.send(QUEUE);
    clock.runUntil(200);
    expect(sent).toHaveLength(1);
  });

  it('stopped (the node died) before it sends: nothing leaves', () => {
    const { clock, task, sent } = start(true);
    task.send(QUEUE);
    clock.runUntil(0.5);
    task.stop();
    clock.runUntil(100);
    expect(sent).toEqual([]);
  });
});
