import { assign, enqueueActions, setup } from 'xstate';
import { chooseSendPath, syncSendMs } from '../core/sendPath.ts';
import type { Costs, DistressOptions } from '../core/types.ts';

export interface LifecycleInput {
  node: string;
  distress: boolean;
  options: DistressOptions;
  costs: Costs;
}

export interface ImminentFailure {
  type: string;
  warningMs: number;
  detectedAt: number;
}

export interface LifecycleContext extends LifecycleInput {
  failure: ImminentFailure | null;
  /** Which path the distress took (§0038): decides who runs the orderly shutdown. */
  path: 'sync' | 'async' | null;
  rolesDropped: boolean;
}

export type LifecycleEvent =
  | { type: 'failure.imminent'; failure: ImminentFailure }
  | { type: 'distress.left' }
  | { type: 'shutdown.done' }
  | { type: 'power.lost' }
  | { type: 'node.crash' }
  | { type: 'node.pause' }
  | { type: 'node.resume' }
  | { type: 'node.recover' }
  | { type: 'node.rejoin' }
  | { type: 'cluster.evicted' }
  | { type: 'quorum.lost' }
  | { type: 'quorum.regained' };

/** Power or the OS goes while the distress is still being sent: it never leaves (counted as lost). */
const DEATH_BEFORE_IT_LEFT = {
  'power.lost': { target: '#nodeLifecycle.dead', actions: 'reportDistressLost' },
  'node.crash': { target: '#nodeLifecycle.dead', actions: 'reportDistressLost' },
} as const;

/**
 * One node's life, in the words of the patent (§0046–§0052):
 * healthy → impendingFailure (classify, then send the pre-formed distress sync on the current
 * task or async through the dedicated task) → distressSent → fenced (every role dropped, out of
 * the cluster) → dead; after recovery it stays offline until it explicitly rejoins (§0052).
 * This machine decides; the sending itself is machines/distressSender.ts, and the choice of path
 * and its timing come from core/sendPath.ts.
 */
export const nodeLifecycleMachine = setup({
  types: {
    context: {} as LifecycleContext,
    input: {} as LifecycleInput,
    events: {} as LifecycleEvent,
  },
  guards: {
    distressIsOff: ({ context }) => !context.distress,
    // §0049: an unknown type, or too little time, is sent synchronously (core/sendPath.ts decides).
    mustSendSync: ({ context: { failure, options, costs } }) =>
      failure === null || chooseSendPath(failure.type, failure.warningMs, options.mode, costs) === 'sync',
    demotesBeforeSend: ({ context }) => context.distress && context.options.demoteBeforeSend,
    rolesAlreadyDropped: ({ context }) => context.rolesDropped,
    tookSyncPath: ({ context }) => context.path === 'sync',
  },
  actions: {
    recordFailure: assign({
      failure: ({ event }) => (event.type === 'failure.imminent' ? event.failure : null),
    }),
    markRolesDropped: assign({ rolesDropped: true }),
    takeSyncPath: assign({ path: 'sync' as const }),
    takeAsyncPath: assign({ path: 'async' as const }),
    clearFailure: assign({ failure: null, path: null, rolesDropped: false }),
    // Side effects, provided by the node (ClusterNode) or by a test.
    dropAllRoles: () => {},
    sendDistressSync: () => {},
    handToDistressTask: () => {},
    startOrderlyShutdown: () => {},
    leaveCluster: () => {},
    reportDistressLost: () => {},
    die: () => {},
    recover: () => {},
    announceJoin: () => {},
  },
  delays: {
    // Sync: the current task sends (composing first if nothing was pre-formed) and does nothing else.
    syncSendCost: ({ context }) => syncSendMs(context.options.preformed, context.costs),
  },
}).createMachine({
  id: 'nodeLifecycle',
  context: ({ input }) => ({ ...input, failure: null, path: null, rolesDropped: false }),
  initial: 'healthy',
  on: {
    'node.crash': { target: '.dead' },
  },
  states: {
    healthy: {
      initial: 'member',
      states: {
        member: { on: { 'quorum.lost': 'lostQuorum' } },
        // Cut off from a majority: under quorum policies this side may not fail anything over.
        lostQuorum: { on: { 'quorum.regained': 'member' } },
      },
      on: {
        'failure.imminent': { target: 'impendingFailure', actions: 'recordFailure' },
        'node.pause': 'paused',
        'cluster.evicted': { target: 'offline', actions: ['dropAllRoles', 'leaveCluster'] },
        'power.lost': 'dead',
      },
    },
    // A GC pause or SIGSTOP: nothing sent or received; it resumes by itself.
    paused: {
      on: {
        'node.resume': 'healthy',
        'power.lost': 'dead',
      },
    },
    impendingFailure: {
      // Mayday's safety option: stop serving before the distress leaves (DESIGN §6).
      entry: enqueueActions(({ enqueue, check }) => {
        if (check('demotesBeforeSend')) {
          enqueue('dropAllRoles');
          enqueue('markRolesDropped');
        }
      }),
      initial: 'classifying',
      states: {
        classifying: {
          always: [
            { guard: 'distressIsOff', target: 'noDistress' },
            { guard: 'mustSendSync', target: 'sendingDistressSync' },
            { target: 'sendingDistressAsync' },
          ],
        },
        // §0042: on the current task; every other action waits until the message is out.
        sendingDistressSync: {
          entry: 'takeSyncPath',
          on: DEATH_BEFORE_IT_LEFT,
          after: {
            syncSendCost: { target: '#nodeLifecycle.distressSent', actions: 'sendDistressSync' },
          },
        },
        // §0043: queued to the idle dedicated task; the current task goes on shutting down.
        sendingDistressAsync: {
          entry: ['takeAsyncPath', 'handToDistressTask', 'startOrderlyShutdown'],
          on: { 'distress.left': '#nodeLifecycle.distressSent', ...DEATH_BEFORE_IT_LEFT },
        },
        // Distress off (the baseline): the node just shuts down; survivors only see silence.
        noDistress: {
          entry: 'startOrderlyShutdown',
          on: {
            'shutdown.done': { target: '#nodeLifecycle.fenced', actions: 'dropAllRoles' },
            'power.lost': '#nodeLifecycle.dead',
          },
        },
      },
    },
    distressSent: {
      // Sync: the current task was busy sending; only now does it start the shutdown work.
      entry: enqueueActions(({ enqueue, check }) => {
        if (check('tookSyncPath')) enqueue('startOrderlyShutdown');
      }),
      always: [{ guard: 'rolesAlreadyDropped', target: 'fenced' }],
      on: {
        // Without demoteBeforeSend the services stop only when the orderly shutdown stops them.
        'shutdown.done': { target: 'fenced', actions: ['dropAllRoles', 'markRolesDropped'] },
        'power.lost': 'dead',
      },
    },
    // §0052: every primary and backup role dropped; the node has removed itself.
    fenced: {
      entry: 'leaveCluster',
      on: { 'power.lost': 'dead' },
    },
    dead: {
      entry: 'die',
      on: {
        'node.recover': { target: 'offline', actions: ['clearFailure', 'recover'] },
        'node.crash': {},
      },
    },
    // Recovered (or evicted) but not a member: it must not take any role back by itself (§0052).
    offline: {
      on: {
        'node.rejoin': 'rejoining',
        'power.lost': 'dead',
        'failure.imminent': {},
      },
    },
    rejoining: {
      entry: 'announceJoin',
      // The node then starts its new life (ClusterNode.rejoin): a new task, roles as last backup.
      always: { target: 'healthy', actions: 'clearFailure' },
    },
  },
});
