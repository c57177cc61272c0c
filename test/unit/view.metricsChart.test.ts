import { describe, expect, it } from 'vitest';
import type { Metrics } from '../../src/core/types.ts';
import { dodge, metricsChartModel, metricsSeries, type MetricsSample } from '../../src/view/metricsChart.ts';

const metrics = (db: [number, number, number], web: [number, number, number]): Metrics => ({
  resources: {
    db: { unavailableMs: db[0], splitBrainMs: db[1], failovers: db[2], failoverMs: [] },
    web: { unavailableMs: web[0], splitBrainMs: web[1], failovers: web[2], failoverMs: [] },
  },
  adminInterventions: 0,
  distress: { sent: 0, delivered: 0, lost: 0, rejected: 0 },
  falseFailovers: 0,
  invalidMessages: 0,
});

const samples: MetricsSample[] = [
  { t: 0, metrics: metrics([0, 0, 0], [0, 0, 0]) },
  { t: 1000, metrics: metrics([200, 0, 1], [0, 0, 0]) },
  { t: 2000, metrics: metrics([200, 300, 1], [100, 0, 2]) },
  { t: 3000, metrics: metrics([200, 900, 1], [100, 0, 2]) },
];

describe('metrics chart', () => {
  it('sums time over resources and keeps failovers per resource', () => {
    const s = metricsSeries(samples);
    expect(s.unavailable).toEqual([0, 200, 300, 300]);
    expect(s.splitBrain).toEqual([0, 0, 300, 900]);
    expect([...s.failovers.keys()]).toEqual(['db', 'web']);
    expect(s.failovers.get('web')).toEqual([0, 0, 2, 2]);
  });
  it('draws split brain in the alarm colour, thicker, and says when it is happening now', () => {
    const m = metricsChartModel(samples, { width: 400, height: 200 });
    const sb = m.series.find((s) => s.key === 'splitBrain')!;
    expect(sb.color).toBe('alarm');
    expect(sb.width).toBeGreaterThan(Math.max(...m.series.filter((s) => s !== sb).map((s) => s.width)));
    expect(m.series.filter((s) => s.color === 'alarm')).toHaveLength(1);
    expect(m.splitBrainNow).toBe(true);
    expect(sb.end.text).toBe('split brain 900 ms');
    const calm = metricsChartModel(samples.slice(0, 2), { width: 400, height: 200 });
    expect(calm.splitBrainNow).toBe(false);
  });
  it('labels each line at its end, and tells the failover lines apart by dash', () => {
    const m = metricsChartModel(samples, { width: 400, height: 200 });
    const f = m.series.filter((s) => s.panel === 1);
    expect(f.map((s) => s.end.text)).toEqual(['db: 1 failover', 'web: 2 failovers']);
    expect(new Set(f.map((s) => s.dash)).size).toBe(f.length);
    for (const s of m.series) expect(s.path).not.toContain('NaN');
  });
  it('draws the unavailable line over split brain, so it shows where both lie at zero', () => {
    const m = metricsChartModel(samples.slice(0, 1), { width: 400, height: 200 });
    const top = m.series.filter((s) => s.panel === 0).map((s) => s.key);
    // Later in the list = painted later = on top.
    expect(top.indexOf('unavailable')).toBeGreaterThan(top.indexOf('splitBrain'));
    const un = m.series.find((s) => s.key === 'unavailable')!;
    const sb = m.series.find((s) => s.key === 'splitBrain')!;
    expect(un.width).toBeLessThan(sb.width);
    expect(un.dash).not.toBe('');
  });
  it('leaves clear air between the top panel and the failover title', () => {
    for (const presenter of [false, true]) {
      const m = metricsChartModel(samples, { width: 400, height: 200, presenter });
      const sb = m.series.find((s) => s.key === 'splitBrain')!;
      // The title's baseline is 4 px above its panel; its capitals rise ~0.75 em above that.
      const titleTop = m.panels[1].y0 - 4 - m.fontSize * 0.75;
      const lineBottom = m.panels[0].y1 + sb.width / 2;
      expect(titleTop - lineBottom).toBeGreaterThanOrEqual(m.fontSize * 0.5);
    }
  });
  it('keeps end labels apart', () => {
    const ys = dodge([10, 11, 12, 50], 10, 0, 100);
    const sorted = [...ys].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++)
      expect(sorted[i] - sorted[i - 1]).toBeGreaterThanOrEqual(10 - 1e-9);
    expect(ys[3]).toBe(50);
    const top = dodge([98, 99, 100], 10, 0, 100);
    expect(Math.max(...top)).toBeLessThanOrEqual(100);
  });
  it('copes with no samples', () => {
    const m = metricsChartModel([], { width: 300, height: 150 });
    expect(m.series.every((s) => s.path === '')).toBe(true);
  });
});
