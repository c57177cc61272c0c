import { assign, setup } from 'xstate';
import type { FailedCause } from '../core/types.ts';

export interface DetectorInput {
  peer: string;
  /** Retry window after the first timeout before a verdict (the retries of §0020). */
  retryMs: number;
  silenceMeansFailed: boolean;
}

export interface DetectorContext extends DetectorInput {
  cause: FailedCause | null;
  /** The peer's incarnation when it was judged failed: a later one has restarted. */
  failedIncarnation: number;
}

/**
 * Where news about a peer came from: this node saw it (`observed`, the default), another node
 * reported it (`adopted`), or this node's cluster decision concluded it (`decided`). Only what a
 * node observed itself is reported on to the others.
 */
export type VerdictSource = 'observed' | 'adopted' | 'decided';

export type DetectorEvent =
  | { type: 'peer.timeout' }
  | { type: 'peer.heard'; source?: VerdictSource }
  | { type: 'verdict.failed'; cause: FailedCause; incarnation: number; source?: VerdictSource }
  | { type: 'verdict.partitioned'; source?: VerdictSource }
  | { type: 'peer.rejoined' };

/** The source of the event that changed a belief (a timer's own transitions are observed). */
export function sourceOf(event: { type: string; source?: VerdictSource }): VerdictSource {
  return event.source ?? 'observed';
}

/**
 * What one node believes about one peer (§0019–§0020). Heartbeat bookkeeping stays in plain data
 * (STACK-NOTES: an actor event per heartbeat is too dear); only facts that change the belief come
 * here: a timeout, hearing the peer again, a distress, a verdict learned from another node.
 *
 * alive → suspect (retrying) → failed | partitioned. Silence alone never proves death: only the
 * `aggressive` policy turns it into `failed`; every other policy says `partitioned` (cause
 * unknown) and leaves the rest to the cluster decision.
 */
export const failureDetectorMachine = setup({
  types: {
    context: {} as DetectorContext,
    input: {} as DetectorInput,
    events: {} as DetectorEvent,
  },
  guards: {
    silenceMeansFailed: ({ context }) => context.silenceMeansFailed,
  },
  actions: {
    recordVerdict: assign(({ event }) =>
      event.type === 'verdict.failed' ? { cause: event.cause, failedIncarnation: event.incarnation } : {},
    ),
    recordTimeoutVerdict: assign({ cause: 'timeout' as FailedCause }),
    clearVerdict: assign({ cause: null }),
    // Provided by the node: trace the belief and act on it.
    believeAlive: () => {},
    believeSuspect: () => {},
    believeFailed: () => {},
    believePartitioned: () => {},
  },
  delays: {
    retryWindow: ({ context }) => context.retryMs,
  },
}).createMachine({
  id: 'failureDetector',
  context: ({ input }) => ({ ...input, cause: null, failedIncarnation: 0 }),
  initial: 'alive',
  on: {
    // Authoritative news (a verified distress, a fence, an administrator) wins from any belief.
    'verdict.failed': { target: '.failed', actions: 'recordVerdict' },
  },
  states: {
    alive: {
      on: {
        'peer.timeout': 'suspect',
        'verdict.partitioned': 'partitioned',
      },
    },
    suspect: {
      entry: 'believeSuspect',
      after: {
        retryWindow: [
          { guard: 'silenceMeansFailed', target: 'failed', actions: 'recordTimeoutVerdict' },
          { target: 'partitioned' },
        ],
      },
      on: {
        'peer.heard': { target: 'alive', actions: 'believeAlive' },
        'verdict.partitioned': 'partitioned',
      },
    },
    // Silent, cause unknown: it may be dead, or alive behind a partition.
    partitioned: {
      entry: 'believePartitioned',
      on: { 'peer.heard': { target: 'alive', actions: 'believeAlive' } },
    },
    // Failed stays failed until the peer rejoins: a node judged dead must not drift back in.
    failed: {
      entry: 'believeFailed',
      on: {
        'peer.rejoined': { target: 'alive', actions: ['clearVerdict', 'believeAlive'] },
        'verdict.failed': { actions: 'recordVerdict' },
      },
    },
  },
});
