// The experiment plots as plain marks — texts, lines, shapes, bars, each with a stable key — and one
// keyed D3 join that draws any of them. Plot geometry (experimentPlots.ts) is then pure data, tested
// without a DOM; this file is the only one that touches SVG elements.
import type { BaseType, Selection } from 'd3-selection';
import { colorVar, type ColorToken } from './palette.ts';
import { layer, r1, type SvgGroup } from './svg.ts';

export interface TextMark {
  key: string;
  x: number;
  y: number;
  text: string;
  size: number;
  anchor?: 'start' | 'middle' | 'end';
  weight?: number;
  color?: ColorToken;
  /** Rotated −90° about (x, y): a vertical axis title. */
  vertical?: boolean;
  /** A background-coloured outline, so the text stays legible over lines. */
  halo?: boolean;
}

export interface LineMark {
  key: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  color: ColorToken;
  width?: number;
  dash?: string;
  opacity?: number;
}

export interface PathMark {
  key: string;
  d: string;
  /** Translation of `d`: shapes are centred on 0,0 (palette.shapePath). */
  x?: number;
  y?: number;
  stroke?: ColorToken;
  fill?: ColorToken;
  width?: number;
  dash?: string;
  opacity?: number;
  /** Tooltip: the exact value behind a mark. */
  title?: string;
}

export interface RectMark {
  key: string;
  x: number;
  y: number;
  width: number;
  height: number;
  color: ColorToken;
  title?: string;
}

export interface PlotMarks {
  rects: RectMark[];
  lines: LineMark[];
  paths: PathMark[];
  texts: TextMark[];
}

export interface PlotModel {
  width: number;
  height: number;
  marks: PlotMarks;
  /** One sentence for screen readers: what the plot shows and its headline numbers. */
  summary: string;
  /** Set when there is nothing to draw: says which settings would fill the plot. */
  empty: string | null;
}

export const emptyMarks = (): PlotMarks => ({ rects: [], lines: [], paths: [], texts: [] });

/** Average advance of a mixed-case character in em: a little generous, so labels never collide. */
export const TEXT_EM = 0.58;

export function textWidth(text: string, size: number): number {
  return text.length * TEXT_EM * size;
}

/** Words wrapped into lines no wider than `maxWidth` (SVG text does not wrap by itself). */
export function wrapText(text: string, maxWidth: number, size: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, size) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** The drawing's title and note, wrapped to its width; returns the y where the plot itself may start. */
export function heading(marks: PlotMarks, width: number, size: number, title: string, note?: string): number {
  let y = size * 0.2;
  wrapText(title, width, size * 1.15).forEach((line, i) => {
    y += size * 1.35;
    marks.texts.push({
      key: `title:${i}`,
      x: 0,
      y: y - size * 0.6,
      text: line,
      size: size * 1.15,
      weight: 700,
    });
  });
  wrapText(note ?? '', width, size).forEach((line, i) => {
    y += size * 1.3;
    marks.texts.push({ key: `note:${i}`, x: 0, y: y - size * 0.6, text: line, size, color: 'muted' });
  });
  return y + size * 0.4;
}

/** "0", "0.5 ms", "20 ms", "1 s", "1.5 min": short axis labels for times in ms. */
export function tickMs(ms: number): string {
  if (ms === 0) return '0';
  if (ms < 1000) return `${+ms.toPrecision(3)} ms`;
  if (ms < 120_000) return `${+(ms / 1000).toPrecision(3)} s`;
  return `${+(ms / 60_000).toPrecision(3)} min`;
}

/** Exact values for tooltips and labels: 3.47 ms, 63.2 s. */
export function valueMs(ms: number): string {
  if (ms === 0) return '0 ms';
  if (ms < 10) return `${+ms.toFixed(2)} ms`;
  if (ms < 100) return `${+ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${+(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${+(ms / 60_000).toFixed(1)} min`;
}

/** Powers of ten covering [lo, hi] (lo > 0): the ticks of a log axis. */
export function decades(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); 10 ** e <= hi * 1.0001; e++) out.push(10 ** e);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The join: four layers, each keyed, so a redraw moves marks instead of rebuilding them.

type Sel<E extends BaseType, D> = Selection<E, D, SVGGElement, unknown>;

function setTitle(el: Element, title: string | undefined): void {
  let t = el.querySelector(':scope > title');
  if (!title) return void t?.remove();
  if (!t) t = el.appendChild(document.createElementNS('http://www.w3.org/2000/svg', 'title'));
  t.textContent = title;
}

/** Draws `model` into `root` (a <g>): rects under lines under shapes under texts. */
export function renderMarks(root: SvgGroup, model: PlotModel): void {
  root.classed('mayday-view', true);
  const m = model.marks;
  (layer(root, 'rects').selectAll('rect') as Sel<SVGRectElement, RectMark>)
    .data(m.rects, (d) => d.key)
    .join('rect')
    .attr('x', (d) => r1(d.x))
    .attr('y', (d) => r1(d.y))
    .attr('width', (d) => r1(Math.max(0, d.width)))
    .attr('height', (d) => r1(d.height))
    .style('fill', (d) => colorVar(d.color))
    .each(function (d) {
      setTitle(this, d.title);
    });

  (layer(root, 'lines').selectAll('line') as Sel<SVGLineElement, LineMark>)
    .data(m.lines, (d) => d.key)
    .join('line')
    .attr('x1', (d) => r1(d.x1))
    .attr('y1', (d) => r1(d.y1))
    .attr('x2', (d) => r1(d.x2))
    .attr('y2', (d) => r1(d.y2))
    .attr('stroke-width', (d) => d.width ?? 1)
    .attr('stroke-dasharray', (d) => d.dash ?? null)
    .attr('stroke-opacity', (d) => d.opacity ?? null)
    .style('stroke', (d) => colorVar(d.color));

  (layer(root, 'paths').selectAll('path') as Sel<SVGPathElement, PathMark>)
    .data(m.paths, (d) => d.key)
    .join('path')
    .attr('d', (d) => d.d)
    .attr('transform', (d) => (d.x === undefined ? null : `translate(${r1(d.x)},${r1(d.y ?? 0)})`))
    .attr('stroke-width', (d) => d.width ?? 1.5)
    .attr('stroke-dasharray', (d) => d.dash ?? null)
    .attr('stroke-linejoin', 'round')
    .attr('opacity', (d) => d.opacity ?? null)
    .style('stroke', (d) => (d.stroke ? colorVar(d.stroke) : 'none'))
    .style('fill', (d) => (d.fill ? colorVar(d.fill) : 'none'))
    .each(function (d) {
      setTitle(this, d.title);
    });

  (layer(root, 'texts').selectAll('text') as Sel<SVGTextElement, TextMark>)
    .data(m.texts, (d) => d.key)
    .join('text')
    .attr('x', (d) => r1(d.x))
    .attr('y', (d) => r1(d.y))
    .attr('transform', (d) => (d.vertical ? `rotate(-90 ${r1(d.x)} ${r1(d.y)})` : null))
    .attr('font-size', (d) => d.size)
    .attr('text-anchor', (d) => d.anchor ?? 'start')
    .attr('dominant-baseline', 'central')
    .style('font-weight', (d) => d.weight ?? 400)
    .style('fill', (d) => colorVar(d.color ?? 'ink'))
    .style('stroke', (d) => (d.halo ? colorVar('bg') : null))
    .style('stroke-width', (d) => (d.halo ? '3px' : null))
    .style('paint-order', (d) => (d.halo ? 'stroke' : null))
    .text((d) => d.text);
}
