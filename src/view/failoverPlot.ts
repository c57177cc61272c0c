// Every time to failover, per policy, with and without the distress signal: one dot per failover
// (log scale: 3 ms and 63 s on one axis), a bar at the median, and how many runs failed over at all.
import { scaleLog } from 'd3-scale';
import { policyRows, type PlotCell, type PlotOptions, type PlotRun, type PolicyRow } from './plotData.ts';
import { decades, textWidth, tickMs, valueMs, type PlotModel } from './plotMarks.ts';
import { distressMarker, rowFrame } from './policyFrame.ts';

/** Enough dots to show a distribution's shape; beyond it, evenly spaced quantiles stand for the rest. */
export const MAX_DOTS_PER_ROW = 300;

/** Evenly spaced quantiles of sorted values: at most `max` dots, same distribution shape. */
export function thin<T>(sorted: readonly T[], max: number): T[] {
  if (sorted.length <= max) return [...sorted];
  return Array.from({ length: max }, (_, k) => sorted[Math.round((k * (sorted.length - 1)) / (max - 1))]);
}

export interface FailoverRowStats {
  row: PolicyRow;
  /** Every failover of the row's runs, sorted, with the failure that caused it (for the tooltip). */
  points: Array<{ ms: number; failure: string | null }>;
  times: number[];
  runs: number;
  failedOver: number;
  median: number | null;
}

export function failoverStats(
  cells: readonly PlotCell[],
  runs: readonly PlotRun[],
  seeds: number,
): FailoverRowStats[] {
  return policyRows(cells).map((row) => {
    // Cell-major runs (task order): the runs of cell i are runs[i·seeds … (i+1)·seeds).
    const rs = row.cells.flatMap((i) =>
      runs.slice(i * seeds, (i + 1) * seeds).map((run) => ({ run, failure: cells[i].settings.failure })),
    );
    const points = rs
      .flatMap(({ run, failure }) => run.failoverMs.map((ms) => ({ ms, failure })))
      .sort((a, b) => a.ms - b.ms);
    const times = points.map((p) => p.ms);
    const median = times.length === 0 ? null : times[Math.ceil(times.length * 0.5) - 1];
    return {
      row,
      points,
      times,
      runs: rs.length,
      failedOver: rs.filter(({ run }) => run.failoverMs.length > 0).length,
      median,
    };
  });
}

export function failoverPlot(
  cells: readonly PlotCell[],
  runs: readonly PlotRun[],
  seeds: number,
  opts: PlotOptions,
): PlotModel {
  const stats = failoverStats(cells, runs, seeds);
  const f = rowFrame(
    stats.map((s) => s.row),
    opts,
    'every failover (dot), median (bar)',
  );
  const { marks, size } = f;
  const all = stats.flatMap((s) => s.times);
  if (all.length === 0) {
    const empty =
      'No run failed over: with the manual policy and no distress, add an administrator (or another policy).';
    return { width: f.width, height: f.bottom, marks, summary: empty, empty };
  }
  const rightW = textWidth('00.0 s · 000/000', size);
  const x1 = f.width - rightW - size;
  const min = Math.min(...stats.map((s) => s.times[0] ?? Infinity));
  const max = Math.max(...stats.map((s) => s.times[s.times.length - 1] ?? 0));
  const lo = 10 ** Math.floor(Math.log10(Math.max(0.01, min)));
  const hi = Math.max(lo * 10, 10 ** Math.ceil(Math.log10(Math.max(max, lo))));
  const x = scaleLog().domain([lo, hi]).range([f.x0, x1]).clamp(true);
  marks.texts.push({
    key: 'h-right',
    x: f.width,
    y: f.top - size * 0.8,
    text: 'median · failed over',
    size,
    anchor: 'end',
    color: 'muted',
  });

  // Every decade gets a grid line; labels are thinned when they would touch (narrow or presenter).
  const ticks = decades(lo, hi);
  const spacing = (x1 - f.x0) / Math.max(1, ticks.length - 1);
  const labelEvery = Math.ceil((textWidth('100 ms', size * 0.9) * 1.3) / spacing);
  ticks.forEach((t, k) => {
    marks.lines.push({
      key: `grid:${t}`,
      x1: x(t),
      y1: f.top,
      x2: x(t),
      y2: f.bottom,
      color: 'muted',
      opacity: 0.3,
    });
    if (k % labelEvery !== 0) return;
    marks.texts.push({
      key: `xtick:${t}`,
      x: x(t),
      y: f.bottom + size * 0.9,
      text: tickMs(t),
      size: size * 0.9,
      anchor: 'middle',
      color: 'muted',
    });
  });
  marks.texts.push({
    key: 'xtitle',
    x: x1,
    y: f.bottom + size * 2.2,
    text: 'time to failover (log scale) →',
    size: size * 0.9,
    anchor: 'end',
    color: 'muted',
  });

  stats.forEach((s, i) => {
    const y = f.ys[i];
    const who = `${s.row.policy}, distress ${s.row.distress ? 'on' : 'off'}`;
    marks.texts.push({
      key: `right:${s.row.key}`,
      x: f.width,
      y,
      text: `${s.median === null ? '–' : valueMs(s.median)} · ${s.failedOver}/${s.runs}`,
      size,
      anchor: 'end',
    });
    if (s.median === null) {
      marks.texts.push({
        key: `none:${s.row.key}`,
        x: f.x0,
        y,
        text: `no failover in ${s.runs} runs`,
        size,
        color: 'muted',
      });
      return;
    }
    thin(s.points, MAX_DOTS_PER_ROW).forEach((p, k) => {
      // Deterministic jitter (golden-ratio sequence): the same result draws the same picture.
      const jitter = (((k * 0.6180339887) % 1) - 0.5) * f.rowH * 0.6;
      const dot = distressMarker(`dot:${s.row.key}:${k}`, s.row.distress, x(p.ms), y + jitter, size * 0.28);
      marks.paths.push({ ...dot, title: `${who}, ${p.failure ?? 'scenario events'}: ${valueMs(p.ms)}` });
    });
    const mx = x(s.median);
    marks.lines.push({
      key: `median:${s.row.key}`,
      x1: mx,
      y1: y - f.rowH * 0.48,
      x2: mx,
      y2: y + f.rowH * 0.48,
      color: 'ink',
      width: 3,
    });
  });

  const summary =
    'Time to failover per policy, with and without the distress signal: ' +
    stats
      .map(
        (s) =>
          `${s.row.policy} distress ${s.row.distress ? 'on' : 'off'}: median ${s.median === null ? 'none' : valueMs(s.median)}, ${s.failedOver} of ${s.runs} runs failed over`,
      )
      .join('; ') +
    '.';
  return { width: f.width, height: f.bottom + size * 3, marks, summary, empty: null };
}
