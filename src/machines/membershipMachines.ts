import type { AnyActorRef } from 'xstate';
import type { FailedCause, NodeId } from '../core/types.ts';
import { clusterDecisionMachine } from './clusterDecisionMachine.ts';
import { failureDetectorMachine, sourceOf, type VerdictSource } from './failureDetectorMachine.ts';

export type { VerdictSource };
import { prepared } from './prepare.ts';

/** What the detector and decision machines ask of a node's verdicts (peerVerdicts.ts). */
export interface MembershipActions {
  onSuspect(peer: NodeId): void;
  onAlive(peer: NodeId, source: VerdictSource): void;
  onPartitioned(peer: NodeId, source: VerdictSource): void;
  onFailed(peer: NodeId, cause: FailedCause, source: VerdictSource): void;
  requestAdmin(peer: NodeId): void;
  confirmQuorumFor(peer: NodeId): void;
  startFence(peer: NodeId): void;
  declareFailed(peer: NodeId, cause: FailedCause): void;
}

// The machines' side effects, provided once for every node (`.provide()` per actor is costly);
// each action finds its node's verdicts through the actor that runs it.
export const owners = new WeakMap<AnyActorRef, MembershipActions>();
const owner = (self: AnyActorRef): MembershipActions => owners.get(self)!;

export const detectorMachine = prepared(
  failureDetectorMachine.provide({
    actions: {
      believeSuspect: ({ context, self }) => owner(self).onSuspect(context.peer),
      believeAlive: ({ context, event, self }) => owner(self).onAlive(context.peer, sourceOf(event)),
      believePartitioned: ({ context, event, self }) =>
        owner(self).onPartitioned(context.peer, sourceOf(event)),
      believeFailed: ({ context, event, self }) =>
        owner(self).onFailed(context.peer, context.cause ?? 'timeout', sourceOf(event)),
    },
  }),
);

export const decisionMachine = prepared(
  clusterDecisionMachine.provide({
    actions: {
      requestAdmin: ({ context, self }) => owner(self).requestAdmin(context.peer),
      confirmQuorum: ({ context, self }) => owner(self).confirmQuorumFor(context.peer),
      startFence: ({ context, self }) => owner(self).startFence(context.peer),
      declareFailed: ({ context, self }, params) => owner(self).declareFailed(context.peer, params.cause),
    },
  }),
);
