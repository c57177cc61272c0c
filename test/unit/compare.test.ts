// Compare: two settings of one scenario and seed — which metrics differ and where the runs part.
import { describe, expect, it } from 'vitest';
import { firstDivergence, metricDifferences } from '../../src/core/compare.ts';
import { parseScenario } from '../../src/core/scenario.ts';
import { applySettings, parseSetting, pathSteps } from '../../src/core/scenarioSet.ts';
import type { Scenario, TraceEvent } from '../../src/core/types.ts';
import { compareRuns } from '../../src/runtime/compareRuns.ts';

function battery(): Scenario {
  const r = parseScenario({
    version: 1,
    seed: 3,
    nodes: 5,
    resources: [{ name: 'db', primary: 'n1', backups: ['n2', 'n3'] }],
    durationMs: 30_000,
    events: [{ at: 8000, kind: 'failure', node: 'n1', type: 'power-loss-battery', warningMs: 5000 }],
  });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.scenario;
}

function set(s: Scenario, ...texts: string[]): Scenario {
  const r = applySettings(
    s,
    texts.map((t) => parseSetting(t)!),
  );
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.scenario;
}

describe('first divergence', () => {
  const ev = (t: number, node: string): TraceEvent => ({ t, kind: 'node.fenced', node });

  it('is the first event that differs, with its index and time', () => {
    const a = [ev(1, 'n1'), ev(2, 'n2'), ev(5, 'n3')];
    const b = [ev(1, 'n1'), ev(2, 'n2'), ev(4, 'n4'), ev(5, 'n3')];
    expect(firstDivergence(a, b)).toEqual({ index: 2, t: 4, a: ev(5, 'n3'), b: ev(4, 'n4') });
    expect(firstDivergence(a, a)).toBeNull();
    // One trace is a prefix of the other: they part where the shorter one ends.
    expect(firstDivergence(a.slice(0, 2), a)).toEqual({ index: 2, t: 5, a: null, b: ev(5, 'n3') });
  });

  it('on real runs, every event before it is the same and the one at it differs', () => {
    const s = battery();
    const r = compareRuns(s, set(s, 'distress=false'));
    const d = r.divergence!;
    expect(d).not.toBeNull();
    expect(r.a.events.slice(0, d.index)).toEqual(r.b.events.slice(0, d.index));
    expect(r.a.events[d.index]).not.toEqual(r.b.events[d.index]);
    // Nothing differs before the failure at 8 s; with distress on, run A sends it right then.
    expect(d.t).toBeGreaterThanOrEqual(8000);
    expect(d.t).toBeLessThan(8100);
  });
});

describe('compare runs', () => {
  it('distress on/off on a battery failure: the metrics differ (failover without an admin)', () => {
    const s = battery();
    const r = compareRuns(s, set(s, 'distress=false'));
    const paths = r.differences.map((d) => d.path);
    expect(paths).toContain('distress.sent');
    expect(paths).toContain('resources.db.unavailableMs');
    const sent = r.differences.find((d) => d.path === 'distress.sent')!;
    expect(sent).toMatchObject({ a: 1, b: 0, delta: -1 });
  });

  it('two identical settings: no difference and no divergence', () => {
    const s = battery();
    const r = compareRuns(s, set(s, 'distress=true', 'policy=manual'));
    expect(r.differences).toEqual([]);
    expect(r.divergence).toBeNull();
  });

  it('metricDifferences lists only what differs, failover lists included', () => {
    const s = battery();
    const m = compareRuns(s, s).a.metrics;
    const other = structuredClone(m);
    other.resources.db.failoverMs = [...other.resources.db.failoverMs, 99];
    expect(metricDifferences(m, other)).toEqual([
      {
        path: 'resources.db.failoverMs',
        a: m.resources.db.failoverMs,
        b: other.resources.db.failoverMs,
        delta: null,
      },
    ]);
  });
});

describe('--set PATH=VALUE', () => {
  it('reads paths with dots and [index], values as JSON or text', () => {
    expect(pathSteps('events[0].warningMs')).toEqual(['events', 0, 'warningMs']);
    expect(pathSteps('network.latencyMs.1')).toEqual(['network', 'latencyMs', 1]);
    expect(pathSteps('a..b')).toBeNull();
    expect(parseSetting('distress=false')).toEqual({ path: 'distress', value: false });
    expect(parseSetting('policy=quorum')).toEqual({ path: 'policy', value: 'quorum' });
    expect(parseSetting('network.latencyMs=[2,9]')).toEqual({ path: 'network.latencyMs', value: [2, 9] });
    expect(parseSetting('distress')).toBeNull();
  });

  it('changes exactly the field named, nested ones and events included', () => {
    const s = battery();
    expect(set(s, 'options.mode=sync').options.mode).toBe('sync');
    expect(set(s, 'events[0].warningMs=20').events[0]).toMatchObject({ warningMs: 20, node: 'n1' });
    expect(set(s, 'network.latencyMs[1]=9').network.latencyMs).toEqual([1, 9]);
    const changed = set(s, 'heartbeat.timeoutMs=5000');
    expect({ ...changed, heartbeat: s.heartbeat, leaseMs: s.leaseMs }).toEqual(s);
  });

  it('a preset brings its own timings, as editing the file would', () => {
    const s = battery();
    const p = set(s, 'preset=pacemaker');
    expect(p.preset).toBe('pacemaker');
    expect(p.heartbeat).not.toEqual(s.heartbeat);
  });

  it('refuses a path the scenario does not have, or a bad value, naming it', () => {
    const s = battery();
    const errors = (...texts: string[]): string[] => {
      const r = applySettings(
        s,
        texts.map((t) => parseSetting(t)!),
      );
      return r.ok ? [] : r.errors;
    };
    expect(errors('heartbeat.timeotMs=5')).toEqual([
      "heartbeat.timeotMs: heartbeat has no field 'timeotMs' (fields: intervalMs, timeoutMs)",
    ]);
    expect(errors('events[3].node=n2')[0]).toMatch(/events has 1 item \(indexes 0–0\)/);
    expect(errors('distress.on=true')[0]).toMatch(/distress is a single value/);
    expect(errors('policy=fast')[0]).toMatch(/^policy/);
    expect(errors('events[0].node=n9')[0]).toMatch(/n9/);
    expect(errors('1abc=2')[0]).toMatch(/not a field path/);
  });
});
