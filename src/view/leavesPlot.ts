// P(the distress leaves before death) versus the warning the node gets: one small panel per failure
// type, one line per send path — pre-formed and sent sync on the current task, async through the
// dedicated task (§0042–0043), or composed and signed at failure time (the pre-patent baseline).
// Lines differ by dash and marker shape, not colour; the catalogue's typical warning is marked.
import { scaleLinear, scaleSymlog } from 'd3-scale';
import { line as d3line } from 'd3-shape';
import { catalogueEntry } from '../core/catalogue.ts';
import { DEFAULT_COSTS } from '../core/scenarioDefaults.ts';
import { chooseSendPath } from '../core/sendPath.ts';
import type { Costs, SendMode } from '../core/types.ts';
import type { PlotCell, PlotOptions } from './plotData.ts';
import { emptyMarks, heading, textWidth, tickMs, type PlotModel, type PathMark } from './plotMarks.ts';
import { shapePath, type Shape } from './palette.ts';
import { r1 } from './svg.ts';

/** The look of each send path: fixed, so a path keeps its look whatever else the grid holds. */
const PATHS: ReadonlyArray<{ key: string; label: string; shape: Shape; dash: string }> = [
  { key: 'pre|sync', label: 'sync, pre-formed', shape: 'circle', dash: '' },
  { key: 'pre|async', label: 'async, pre-formed', shape: 'triangle', dash: '8 4' },
  { key: 'pre|auto', label: 'auto, pre-formed', shape: 'hexagon', dash: '12 3 3 3' },
  { key: 'composed|sync', label: 'composed at failure, sync', shape: 'square', dash: '2 3' },
  { key: 'composed|async', label: 'composed at failure, async', shape: 'pentagon', dash: '6 2 2 2' },
  { key: 'composed|auto', label: 'composed at failure, auto', shape: 'octagon', dash: '1 4' },
];

export interface LeavesPoint {
  warningMs: number;
  sent: number;
  lost: number;
  p: number;
}

export interface LeavesSeries {
  failure: string;
  path: string;
  points: LeavesPoint[];
}

/** Cells where a distress could leave, pooled over everything but failure, send path and warning. */
export function leavesSeries(cells: readonly PlotCell[]): LeavesSeries[] {
  const by = new Map<
    string,
    { failure: string; path: string; at: Map<number, { sent: number; lost: number }> }
  >();
  for (const c of cells) {
    const s = c.settings;
    if (!s.distress || s.failure === null || s.warningMs === null) continue;
    if (c.distress.sent + c.distress.lost === 0) continue;
    const path = `${s.preformed === false ? 'composed' : 'pre'}|${s.mode ?? 'auto'}`;
    const key = `${s.failure}|${path}`;
    const entry = by.get(key) ?? { failure: s.failure, path, at: new Map() };
    const acc = entry.at.get(s.warningMs) ?? { sent: 0, lost: 0 };
    acc.sent += c.distress.sent;
    acc.lost += c.distress.lost;
    entry.at.set(s.warningMs, acc);
    by.set(key, entry);
  }
  const pathRank = (p: string): number => PATHS.findIndex((x) => x.key === p);
  return [...by.values()]
    .sort((a, b) => pathRank(a.path) - pathRank(b.path))
    .map(({ failure, path, at }) => ({
      failure,
      path,
      points: [...at]
        .sort((a, b) => a[0] - b[0])
        .map(([warningMs, { sent, lost }]) => ({ warningMs, sent, lost, p: sent / (sent + lost) })),
    }));
}

/**
 * What "auto" does for a failure type over the warnings drawn, from the same rule the node follows
 * (core/sendPath.ts): async only for a type that allows an orderly shutdown and a warning that covers it.
 */
export function autoMeans(failure: string, warningsMs: readonly number[], costs: Costs): string {
  const paths = new Set<SendMode>(warningsMs.map((w) => chooseSendPath(failure, w, 'auto', costs)));
  if (paths.size === 2) return `auto: async ≥ ${tickMs(costs.orderlyShutdownMs)}, else sync`;
  return `auto sends ${[...paths][0] ?? 'sync'}`;
}

const X_TICKS = [0, 1, 10, 100, 1000, 10_000, 100_000, 1_000_000];

export function leavesPlot(cells: readonly PlotCell[], opts: PlotOptions): PlotModel {
  const size = opts.fontSize ?? 12;
  const costs = opts.costs ?? DEFAULT_COSTS;
  const width = Math.max(280, opts.width);
  const marks = emptyMarks();
  const headed = heading(marks, width, size, opts.title, opts.note);
  const series = leavesSeries(cells);
  const failures = [...new Set(series.map((s) => s.failure))];
  if (series.length === 0) {
    const empty =
      'No distress could be sent in this grid: turn the distress signal on and pick a failure the node sees coming (not crash or pause).';
    return { width, height: headed, marks, summary: empty, empty };
  }

  // Legend: one entry per send path in the grid, wrapped to the width.
  const paths = PATHS.filter((p) => series.some((s) => s.path === p.key));
  let lx = 0;
  let ly = headed + size * 0.7;
  for (const p of paths) {
    const w = size * 3.2 + textWidth(p.label, size) + size * 1.5;
    if (lx > 0 && lx + w > width) [lx, ly] = [0, ly + size * 1.6];
    marks.lines.push({
      key: `legend-line:${p.key}`,
      x1: lx,
      y1: ly,
      x2: lx + size * 2.6,
      y2: ly,
      color: 'ink',
      width: 2,
      dash: p.dash,
    });
    marks.paths.push({
      key: `legend-shape:${p.key}`,
      d: shapePath(p.shape, size * 0.35),
      x: lx + size * 1.3,
      y: ly,
      fill: 'ink',
    });
    marks.texts.push({ key: `legend:${p.key}`, x: lx + size * 3.2, y: ly, text: p.label, size });
    lx += w;
  }

  // Small multiples, one per failure type, sharing both scales so panels compare at a glance.
  const top = ly + size * 1.4;
  const cols = Math.max(1, Math.min(failures.length, Math.floor(width / 300)));
  const panelW = width / cols;
  const panelH = size * 15;
  // The axis ends on a tick past the longest warning, so no point sits on the panel's edge.
  const longest = Math.max(...series.flatMap((s) => s.points.map((p) => p.warningMs)));
  const maxW = X_TICKS.find((t) => t > longest) ?? longest * 2;
  const left = textWidth('100%', size) + size * 0.6;
  const offset = (path: string): number =>
    (paths.findIndex((p) => p.key === path) - (paths.length - 1) / 2) * 3;

  failures.forEach((failure, i) => {
    const col = i % cols;
    const row = Math.floor(i / cols);
    const x0 = col * panelW + left;
    const x1 = (col + 1) * panelW - size * 1.5;
    const y0 = top + row * panelH + size * 2.2;
    const y1 = top + (row + 1) * panelH - size * 3.8;
    const x = scaleSymlog().constant(1).domain([0, maxW]).range([x0, x1]);
    const y = scaleLinear().domain([0, 1]).range([y1, y0]);
    const entry = catalogueEntry(failure);
    const drawn = series.filter((s) => s.failure === failure);
    const warnings = drawn.flatMap((s) => s.points.map((p) => p.warningMs));
    // The longest title that fits the panel (bold text runs about 8% wider than textWidth's estimate).
    const said = autoMeans(failure, warnings, costs);
    const candidates = entry
      ? [`${entry.label} · ${said}`, `${entry.label} · ${said.replace(/, else sync$/, '')}`, entry.label]
      : [`${failure} · unknown type: auto sends sync`, failure];
    const title = candidates.find((c) => textWidth(c, size) * 1.08 <= panelW - size) ?? candidates.at(-1)!;
    marks.texts.push({
      key: `panel:${failure}`,
      x: x0 - left,
      y: y0 - size * 1.3,
      text: title,
      size,
      weight: 600,
    });

    for (const p of [0, 0.5, 1]) {
      marks.lines.push({
        key: `grid:${failure}:${p}`,
        x1: x0,
        y1: y(p),
        x2: x1,
        y2: y(p),
        color: 'muted',
        opacity: p === 0 ? 0.9 : 0.3,
      });
      marks.texts.push({
        key: `ytick:${failure}:${p}`,
        x: x0 - size * 0.4,
        y: y(p),
        text: `${p * 100}%`,
        size: size * 0.9,
        anchor: 'end',
        color: 'muted',
      });
    }
    // Thin the ticks when the panel is narrow: one label needs about five characters.
    const ticks = X_TICKS.filter((t) => t <= maxW * 1.0001);
    const room = Math.max(1, Math.floor((x1 - x0) / textWidth('10 ms  ', size * 0.9)));
    const step = Math.ceil(ticks.length / room);
    ticks.forEach((t, k) => {
      if (k % step !== 0 && k !== ticks.length - 1) return;
      marks.lines.push({
        key: `xtick:${failure}:${t}`,
        x1: x(t),
        y1: y1,
        x2: x(t),
        y2: y1 + size * 0.6,
        color: 'muted',
      });
      marks.texts.push({
        key: `xlabel:${failure}:${t}`,
        x: x(t),
        y: y1 + size * 1.5,
        text: tickMs(t),
        size: size * 0.9,
        anchor: 'middle',
        color: 'muted',
      });
    });
    marks.texts.push({
      key: `xtitle:${failure}`,
      x: x1,
      y: y1 + size * 2.8,
      text: 'warning before death (log scale) →',
      size: size * 0.9,
      anchor: 'end',
      color: 'muted',
    });

    const typical = entry?.detectable ? entry.defaultWarningMs : null;
    if (typical !== null && typical <= maxW) {
      const tx = x(typical);
      const right = tx > (x0 + x1) / 2;
      marks.lines.push({
        key: `typical:${failure}`,
        x1: tx,
        y1: y0,
        x2: tx,
        y2: y1,
        color: 'muted',
        dash: '3 3',
      });
      // Halfway up, where P = 0 or 1 lines rarely run, on the side with more room.
      marks.texts.push({
        key: `typical-label:${failure}`,
        x: tx + (right ? -4 : 4),
        y: y(0.5),
        text: `typical ${tickMs(typical)}`,
        size: size * 0.85,
        color: 'muted',
        anchor: right ? 'end' : 'start',
        halo: true,
      });
    }

    for (const s of drawn) {
      const look = PATHS.find((p) => p.key === s.path)!;
      const dy = offset(s.path);
      const d = d3line<LeavesPoint>()
        .x((p) => r1(x(p.warningMs)))
        .y((p) => r1(y(p.p) + dy))(s.points);
      marks.paths.push({
        key: `line:${failure}:${s.path}`,
        d: d ?? '',
        stroke: 'ink',
        width: 2,
        dash: look.dash,
      });
      for (const p of s.points) {
        const mark: PathMark = {
          key: `point:${failure}:${s.path}:${p.warningMs}`,
          d: shapePath(look.shape, size * 0.33),
          x: x(p.warningMs),
          y: y(p.p) + dy,
          fill: 'ink',
          stroke: 'bg',
          width: 1,
          title:
            `${look.label}${s.path.endsWith('|auto') ? ` (sent ${chooseSendPath(failure, p.warningMs, 'auto', costs)})` : ''}, ` +
            `${tickMs(p.warningMs)} of warning: left before death in ${p.sent} of ${p.sent + p.lost} runs (${Math.round(p.p * 100)}%)`,
        };
        marks.paths.push(mark);
      }
    }
  });

  const rows = Math.ceil(failures.length / cols);
  const worst = series.flatMap((s) => s.points).reduce((a, b) => (b.p < a.p ? b : a));
  const summary =
    `Probability that the distress leaves before the node dies, by warning time, for ${failures.join(', ')}; ` +
    `send paths: ${paths.map((p) => p.label).join('; ')}. Lowest: ${Math.round(worst.p * 100)}% at ${tickMs(worst.warningMs)} of warning.`;
  return { width, height: top + rows * panelH, marks, summary, empty: null };
}
