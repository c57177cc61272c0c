import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/core/liveRoom.ts';
import { relativeTrace, replayScenario, sessionStart, traceMetrics } from '../../src/core/liveSession.ts';
import type { ScenarioEvent, TraceEvent } from '../../src/core/types.ts';
import { Simulation } from '../../src/runtime/simulation.ts';

const T = 1_700_000_000_000; // a real tab's time base: epoch milliseconds
const settings = { ...DEFAULT_SETTINGS, nodes: 3, heartbeatMs: 200, timeoutMs: 800 };

describe('a live session as data', () => {
  it('metrics from a merged trace: the primary died at +1000, n2 serves from +1003: one failover of 3 ms', () => {
    const events: TraceEvent[] = [
      { t: T, kind: 'role.changed', node: 'n1', resource: 'db', role: 'primary' },
      { t: T + 1000, kind: 'distress.sent', node: 'n1', mode: 'sync', failure: 'power-loss' },
      { t: T + 1000, kind: 'node.died', node: 'n1', reason: 'tab closed' },
      { t: T + 1001, kind: 'distress.received', node: 'n2', from: 'n1' },
      { t: T + 1003, kind: 'role.changed', node: 'n2', resource: 'db', role: 'primary' },
      { t: T + 2000, kind: 'peer.alive', node: 'n3', peer: 'n2' },
    ];
    const m = traceMetrics(relativeTrace(events, sessionStart(events, [])), settings);
    expect(m.resources.db).toEqual({ unavailableMs: 3, splitBrainMs: 0, failovers: 1, failoverMs: [3] });
    expect(m.distress).toEqual({ sent: 1, delivered: 1, lost: 0, rejected: 0 });
  });

  it('a new primary while the old one still claims the role is split brain, not a failover', () => {
    const events: TraceEvent[] = [
      { t: 0, kind: 'role.changed', node: 'n1', resource: 'db', role: 'primary' },
      { t: 100, kind: 'role.changed', node: 'n2', resource: 'db', role: 'primary' },
      { t: 150, kind: 'role.changed', node: 'n1', resource: 'db', role: 'none' },
    ];
    expect(traceMetrics(events, settings).resources.db).toMatchObject({ splitBrainMs: 50, failovers: 1 });
  });

  it('the injected events replay in the simulator: same offsets, and the predicted failover happens', () => {
    const injected: ScenarioEvent[] = [
      { at: T + 500, kind: 'failure', node: 'n1', type: 'power-loss', warningMs: 16 },
      { at: T + 3000, kind: 'recover', node: 'n1' },
      { at: T + 3000, kind: 'rejoin', node: 'n1' },
    ];
    const r = replayScenario(settings, injected, T);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.events.map((e) => [e.at, e.kind])).toEqual([
      [500, 'failure'],
      [3000, 'recover'],
      [3000, 'rejoin'],
    ]);
    expect(r.scenario.heartbeat).toEqual({ intervalMs: 200, timeoutMs: 800 });
    const out = new Simulation(r.scenario).run();
    expect(out.events).toContainEqual(
      expect.objectContaining({ kind: 'peer.failed', peer: 'n1', cause: 'distress' }),
    );
    expect(out.metrics.resources.db.failovers).toBe(1);
  });
});
