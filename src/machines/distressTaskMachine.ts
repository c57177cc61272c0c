import { setup } from 'xstate';
import type { Costs } from '../core/types.ts';

/**
 * The dedicated distress task (§0043–§0044): one task object created at node start that waits
 * idle on its own queue. Nothing else is ever queued to it, so when the async path hands it the
 * message it runs as soon as it is woken — cheaper than a shared task, dearer than the current one.
 */
export interface DistressTaskInput {
  costs: Costs;
  /** With a pre-formed message (§0045) nothing is built at failure time. */
  preformed: boolean;
}

export type DistressTaskEvent = { type: 'distress.queue' };

export const distressTaskMachine = setup({
  types: {
    context: {} as DistressTaskInput,
    input: {} as DistressTaskInput,
    events: {} as DistressTaskEvent,
  },
  guards: {
    isPreformed: ({ context }) => context.preformed,
  },
  actions: {
    /** Puts the bytes on the wire; provided by the node. */
    transmitDistress: () => {},
  },
  delays: {
    wakeTask: ({ context }) => context.costs.wakeTaskMs,
    compose: ({ context }) => context.costs.composeMs,
    send: ({ context }) => context.costs.sendMs,
  },
}).createMachine({
  id: 'distressTask',
  context: ({ input }) => input,
  initial: 'idle',
  states: {
    idle: { on: { 'distress.queue': 'waking' } },
    waking: {
      after: {
        wakeTask: [{ guard: 'isPreformed', target: 'sending' }, { target: 'composing' }],
      },
    },
    // The pre-patent baseline: build, encode and sign while the node is already failing.
    composing: { after: { compose: 'sending' } },
    sending: { after: { send: { target: 'sent', actions: 'transmitDistress' } } },
    sent: { type: 'final' },
  },
});
