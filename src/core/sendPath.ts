// The one answer to "which task sends the distress, when does it leave, and is there time for an
// orderly shutdown?" (§0039–§0043, §0049). The lifecycle machine takes its path from here, the
// dedicated task and the current task take their costs from here, the node reports its timeline
// from here, and the experiment plots and RESULTS.md label their lines with it — so the drawing
// and the simulator cannot disagree.
import { preferredMode } from './catalogue.ts';
import type { Costs, ModeOption, SendMode } from './types.ts';

export interface SendPathQuestion {
  /** Failure type, as the node's OS names it (unknown types are allowed: §0049). */
  failure: string;
  /** Time from detection to death. */
  warningMs: number;
  /** The scenario's `options.mode`: 'auto' lets the failure type and the time decide. */
  mode: ModeOption;
  /** The message was built, encoded and signed at start-up (§0045). */
  preformed: boolean;
  costs: Costs;
  /** The distress signal is on; when off, nothing is sent and the node only shuts down. */
  distress?: boolean;
  /** When the failure was detected (virtual ms); 0 gives times relative to detection. */
  detectedAt?: number;
}

export interface SendPathAnswer {
  /** Which task sends (§0042 sync on the current task, §0043 async on the dedicated task); null = none. */
  path: SendMode | null;
  deathAt: number;
  /** When the distress is on the wire, if the node lives that long; null when nothing is sent. */
  leavesAt: number | null;
  /** When the orderly shutdown would finish: in parallel on the async path, after the send on the sync path. */
  shutdownDoneAt: number | null;
  leavesBeforeDeath: boolean;
  shutdownCompletes: boolean;
}

/** §0039–§0041: time for an orderly shutdown only when the failure type allows one and the warning covers it. */
export function hasTimeForOrderlyShutdown(failure: string, warningMs: number, costs: Costs): boolean {
  return preferredMode(failure) === 'async' && warningMs >= costs.orderlyShutdownMs;
}

/** The path the lifecycle machine takes: a forced mode, or §0049's rule (unknown or hurried → sync). */
export function chooseSendPath(failure: string, warningMs: number, mode: ModeOption, costs: Costs): SendMode {
  if (mode !== 'auto') return mode;
  return hasTimeForOrderlyShutdown(failure, warningMs, costs) ? 'async' : 'sync';
}

/** Work on the current task before the bytes are out: compose first when nothing was pre-formed. */
export function syncSendMs(preformed: boolean, costs: Costs): number {
  return (preformed ? 0 : costs.composeMs) + costs.sendMs;
}

/**
 * The dedicated task's steps, in order (§0043–§0044): wake, compose (only without a pre-formed
 * message), send. The task machine waits exactly these; kept apart so the times add up the same way.
 */
export function asyncSteps(preformed: boolean, costs: Costs): number[] {
  return preformed ? [costs.wakeTaskMs, costs.sendMs] : [costs.wakeTaskMs, costs.composeMs, costs.sendMs];
}

/**
 * What happens to a node that sees `failure` coming `warningMs` ahead. A tie with death goes to the
 * step that was already under way when the failure was seen (as in the simulator, which runs
 * same-instant events in the order they were scheduled): the current task's send, started at
 * detection, beats a death at the same instant; the dedicated task's last step, and a shutdown
 * started only after a sync send, do not.
 */
export function sendPath(q: SendPathQuestion): SendPathAnswer {
  const t = q.detectedAt ?? 0;
  const deathAt = t + q.warningMs;
  const shutdown = q.costs.orderlyShutdownMs;
  if (q.distress === false) {
    // The baseline: shutdown starts at once; survivors only ever see silence.
    const shutdownDoneAt = t + shutdown;
    return {
      path: null,
      deathAt,
      leavesAt: null,
      shutdownDoneAt,
      leavesBeforeDeath: false,
      shutdownCompletes: shutdownDoneAt <= deathAt,
    };
  }
  const path = chooseSendPath(q.failure, q.warningMs, q.mode, q.costs);
  if (path === 'sync') {
    const leavesAt = t + syncSendMs(q.preformed, q.costs);
    const shutdownDoneAt = leavesAt + shutdown;
    const leavesBeforeDeath = leavesAt <= deathAt;
    return {
      path,
      deathAt,
      leavesAt,
      shutdownDoneAt,
      leavesBeforeDeath,
      shutdownCompletes: leavesBeforeDeath && shutdownDoneAt < deathAt,
    };
  }
  // Added step by step, as the task's timers fire, so the float sums match the simulator's.
  const leavesAt = asyncSteps(q.preformed, q.costs).reduce((at, ms) => at + ms, t);
  const shutdownDoneAt = t + shutdown;
  return {
    path,
    deathAt,
    leavesAt,
    shutdownDoneAt,
    leavesBeforeDeath: leavesAt < deathAt,
    shutdownCompletes: shutdownDoneAt <= deathAt,
  };
}
