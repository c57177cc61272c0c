// Messages in flight. Where a message is at time t is computed from its sentAt/deliverAt, never
// animated as state (RaftScope), so scrubbing and replay are free. Heartbeats are small dots with
// a tail that shows direction; the distress is a large diamond with a "MAYDAY" label in its own
// layer on top; a doomed message travels part way, is crossed out and fades: we draw what fails.
import type { MessageInFlight } from '../core/snapshot.ts';
import { colorVar, messageKind, messageStyles, onColorVar, shapePath, type MessageKind } from './palette.ts';
import { textWidth, type RingLayout } from './ringLayout.ts';
import { clamp01, layer, r1, translate, type SvgGroup } from './svg.ts';

/** Fraction of the way a doomed message gets before it is lost. */
export const DOOM_STOP = 0.55;

export interface Point {
  x: number;
  y: number;
}

/** (t − sentAt) / (deliverAt − sentAt), clamped to [0, 1]; an instant message is already there. */
export function flightProgress(m: Pick<MessageInFlight, 'sentAt' | 'deliverAt'>, t: number): number {
  const span = m.deliverAt - m.sentAt;
  if (!(span > 0)) return t >= m.sentAt ? 1 : 0;
  return clamp01((t - m.sentAt) / span);
}

export function interpolate(a: Point, b: Point, p: number): Point {
  const q = clamp01(p);
  return { x: a.x + (b.x - a.x) * q, y: a.y + (b.y - a.y) * q };
}

/**
 * Position of a message going from `a` to `b` at progress p, shifted sideways by `lane` px to the
 * right of its direction: a → b and b → a travel on two separate lanes, like traffic.
 */
export function flightPoint(a: Point, b: Point, p: number, lane: number): Point & { angle: number } {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const at = interpolate(a, b, p);
  // Screen y points down, so (−dy, dx) is the right-hand side of the direction of travel.
  return {
    x: at.x - (dy / len) * lane,
    y: at.y + (dx / len) * lane,
    angle: (Math.atan2(dy, dx) * 180) / Math.PI,
  };
}

/** How a doomed message looks at progress p: where it stops, when it is crossed out, how it fades. */
export function doomedLook(p: number): { travel: number; crossed: boolean; opacity: number } {
  if (p < DOOM_STOP) return { travel: p, crossed: false, opacity: 1 };
  return { travel: DOOM_STOP, crossed: true, opacity: 1 - (0.85 * (p - DOOM_STOP)) / (1 - DOOM_STOP) };
}

export interface FlightView {
  id: number;
  kind: MessageKind;
  x: number;
  y: number;
  /** Direction of travel, degrees (0 = right, clockwise on screen). */
  angle: number;
  progress: number;
  doomed: boolean;
  crossed: boolean;
  opacity: number;
  /** Drawn radius of the mark. */
  size: number;
  label: string;
}

export interface FlightOptions {
  layout: RingLayout;
  t: number;
}

/** Scale of message marks relative to the node size, bounded so dots stay visible and small. */
export function flightScale(layout: RingLayout): number {
  return Math.min(1.8, Math.max(0.7, layout.nodeRadius / 18));
}

export function flightModel(messages: readonly MessageInFlight[], opts: FlightOptions): FlightView[] {
  const { layout, t } = opts;
  const scale = flightScale(layout);
  const lane = Math.min(6, Math.max(2, layout.nodeRadius * 0.2));
  const out: FlightView[] = [];
  for (const m of messages) {
    const a = layout.byId.get(m.from);
    const b = layout.byId.get(m.to);
    if (!a || !b || m.from === m.to) continue;
    const progress = flightProgress(m, t);
    const look = m.doomed ? doomedLook(progress) : { travel: progress, crossed: false, opacity: 1 };
    // Start and end at the shapes' rims, not their centres.
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    const trim = Math.min(layout.nodeRadius * 1.15, len / 3);
    const ux = (b.x - a.x) / len;
    const uy = (b.y - a.y) / len;
    const from = { x: a.x + ux * trim, y: a.y + uy * trim };
    const to = { x: b.x - ux * trim, y: b.y - uy * trim };
    const kind = messageKind(m.type);
    const pt = flightPoint(from, to, look.travel, kind === 'distress' ? 0 : lane);
    out.push({
      id: m.id,
      kind,
      x: pt.x,
      y: pt.y,
      angle: pt.angle,
      progress,
      doomed: m.doomed,
      crossed: look.crossed,
      opacity: look.opacity,
      size: messageStyles[kind].size * scale,
      label: kind === 'distress' ? 'MAYDAY' : '',
    });
  }
  return out;
}

/** Draws every message of `messages` at time `opts.t` into `root`. Keyed by message id. */
export function render(root: SvgGroup, messages: readonly MessageInFlight[], opts: FlightOptions): void {
  const views = flightModel(messages, opts);
  const routine = views.filter((v) => v.kind !== 'distress');
  const distress = views.filter((v) => v.kind === 'distress');
  root.attr('pointer-events', 'none').classed('mayday-view', true);
  draw(layer(root, 'flights'), routine, opts.layout);
  // Its own layer, drawn last: nothing may cover the distress.
  draw(layer(root, 'distress'), distress, opts.layout);
}

interface Drawn {
  tf: string;
  angle: number;
  size: number;
  crossed: boolean;
  labelSize: number;
  opacity: number;
}

const drawn = new WeakMap<Element, Drawn>();

function draw(g: SvgGroup, views: FlightView[], layout: RingLayout): void {
  const labelSize = Math.max(12, Math.round(layout.statusFontSize * 0.8));
  g.selectAll<SVGGElement, FlightView>('g.msg')
    .data(views, (d) => d.id)
    .join((enter) => {
      const m = enter.append('g').attr('class', (d) => `msg ${d.kind}`);
      m.filter((d) => d.kind === 'heartbeat' || d.kind === 'distress')
        .append('line')
        .attr('class', 'tail')
        .style('stroke', (d) => colorVar(messageStyles[d.kind].color))
        .attr('stroke-linecap', 'round');
      m.append('path')
        .attr('class', 'shape')
        .style('fill', (d) => colorVar(messageStyles[d.kind].color))
        .style('stroke', (d) => colorVar(d.kind === 'distress' ? 'ink' : 'bg'));
      // The MAYDAY label: dark text on a distress-coloured tag, readable in both themes.
      const tag = m
        .filter((d) => d.kind === 'distress')
        .append('g')
        .attr('class', 'label');
      tag.append('rect').attr('rx', 4).style('fill', colorVar('distress')).style('stroke', colorVar('ink'));
      tag
        .append('text')
        .attr('text-anchor', 'middle')
        .attr('dominant-baseline', 'central')
        .style('fill', onColorVar('distress'))
        .style('font-weight', '800')
        .text((d) => d.label);
      return m;
    })
    .each(function (d) {
      // Per frame: one transform (and an opacity while a doomed message fades); the rest only on change.
      const prev = drawn.get(this);
      const tf = translate(d.x, d.y);
      if (prev?.tf !== tf) this.setAttribute('transform', tf);
      const stale =
        !prev ||
        prev.angle !== d.angle ||
        prev.size !== d.size ||
        prev.crossed !== d.crossed ||
        prev.labelSize !== labelSize;
      if (stale) drawStatic(this, d, labelSize);
      const opacity = Math.round(d.opacity * 100) / 100;
      if (d.doomed && prev?.opacity !== opacity) this.setAttribute('opacity', `${opacity}`);
      drawn.set(this, { tf, angle: d.angle, size: d.size, crossed: d.crossed, labelSize, opacity });
    });
}

/** What changes only with direction, size or doom: tail, shape, label, cross. */
function drawStatic(el: SVGGElement, d: FlightView, labelSize: number): void {
  const style = messageStyles[d.kind];
  const rad = (d.angle * Math.PI) / 180;
  const [cx, cy] = [Math.cos(rad), Math.sin(rad)];
  const shape = el.querySelector('path.shape') as SVGPathElement;
  shape.setAttribute('d', shapePath(style.shape, d.size));
  // Only the triangle turns to point where it goes; the distress diamond stays a diamond.
  if (style.shape === 'triangle') shape.setAttribute('transform', `rotate(${r1(d.angle + 90)})`);
  shape.setAttribute('stroke-width', d.kind === 'distress' ? '2' : '1');
  const tail = el.querySelector('line.tail');
  if (tail) {
    // A short wake behind the mark shows the direction of travel while it moves.
    const [a, b] = d.kind === 'distress' ? [1.1, 3.2] : [1, 2.8];
    tail.setAttribute('x1', `${r1(-cx * d.size * a)}`);
    tail.setAttribute('y1', `${r1(-cy * d.size * a)}`);
    tail.setAttribute('x2', `${r1(-cx * d.size * b)}`);
    tail.setAttribute('y2', `${r1(-cy * d.size * b)}`);
    tail.setAttribute('stroke-width', `${r1(d.size * (d.kind === 'distress' ? 0.6 : 0.9))}`);
    tail.setAttribute('opacity', '0.4');
  }
  const tag = el.querySelector('g.label');
  if (tag) {
    const w = textWidth(d.label.length, labelSize) * 0.95 + 10;
    const h = labelSize * 1.3;
    const y = -d.size * 1.2 - 6 - h / 2;
    tag.setAttribute('transform', translate(0, y));
    const rect = tag.querySelector('rect') as SVGRectElement;
    rect.setAttribute('x', `${r1(-w / 2)}`);
    rect.setAttribute('y', `${r1(-h / 2)}`);
    rect.setAttribute('width', `${r1(w)}`);
    rect.setAttribute('height', `${r1(h)}`);
    tag.querySelector('text')?.setAttribute('font-size', `${labelSize}`);
  }
  let cross = el.querySelector('path.cross');
  if (d.crossed && !cross) {
    cross = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    cross.setAttribute('class', 'cross');
    (cross as SVGPathElement).style.fill = colorVar('ink');
    el.append(cross);
  }
  if (cross) cross.setAttribute('d', d.crossed ? shapePath('cross', d.size * 1.2 + 2) : '');
}
