import { relativeTrace, replayScenario, sessionStart, traceMetrics } from '../../core/liveSession.ts';
import type { RoomSettings } from '../../core/liveRoom.ts';
import type { ParseResult } from '../../core/scenario.ts';
import type { Metrics, ScenarioEvent, TraceEvent } from '../../core/types.ts';

export interface SessionFile {
  injected: ScenarioEvent[];
  replay: ParseResult;
  verdicts: string;
  /** The export (DESIGN §4.2 trace, times from the session's start), with the replayable scenario. */
  file: {
    version: 1;
    room: string;
    settings: RoomSettings;
    metrics: Metrics;
    scenario: unknown;
    events: TraceEvent[];
  };
}

/** The observer's view of a session: metrics, the export file and the Lab replay, from one merged trace. */
export function liveSession(
  room: string,
  settings: RoomSettings,
  events: readonly TraceEvent[],
  injected: ScenarioEvent[],
): SessionFile {
  const t0 = sessionStart(events, injected);
  const rel = relativeTrace(events, t0);
  const replay = replayScenario(settings, injected, t0);
  const counts = new Map<string, number>();
  for (const e of events) {
    if (e.kind === 'peer.failed')
      counts.set(`failed (${e.cause})`, (counts.get(`failed (${e.cause})`) ?? 0) + 1);
    if (e.kind === 'peer.partitioned') counts.set('partitioned', (counts.get('partitioned') ?? 0) + 1);
  }
  const verdicts = [...counts].map(([k, n]) => `${n} × ${k}`).join(', ') || 'none yet';
  return {
    injected,
    replay,
    verdicts,
    file: {
      version: 1,
      room,
      settings,
      metrics: traceMetrics(rel, settings),
      scenario: replay.ok ? replay.scenario : null,
      events: rel,
    },
  };
}
