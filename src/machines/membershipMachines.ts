import type { AnyActorRef } from 'xstate';
import type { FailedCause, NodeId } from '../core/types.ts';
import { clusterDecisionMachine } from './clusterDecisionMachine.ts';
import { failureDetectorMachine } from './failureDetectorMachine.ts';
import { prepared } from './prepare.ts';

/** What the detector and decision machines ask of a node's Membership. */
export interface MembershipActions {
  onSuspect(peer: NodeId): void;
  onAlive(peer: NodeId): void;
  onPartitioned(peer: NodeId): void;
  onFailed(peer: NodeId, cause: FailedCause): void;
  requestAdmin(peer: NodeId): void;
  confirmQuorumFor(peer: NodeId): void;
  startFence(peer: NodeId): void;
  declareFailed(peer: NodeId, cause: FailedCause): void;
}

// The machines' side effects, provided once for every node (`.provide()` per actor is costly);
// each action finds its node's Membership through the actor that runs it.
export const owners = new WeakMap<AnyActorRef, MembershipActions>();
const owner = (self: AnyActorRef): MembershipActions => owners.get(self)!;

export const detectorMachine = prepared(
  failureDetectorMachine.provide({
    actions: {
      believeSuspect: ({ context, self }) => owner(self).onSuspect(context.peer),
      believeAlive: ({ context, self }) => owner(self).onAlive(context.peer),
      believePartitioned: ({ context, self }) => owner(self).onPartitioned(context.peer),
      believeFailed: ({ context, self }) => owner(self).onFailed(context.peer, context.cause ?? 'timeout'),
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
