// A finished (or running) live session as data: its metrics from the merged trace, and the events
// that were injected into it as a scenario (DESIGN §4.1), so the Lab can replay what really happened.
import { MetricsTracker } from './metrics.ts';
import { roomScenario, type RoomSettings } from './liveRoom.ts';
import { parseScenario, type ParseResult } from './scenario.ts';
import type { Metrics, NodeId, Scenario, ScenarioEvent, TraceEvent } from './types.ts';

/** When the session started: its first event (every tab shares one time base). */
export function sessionStart(events: readonly TraceEvent[], injected: readonly ScenarioEvent[]): number {
  let t0 = Infinity;
  for (const e of events) t0 = Math.min(t0, e.t);
  for (const e of injected) t0 = Math.min(t0, e.at);
  return Number.isFinite(t0) ? t0 : 0;
}

/** The trace with times from the session's start, rounded to µs, for export and comparison. */
export function relativeTrace(events: readonly TraceEvent[], t0: number): TraceEvent[] {
  return events.map((e) => ({ ...e, t: Math.round((e.t - t0) * 1000) / 1000 }));
}

/**
 * The live session's injected events as a scenario for the Lab: the same room settings, the same
 * actions at the same offsets. What the simulator then predicts can be read beside what happened.
 */
export function replayScenario(
  settings: RoomSettings,
  injected: readonly ScenarioEvent[],
  t0: number,
): ParseResult {
  const base = roomScenario(settings);
  const events = injected
    .map((e) => ({ ...e, at: Math.max(0, Math.round(e.at - t0)) }))
    .sort((a, b) => a.at - b.at);
  const last = events.length ? events[events.length - 1].at : 0;
  const scenario: Scenario = {
    ...base,
    // The Lab's modelled costs: a real tab paid real ones, which the trace shows.
    costs: { sendMs: 0.05, wakeTaskMs: 0.5, composeMs: base.costs.composeMs, orderlyShutdownMs: 500 },
    events,
    durationMs: Math.max(10_000, last + 4 * settings.timeoutMs + 2000),
  };
  return parseScenario(JSON.parse(JSON.stringify(scenario)) as unknown);
}

/**
 * DESIGN §4.3 metrics of a live session, from its merged trace: a node acts as primary from its
 * `role.changed` to primary until it changes role, dies or fences itself. (The simulator also
 * checks leases; a live observer sees only what nodes record.)
 */
export function traceMetrics(events: readonly TraceEvent[], settings: RoomSettings): Metrics {
  const scenario = roomScenario(settings);
  const t0 = events.length ? events[0].t : 0;
  const tracker = new MetricsTracker(
    Object.fromEntries(scenario.resources.map((r) => [r.name, [r.primary]])),
    t0,
  );
  const primary = new Map<string, Set<NodeId>>(scenario.resources.map((r) => [r.name, new Set([r.primary])]));
  const update = (resource: string, t: number): void => {
    tracker.setActing(resource, [...(primary.get(resource) ?? [])].sort(), t);
  };
  for (const e of events) {
    tracker.observe(e);
    if (e.kind === 'role.changed' && primary.has(e.resource)) {
      const set = primary.get(e.resource)!;
      const had = set.has(e.node);
      if (e.role === 'primary') set.add(e.node);
      else set.delete(e.node);
      if (had !== (e.role === 'primary')) update(e.resource, e.t);
    } else if (e.kind === 'node.died' || e.kind === 'node.fenced' || e.kind === 'lease.lost') {
      for (const [name, set] of primary) {
        if (e.kind === 'lease.lost' && e.resource !== name) continue;
        if (set.delete(e.node)) update(name, e.t);
      }
    }
  }
  return tracker.metrics(events.length ? events[events.length - 1].t : t0);
}
