import { assign, emit, setup } from 'xstate';
import type { Costs } from '../core/types.ts';

export interface DistressTaskInput {
  costs: Costs;
  /** With a pre-formed message (§0045) nothing is built at failure time. */
  preformed: boolean;
}

interface DistressTaskContext extends DistressTaskInput {
  reason: string;
}

/** §0043: the current task queues the message (with its reason) and goes on with the shutdown. */
export type DistressTaskEvent = { type: 'distress.queue'; reason: string };

/** "Put the bytes on the wire now": whoever runs the task (machines/distressSender.ts) does it. */
export type DistressTaskEmitted = { type: 'distress.transmit'; reason: string };

/**
 * The dedicated distress task (§0043–§0044): one task created at node start that waits idle on its
 * own queue. Nothing else is ever queued to it, so when the async path hands it the message it runs
 * as soon as it is woken — dearer than the current task by the wake-up (`wakeTaskMs`), but the
 * current task is free meanwhile for the orderly shutdown. Its steps are core/sendPath.ts's
 * `asyncSteps`: wake, compose (only without a pre-formed message), send.
 */
export const distressTaskMachine = setup({
  types: {
    context: {} as DistressTaskContext,
    input: {} as DistressTaskInput,
    events: {} as DistressTaskEvent,
    emitted: {} as DistressTaskEmitted,
  },
  guards: {
    isPreformed: ({ context }) => context.preformed,
  },
  actions: {
    takeReason: assign({ reason: ({ event }) => event.reason }),
    transmit: emit(({ context }) => ({ type: 'distress.transmit' as const, reason: context.reason })),
  },
  delays: {
    wakeTask: ({ context }) => context.costs.wakeTaskMs,
    compose: ({ context }) => context.costs.composeMs,
    send: ({ context }) => context.costs.sendMs,
  },
}).createMachine({
  id: 'distressTask',
  context: ({ input }) => ({ ...input, reason: '' }),
  initial: 'idle',
  states: {
    idle: { on: { 'distress.queue': { target: 'waking', actions: 'takeReason' } } },
    waking: {
      after: {
        wakeTask: [{ guard: 'isPreformed', target: 'sending' }, { target: 'composing' }],
      },
    },
    // The pre-patent baseline: build, encode and sign while the node is already failing.
    composing: { after: { compose: 'sending' } },
    sending: { after: { send: { target: 'sent', actions: 'transmit' } } },
    // Not a final state: a node may see a second failure coming in the same life (a second warning
    // queues again). A final actor would be stopped, and XState warns about every event sent to it;
    // the task instead rests here, having sent its one distress, until the node stops it.
    sent: {},
  },
});
