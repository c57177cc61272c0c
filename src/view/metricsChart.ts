// A small chart of the run's metrics over time: two panels sharing the time axis. Top: seconds
// without a primary (unavailable) and with two (split brain, in the alarm colour, thicker);
// bottom: failovers per resource as steps. Lines are labelled at their end, not by a legend, and
// told apart by dash as well as colour.
import { line as d3line, curveStepAfter, curveLinear } from 'd3-shape';
import { scaleLinear } from 'd3-scale';
import type { Metrics } from '../core/types.ts';
import { formatDuration } from './nodeState.ts';
import { colorVar, type ColorToken } from './palette.ts';
import { textWidth } from './ringLayout.ts';
import { changed, layer, r1, type SvgGroup } from './svg.ts';

export interface MetricsSample {
  t: number;
  metrics: Metrics;
}

export interface MetricsChartOptions {
  width: number;
  height: number;
  presenter?: boolean;
}

export interface SeriesView {
  key: string;
  panel: 0 | 1;
  label: string;
  color: ColorToken;
  dash: string;
  width: number;
  path: string;
  /** End of the line and its direct label, after dodging. */
  end: { x: number; y: number; labelY: number; value: number; text: string };
}

export interface PanelView {
  y0: number;
  y1: number;
  title: string;
  max: string;
}

export interface MetricsChartModel {
  series: SeriesView[];
  panels: PanelView[];
  /** Split-brain time grew between the last two samples: the UI should shout. */
  splitBrainNow: boolean;
  fontSize: number;
  x0: number;
  x1: number;
}

/** Totals across resources, and failovers per resource, one value per sample. */
export function metricsSeries(samples: readonly MetricsSample[]): {
  t: number[];
  unavailable: number[];
  splitBrain: number[];
  failovers: Map<string, number[]>;
} {
  const names = new Set<string>();
  for (const s of samples) for (const n of Object.keys(s.metrics.resources)) names.add(n);
  const failovers = new Map([...names].sort().map((n) => [n, [] as number[]]));
  const t: number[] = [];
  const unavailable: number[] = [];
  const splitBrain: number[] = [];
  for (const s of samples) {
    const rs = Object.values(s.metrics.resources);
    t.push(s.t);
    unavailable.push(rs.reduce((a, r) => a + r.unavailableMs, 0));
    splitBrain.push(rs.reduce((a, r) => a + r.splitBrainMs, 0));
    for (const [n, arr] of failovers) arr.push(s.metrics.resources[n]?.failovers ?? 0);
  }
  return { t, unavailable, splitBrain, failovers };
}

/** Pushes label positions apart to at least `gap`, keeping them inside [lo, hi] where possible. */
export function dodge(ys: readonly number[], gap: number, lo: number, hi: number): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y || a.i - b.i);
  const out = order.map((o) => Math.max(lo, Math.min(hi, o.y)));
  for (let k = 1; k < out.length; k++) out[k] = Math.max(out[k], out[k - 1] + gap);
  const over = out.length ? out[out.length - 1] - hi : 0;
  if (over > 0) for (let k = 0; k < out.length; k++) out[k] = Math.max(lo, out[k] - over);
  for (let k = 1; k < out.length; k++) out[k] = Math.max(out[k], out[k - 1] + gap);
  const result = new Array<number>(ys.length);
  order.forEach((o, k) => (result[o.i] = out[k]));
  return result;
}

const DASHES = ['', '6 3', '2 3', '8 3 2 3'];

export function metricsChartModel(
  samples: readonly MetricsSample[],
  opts: MetricsChartOptions,
): MetricsChartModel {
  const fontSize = opts.presenter ? 18 : 12;
  const data = metricsSeries(samples);
  const labelW = textWidth(20, fontSize) * 0.85;
  const x0 = 4;
  const x1 = Math.max(x0 + 40, opts.width - labelW - 6);
  const tMin = data.t[0] ?? 0;
  const tMax = Math.max(tMin + 1, data.t[data.t.length - 1] ?? 1);
  const x = scaleLinear().domain([tMin, tMax]).range([x0, x1]);
  const gap = fontSize * 1.5;
  // Between the panels the second title needs clear air above it, or it reads as a label of the
  // thick split-brain line lying at zero just over it.
  const between = fontSize * 2.4;
  const panelH = (opts.height - gap - between) / 2;
  const panels: PanelView[] = [
    { y0: gap, y1: gap + panelH, title: 'time unavailable / in split brain', max: '' },
    { y0: gap + panelH + between, y1: gap + between + panelH * 2, title: 'failovers', max: '' },
  ];
  const timeMax = Math.max(1000, ...data.unavailable, ...data.splitBrain);
  const countMax = Math.max(1, ...[...data.failovers.values()].flat());
  panels[0].max = formatDuration(timeMax);
  panels[1].max = `${countMax}`;
  const yTime = scaleLinear().domain([0, timeMax]).range([panels[0].y1, panels[0].y0]);
  const yCount = scaleLinear().domain([0, countMax]).range([panels[1].y1, panels[1].y0]);

  const make = (
    key: string,
    panel: 0 | 1,
    label: string,
    values: number[],
    color: ColorToken,
    dash: string,
    width: number,
    text: (v: number) => string,
  ): SeriesView => {
    const y = panel === 0 ? yTime : yCount;
    const gen = d3line<number>()
      .x((_, i) => r1(x(data.t[i])))
      .y((v) => r1(y(v)))
      .curve(panel === 0 ? curveLinear : curveStepAfter);
    const last = values[values.length - 1] ?? 0;
    const endY = y(last);
    return {
      key,
      panel,
      label,
      color,
      dash,
      width,
      path: values.length ? (gen(values) ?? '') : '',
      end: { x: x1, y: endY, labelY: endY, value: last, text: text(last) },
    };
  };
  const series: SeriesView[] = [
    // Drawn in this order: the thin dashed unavailable line lies on top of the thick split-brain
    // one, so both show where they coincide (both at zero, most of a healthy run).
    make(
      'splitBrain',
      0,
      'split brain',
      data.splitBrain,
      'alarm',
      '',
      3.5,
      (v) => `split brain ${formatDuration(v)}`,
    ),
    make(
      'unavailable',
      0,
      'unavailable',
      data.unavailable,
      'down',
      '6 3',
      2,
      (v) => `unavailable ${formatDuration(v)}`,
    ),
    ...[...data.failovers].map(([name, values], i) =>
      make(
        `failovers:${name}`,
        1,
        name,
        values,
        'ink',
        DASHES[i % DASHES.length],
        2,
        (v) => `${name}: ${v} failover${v === 1 ? '' : 's'}`,
      ),
    ),
  ];
  for (const p of [0, 1] as const) {
    const inPanel = series.filter((s) => s.panel === p);
    const ys = dodge(
      inPanel.map((s) => s.end.y),
      fontSize * 1.15,
      panels[p].y0 + fontSize * 0.6,
      panels[p].y1,
    );
    inPanel.forEach((s, i) => (s.end.labelY = ys[i]));
  }
  const n = data.splitBrain.length;
  const splitBrainNow = n >= 2 && data.splitBrain[n - 1] > data.splitBrain[n - 2];
  return { series, panels, splitBrainNow, fontSize, x0, x1 };
}

/** Draws the chart into `root`. Redraws a line only when its samples or the size changed. */
export function render(root: SvgGroup, samples: readonly MetricsSample[], opts: MetricsChartOptions): void {
  const last = samples[samples.length - 1];
  const sig = `${samples.length}|${last?.t}|${opts.width}|${opts.height}|${opts.presenter}`;
  const el = root.node();
  if (el && !changed(el, sig)) return;
  const m = metricsChartModel(samples, opts);
  root.classed('mayday-view', true);

  layer(root, 'panels')
    .selectAll<SVGGElement, PanelView>('g.panel')
    .data(m.panels)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'panel');
      g.append('line').attr('class', 'base').style('stroke', colorVar('muted'));
      g.append('text').attr('class', 'title').style('fill', colorVar('muted'));
      return g;
    })
    .each(function (p) {
      const base = this.querySelector('line.base') as SVGLineElement;
      base.setAttribute('x1', `${m.x0}`);
      base.setAttribute('x2', `${r1(m.x1)}`);
      base.setAttribute('y1', `${r1(p.y1)}`);
      base.setAttribute('y2', `${r1(p.y1)}`);
      const title = this.querySelector('text.title') as SVGTextElement;
      title.setAttribute('x', `${m.x0}`);
      title.setAttribute('y', `${r1(p.y0 - 4)}`);
      title.setAttribute('font-size', `${m.fontSize}`);
      title.textContent = `${p.title} (max ${p.max})`;
    });

  layer(root, 'series')
    .selectAll<SVGGElement, SeriesView>('g.series')
    .data(m.series, (d) => d.key)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'series');
      g.append('path').attr('fill', 'none').attr('stroke-linejoin', 'round');
      g.append('text').attr('dominant-baseline', 'central');
      return g;
    })
    .each(function (s) {
      const path = this.querySelector('path') as SVGPathElement;
      path.setAttribute('d', s.path);
      path.style.stroke = colorVar(s.color);
      path.setAttribute('stroke-width', `${s.width}`);
      path.setAttribute('stroke-dasharray', s.dash);
      const text = this.querySelector('text') as SVGTextElement;
      text.setAttribute('x', `${r1(s.end.x + 6)}`);
      text.setAttribute('y', `${r1(s.end.labelY)}`);
      text.setAttribute('font-size', `${m.fontSize}`);
      text.style.fill = colorVar(s.color === 'alarm' ? 'alarm' : 'ink');
      text.style.fontWeight = s.color === 'alarm' && m.splitBrainNow ? '800' : '600';
      // While split brain is growing the label turns to capitals: impossible to miss.
      text.textContent =
        s.key === 'splitBrain' && m.splitBrainNow ? `SPLIT BRAIN ${formatDuration(s.end.value)}` : s.end.text;
    });
}
