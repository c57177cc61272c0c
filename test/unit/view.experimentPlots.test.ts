// Geometry of the Experiments plots, without a DOM: what is pooled into which line, row or bar, that
// the scales say what the numbers say, that every join key is unique and every coordinate finite.
import { describe, expect, it } from 'vitest';
import {
  defaultExperimentScenario,
  runExperiment,
  expandGrid,
  runTask,
} from '../../src/runtime/experiment.ts';
import type { ExperimentSpec, RunSummary } from '../../src/runtime/experiment.ts';
import {
  adminPlot,
  decades,
  failoverPlot,
  failoverStats,
  leavesPlot,
  leavesSeries,
  MAX_DOTS_PER_ROW,
  outagePlot,
  policyRows,
  thin,
  tickMs,
  valueMs,
  type PlotCell,
  type PlotModel,
} from '../../src/view/experimentPlots.ts';

function spec(over: Partial<ExperimentSpec> = {}): ExperimentSpec {
  const base = defaultExperimentScenario();
  base.durationMs = 20_000;
  return {
    base,
    policies: [{ policy: 'manual' }, { policy: 'aggressive' }],
    distress: [true, false],
    preformed: [true, false],
    modes: ['sync', 'async'],
    failures: ['power-loss', 'crash'],
    warningsMs: [0, 1, 16, 50],
    seeds: 2,
    baseSeed: 9,
    failureAtMs: 5_000,
    adminDelayMs: 4_000,
    ...over,
  };
}

function experiment(s: ExperimentSpec): { cells: PlotCell[]; runs: RunSummary[] } {
  const cells = expandGrid(s);
  const runs = Array.from({ length: cells.length * s.seeds }, (_, k) => runTask(s, cells, k));
  return { cells: runExperiment(s)!.cells, runs };
}

const { cells, runs } = experiment(spec());
const opts = { width: 800, title: 'T', note: 'N' };

/** Join keys must be unique per layer, or D3 would silently drop marks. */
function expectSound(m: PlotModel): void {
  for (const layer of Object.values(m.marks)) {
    const keys = layer.map((x: { key: string }) => x.key);
    expect(new Set(keys).size).toBe(keys.length);
  }
  const numbers = [
    ...m.marks.texts.flatMap((t) => [t.x, t.y]),
    ...m.marks.lines.flatMap((l) => [l.x1, l.y1, l.x2, l.y2]),
    ...m.marks.rects.flatMap((r) => [r.x, r.y, r.width, r.height]),
    ...m.marks.paths.flatMap((p) => [p.x ?? 0, p.y ?? 0]),
  ];
  expect(numbers.every(Number.isFinite)).toBe(true);
  expect(m.marks.paths.every((p) => !p.d.includes('NaN'))).toBe(true);
  expect(m.width).toBeGreaterThan(0);
  expect(m.height).toBeGreaterThan(0);
}

describe('rows per policy', () => {
  it('keeps the grid order of policies, distress on before off, and pools every other setting', () => {
    const rows = policyRows(cells);
    expect(rows.map((r) => r.key)).toEqual(['manual|on', 'manual|off', 'aggressive|on', 'aggressive|off']);
    expect(rows.reduce((a, r) => a + r.cells.length, 0)).toBe(cells.length);
    const preset = { ...cells[0], settings: { ...cells[0].settings, preset: 'swim', policy: 'aggressive' } };
    expect(policyRows([preset])[0].policy).toBe('swim (aggressive)');
  });
});

describe('P(distress leaves) vs warning', () => {
  const series = leavesSeries(cells);

  it('has one line per failure type and send path, pooled over policies', () => {
    expect(series.map((s) => `${s.failure} ${s.path}`)).toEqual([
      'power-loss pre|sync',
      'power-loss pre|async',
      'power-loss composed|sync',
      'power-loss composed|async',
    ]);
    for (const s of series) {
      expect(s.points.map((p) => p.warningMs)).toEqual([0, 1, 16, 50]);
      // Two policies × two seeds, one distress each.
      for (const p of s.points) expect(p.sent + p.lost).toBe(4);
    }
  });

  it('shows what the model says: sync needs least, composing at failure time (20 ms) needs most', () => {
    const at = (path: string, w: number) =>
      series.find((s) => s.path === path)!.points.find((p) => p.warningMs === w)!.p;
    expect(at('pre|sync', 1)).toBe(1);
    expect(at('pre|async', 0)).toBe(0);
    expect(at('composed|sync', 16)).toBe(0);
    expect(at('composed|sync', 50)).toBe(1);
  });

  it('places more warning to the right and a higher probability higher up', () => {
    const m = leavesPlot(cells, opts);
    expectSound(m);
    const pts = m.marks.paths.filter((p) => p.key.startsWith('point:power-loss:pre|sync:'));
    const xs = pts.map((p) => p.x!);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    const y = (w: number) => pts.find((p) => p.key.endsWith(`:${w}`))!.y!;
    expect(y(1)).toBeLessThan(y(0));
    expect(m.marks.texts.filter((t) => t.key.startsWith('legend:'))).toHaveLength(4);
    expect(m.marks.texts.find((t) => t.key === 'typical-label:power-loss')?.text).toBe('typical 16 ms');
    expect(m.summary).toMatch(/^Probability that the distress leaves/);
  });

  it('says what to change when no distress could be sent', () => {
    const off = cells.filter((c) => !c.settings.distress);
    const m = leavesPlot(off, opts);
    expect(m.empty).toMatch(/turn the distress signal on/);
    expect(m.marks.paths).toHaveLength(0);
  });
});

describe('time to failover', () => {
  it('draws a dot per failover on a log scale, and a median bar per row', () => {
    const stats = failoverStats(cells, runs, 2);
    const m = failoverPlot(cells, runs, 2, opts);
    expectSound(m);
    for (const s of stats) {
      const dots = m.marks.paths.filter((p) => p.key.startsWith(`dot:${s.row.key}:`));
      expect(dots).toHaveLength(Math.min(MAX_DOTS_PER_ROW, s.times.length));
    }
    // Distress on fails over faster than off under manual (which waits for the administrator).
    const [on, off] = stats;
    expect(on.median!).toBeLessThan(off.median!);
    const median = (key: string) => m.marks.lines.find((l) => l.key === `median:${key}`)!.x1;
    expect(median('manual|on')).toBeLessThan(median('manual|off'));
    // Log scale: ticks at powers of ten, equally spaced.
    const ticks = m.marks.lines.filter((l) => l.key.startsWith('grid:')).map((l) => l.x1);
    const steps = ticks.slice(1).map((x, i) => x - ticks[i]);
    for (const s of steps) expect(s).toBeCloseTo(steps[0], 6);
  });

  it('covers the fastest and the slowest failover of every row, whatever the row order', () => {
    const stats = failoverStats(cells, runs, 2);
    const all = stats.flatMap((s) => s.times);
    const m = failoverPlot(cells, runs, 2, opts);
    const ticks = m.marks.lines.filter((l) => l.key.startsWith('grid:')).map((l) => Number(l.key.slice(5)));
    expect(ticks[0]).toBeLessThanOrEqual(Math.min(...all));
    expect(ticks.at(-1)).toBeGreaterThanOrEqual(Math.max(...all));
  });

  it('says so when a row never failed over, and when nothing did', () => {
    const noAdmin = experiment(spec({ policies: [{ policy: 'manual' }], adminDelayMs: null }));
    const m = failoverPlot(noAdmin.cells, noAdmin.runs, 2, opts);
    expect(m.marks.texts.find((t) => t.key === 'none:manual|off')?.text).toBe('no failover in 10 runs');
    const offOnly = experiment(
      spec({ policies: [{ policy: 'manual' }], distress: [false], adminDelayMs: null }),
    );
    expect(failoverPlot(offOnly.cells, offOnly.runs, 2, opts).empty).toMatch(/No run failed over/);
  });

  it('thins a long list to evenly spaced quantiles, keeping both ends', () => {
    const many = Array.from({ length: 1000 }, (_, i) => i);
    const few = thin(many, 11);
    expect(few).toEqual([0, 100, 200, 300, 400, 500, 599, 699, 799, 899, 999]);
    expect(thin([1, 2], 11)).toEqual([1, 2]);
  });
});

describe('narrow drawings (a projector at 1024 px, presenter type)', () => {
  const narrow = {
    width: 420,
    fontSize: 16,
    title: 'Unavailable time and split-brain time per policy',
    note: 'N '.repeat(40),
  };
  it('wraps the title and note instead of running off the edge, and thins tick labels', () => {
    for (const m of [
      failoverPlot(cells, runs, 2, narrow),
      outagePlot(cells, narrow),
      leavesPlot(cells, narrow),
    ]) {
      expectSound(m);
      const heads = m.marks.texts.filter((t) => /^(title|note):/.test(t.key));
      expect(heads.length).toBeGreaterThan(2);
      for (const t of heads) expect(t.text.length * 0.58 * t.size).toBeLessThanOrEqual(narrow.width + 1);
    }
    const labels = failoverPlot(cells, runs, 2, narrow)
      .marks.texts.filter((t) => t.key.startsWith('xtick:'))
      .map((t) => t.x);
    const gaps = labels.slice(1).map((x, i) => x - labels[i]);
    expect(Math.min(...gaps)).toBeGreaterThan(6 * 0.58 * 16 * 0.9);
  });
});

describe('bars per policy', () => {
  it('unavailable time: bar length proportional to the mean per run', () => {
    const m = outagePlot(cells, opts);
    expectSound(m);
    const bar = (key: string) => m.marks.rects.find((r) => r.key === `bar:unavailable:${key}`)!;
    const value = (key: string) => {
      const rs = cells.filter((c) => `${c.settings.policy}|${c.settings.distress ? 'on' : 'off'}` === key);
      return rs.reduce((a, c) => a + c.unavailableMs, 0) / rs.length;
    };
    const ratio = bar('manual|off').width / bar('aggressive|off').width;
    expect(ratio).toBeCloseTo(value('manual|off') / value('aggressive|off'), 6);
    expect(m.marks.rects.every((r) => r.color === 'down' || r.color === 'alarm')).toBe(true);
  });

  it('says "no split brain" rather than drawing nothing', () => {
    const manual = cells.filter((c) => c.settings.policy === 'manual');
    const m = outagePlot(manual, opts);
    expect(m.marks.texts.find((t) => t.key === 'zero:split')?.text).toBe('no split brain in any run');
  });

  it('administrator interventions: total in words, per run as the bar', () => {
    const m = adminPlot(cells, opts);
    expectSound(m);
    const total = cells
      .filter((c) => c.settings.policy === 'manual' && !c.settings.distress)
      .reduce((a, c) => a + c.adminInterventions, 0);
    expect(m.marks.texts.find((t) => t.key === 'value:admin:manual|off')?.text).toBe(`${total} in 10 runs`);
    expect(m.marks.rects.find((r) => r.key === 'bar:admin:aggressive|off')?.width).toBe(0);
  });
});

describe('numbers in words', () => {
  it('formats axis ticks and exact values', () => {
    expect([0, 0.5, 1, 16, 1000, 60_000, 600_000].map(tickMs)).toEqual([
      '0',
      '0.5 ms',
      '1 ms',
      '16 ms',
      '1 s',
      '60 s',
      '10 min',
    ]);
    expect([3.4712, 63.25, 8199, 63_860].map(valueMs)).toEqual(['3.47 ms', '63.3 ms', '8.2 s', '63.9 s']);
    expect(decades(3, 63_000)).toEqual([1, 10, 100, 1000, 10_000]);
  });
});
