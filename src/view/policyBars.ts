// Bars per policy, with and without the distress signal: mean unavailable and split-brain time per run
// (in the colours that mean "no primary" and "split brain" everywhere in Mayday), and administrator
// interventions. Bars are linear — a log bar would lie about "how much" — and every bar says its value.
import { scaleLinear } from 'd3-scale';
import type { ColorToken } from './palette.ts';
import { policyRows, type PlotCell, type PlotOptions } from './plotData.ts';
import { textWidth, tickMs, valueMs, type PlotModel } from './plotMarks.ts';
import { rowFrame } from './policyFrame.ts';

interface BarPanel {
  key: string;
  title: string;
  /** Said instead of the title when the panel is too narrow for it. */
  short: string;
  color: ColorToken;
  /** Bar length, and the words at its end. */
  value(rowCells: readonly PlotCell[]): number;
  label(rowCells: readonly PlotCell[]): string;
  tick(v: number): string;
  /** Said across the panel when every bar is 0. */
  allZero: string;
}

/** Mean per run over the cells of a row (every cell has the same number of runs). */
const perRun = (cells: readonly PlotCell[], pick: (c: PlotCell) => number): number => {
  const runs = cells.reduce((a, c) => a + c.runs, 0);
  return runs === 0 ? 0 : cells.reduce((a, c) => a + pick(c) * c.runs, 0) / runs;
};

function barsPlot(cells: readonly PlotCell[], panels: readonly BarPanel[], opts: PlotOptions): PlotModel {
  const rows = policyRows(cells);
  const f = rowFrame(rows, opts, '');
  const { marks, size } = f;
  if (rows.length === 0)
    return { width: f.width, height: f.bottom, marks, summary: 'No results yet.', empty: 'No results yet.' };
  const gap = size * 1.5;
  const panelW = (f.width - f.x0 - gap * (panels.length - 1)) / panels.length;
  const parts: string[] = [];
  panels.forEach((p, j) => {
    const px0 = f.x0 + j * (panelW + gap);
    const values = rows.map((r) => p.value(r.cells.map((i) => cells[i])));
    const labels = rows.map((r) => p.label(r.cells.map((i) => cells[i])));
    const labelW = Math.max(...labels.map((l) => textWidth(l, size))) + size * 0.5;
    const max = Math.max(...values);
    const x = scaleLinear()
      .domain([0, max > 0 ? max : 1])
      .range([px0, Math.max(px0 + size * 2, px0 + panelW - labelW)]);
    marks.texts.push({
      key: `ptitle:${p.key}`,
      x: px0,
      y: f.top - size * 0.8,
      text: textWidth(p.title, size) <= panelW - size ? p.title : p.short,
      size,
      weight: 600,
      color: p.color === 'alarm' ? 'alarm' : 'ink',
    });
    marks.lines.push({ key: `base:${p.key}`, x1: px0, y1: f.top, x2: px0, y2: f.bottom, color: 'muted' });
    const ticks = x.ticks(Math.max(2, Math.floor((panelW - labelW) / textWidth('00.0 s  ', size))));
    for (const t of max > 0 ? ticks : [0]) {
      marks.lines.push({
        key: `grid:${p.key}:${t}`,
        x1: x(t),
        y1: f.top,
        x2: x(t),
        y2: f.bottom,
        color: 'muted',
        opacity: 0.3,
      });
      marks.texts.push({
        key: `tick:${p.key}:${t}`,
        x: x(t),
        y: f.bottom + size * 0.9,
        text: p.tick(t),
        size: size * 0.9,
        anchor: 'middle',
        color: 'muted',
      });
    }
    rows.forEach((r, i) => {
      const y = f.ys[i];
      const w = x(values[i]) - px0;
      marks.rects.push({
        key: `bar:${p.key}:${r.key}`,
        x: px0,
        y: y - f.rowH * 0.3,
        width: w,
        height: f.rowH * 0.6,
        color: p.color,
        title: `${r.policy}, distress ${r.distress ? 'on' : 'off'}: ${labels[i]}`,
      });
      marks.texts.push({
        key: `value:${p.key}:${r.key}`,
        x: px0 + w + size * 0.35,
        y,
        text: labels[i],
        size,
      });
    });
    if (max === 0)
      marks.texts.push({
        key: `zero:${p.key}`,
        x: px0 + panelW / 2,
        y: f.bottom + size * 2.2,
        text: p.allZero,
        size,
        anchor: 'middle',
        color: 'muted',
      });
    parts.push(
      `${p.title}: ${rows.map((r, i) => `${r.policy} distress ${r.distress ? 'on' : 'off'} ${labels[i]}`).join(', ')}`,
    );
  });
  return { width: f.width, height: f.bottom + size * 3, marks, summary: `${parts.join('. ')}.`, empty: null };
}

/** Mean unavailable time and split-brain time per run, per policy, with and without distress. */
export function outagePlot(cells: readonly PlotCell[], opts: PlotOptions): PlotModel {
  return barsPlot(
    cells,
    [
      {
        key: 'unavailable',
        title: 'unavailable, per run',
        short: 'unavailable',
        color: 'down',
        value: (cs) => perRun(cs, (c) => c.unavailableMs),
        label: (cs) => valueMs(perRun(cs, (c) => c.unavailableMs)),
        tick: tickMs,
        allZero: 'always a primary',
      },
      {
        key: 'split',
        title: 'split brain, per run',
        short: 'split brain',
        color: 'alarm',
        value: (cs) => perRun(cs, (c) => c.splitBrainMs),
        label: (cs) => valueMs(perRun(cs, (c) => c.splitBrainMs)),
        tick: tickMs,
        allZero: 'no split brain in any run',
      },
    ],
    opts,
  );
}

/** Administrator interventions: bar = per run, words = total over the row's runs. */
export function adminPlot(cells: readonly PlotCell[], opts: PlotOptions): PlotModel {
  const total = (cs: readonly PlotCell[]): number => cs.reduce((a, c) => a + c.adminInterventions, 0);
  const runs = (cs: readonly PlotCell[]): number => cs.reduce((a, c) => a + c.runs, 0);
  return barsPlot(
    cells,
    [
      {
        key: 'admin',
        title: 'administrator interventions per run',
        short: 'per run',
        color: 'ink',
        value: (cs) => total(cs) / Math.max(1, runs(cs)),
        label: (cs) => `${total(cs)} in ${runs(cs)} runs`,
        tick: (v) => `${+v.toFixed(2)}`,
        allZero: 'no administrator was ever needed',
      },
    ],
    opts,
  );
}
