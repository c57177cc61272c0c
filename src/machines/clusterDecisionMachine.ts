import { and, setup } from 'xstate';
import type { FailedCause, Policy } from '../core/types.ts';

export interface DecisionInput {
  peer: string;
  policy: Policy;
  leaseMs: number;
  fenceRetryMs: number;
}

export type DecisionEvent =
  | { type: 'peer.silent' }
  | { type: 'peer.back' }
  | { type: 'peer.distress' }
  | { type: 'peer.fenced' }
  | { type: 'admin.markFailed' }
  | { type: 'admin.keepWaiting' }
  | { type: 'quorum.changed' }
  | { type: 'fence.succeeded' }
  | { type: 'fence.failed' }
  /** A majority answered the probe; `fencer` = this node is the one to run the fence device. */
  | { type: 'quorum.confirmed'; fencer: boolean }
  | { type: 'quorum.denied' };

/**
 * What a surviving node does about one silent peer, per policy (DESIGN §6). The peer's resources
 * fail over only once this machine reaches `failedOver`; a verified distress gets there at once
 * under every policy — the point of the patent.
 *
 * - manual: wait for an administrator ("Mark failed" / "Keep waiting").
 * - quorum: if a strict majority answers a probe, wait the peer's lease out, then declare it
 *   failed; without one, do nothing (the other side may be the majority).
 * - fencing: with a majority, power the peer off through the fence device (slow, can fail,
 *   retried); only a confirmed fence declares it failed.
 * - aggressive: silence is failure.
 */
export const clusterDecisionMachine = setup({
  types: {
    context: {} as DecisionInput,
    input: {} as DecisionInput,
    events: {} as DecisionEvent,
  },
  guards: {
    isManual: ({ context }) => context.policy === 'manual',
    isAggressive: ({ context }) => context.policy === 'aggressive',
    isFencing: ({ context }) => context.policy === 'fencing',
    // One fencer per side: the node that answered the probe says whether it is the one.
    isFencer: ({ event }) => event.type === 'quorum.confirmed' && event.fencer,
  },
  actions: {
    requestAdmin: () => {},
    confirmQuorum: () => {},
    startFence: () => {},
    declareFailed: (_, _params: { cause: FailedCause }) => {},
  },
  delays: {
    leaseWait: ({ context }) => context.leaseMs,
    fenceRetry: ({ context }) => context.fenceRetryMs,
  },
}).createMachine({
  id: 'clusterDecision',
  context: ({ input }) => input,
  initial: 'watching',
  on: {
    'peer.distress': {
      target: '.failedOver',
      actions: { type: 'declareFailed', params: { cause: 'distress' } },
    },
    'peer.fenced': { target: '.failedOver', actions: { type: 'declareFailed', params: { cause: 'fenced' } } },
    'admin.markFailed': {
      target: '.failedOver',
      actions: { type: 'declareFailed', params: { cause: 'admin' } },
    },
  },
  states: {
    watching: { on: { 'peer.silent': 'deciding' } },
    deciding: {
      always: [
        {
          guard: 'isAggressive',
          target: 'failedOver',
          actions: { type: 'declareFailed', params: { cause: 'timeout' } },
        },
        { guard: 'isManual', target: 'awaitingAdmin' },
        { target: 'majority' },
      ],
    },
    awaitingAdmin: {
      entry: 'requestAdmin',
      on: { 'peer.back': 'watching', 'admin.keepWaiting': {} },
    },
    // Not enough of the cluster in sight: failing over from here is how split brain starts.
    minority: {
      on: { 'peer.back': 'watching', 'quorum.changed': 'deciding' },
    },
    majority: {
      on: { 'peer.back': 'watching', 'quorum.changed': 'deciding' },
      initial: 'confirming',
      states: {
        // Beliefs lag behind a fresh partition: ask everyone, and count who answers.
        confirming: {
          entry: 'confirmQuorum',
          on: {
            'quorum.confirmed': [
              { guard: and(['isFencing', 'isFencer']), target: 'fencing' },
              { guard: 'isFencing', target: 'awaitingFence' },
              { target: 'waitingOutLease' },
            ],
            'quorum.denied': '#clusterDecision.minority',
          },
        },
        // The silent primary may still serve until its lease runs out by its own clock.
        waitingOutLease: {
          after: {
            leaseWait: {
              target: '#clusterDecision.failedOver',
              actions: { type: 'declareFailed', params: { cause: 'timeout' } },
            },
          },
        },
        fencing: {
          entry: 'startFence',
          on: {
            'fence.succeeded': {
              target: '#clusterDecision.failedOver',
              actions: { type: 'declareFailed', params: { cause: 'fenced' } },
            },
            'fence.failed': 'fenceFailed',
          },
        },
        fenceFailed: { after: { fenceRetry: 'fencing' } },
        // Another node of this side runs the fence; its report (`peer.fenced`) ends the wait. If no
        // report comes (the fencer died, or it lost its place), decide again.
        awaitingFence: { after: { fenceRetry: 'confirming' } },
      },
    },
    failedOver: {
      on: { 'peer.back': 'watching', 'peer.silent': {} },
    },
  },
});
