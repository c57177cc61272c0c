// One trace event in words, for the divergence panel: the Lab's log sentence when there is one,
// and a plain line for message events (which the log does not tell).
import type { TraceEvent } from '../../core/types.ts';
import { sentence } from '../lab/logSentences.ts';
import { formatClock } from '../lab/format.ts';

export function describeEvent(e: TraceEvent | null): string {
  if (e === null) return 'nothing more: this run has no event here.';
  const at = `${formatClock(e.t, true)}: `;
  switch (e.kind) {
    case 'msg.sent':
      return `${at}${e.from} sends a ${e.type} message to ${e.to}.`;
    case 'msg.delivered':
      return `${at}${e.to} receives ${e.from}'s ${e.type} message.`;
    case 'msg.dropped':
      return `${at}${e.from}'s ${e.type} message to ${e.to} is lost (${e.reason}).`;
    default:
      return `${at}${sentence(e, { distressSentAt: new Map() }) ?? e.kind}`;
  }
}
