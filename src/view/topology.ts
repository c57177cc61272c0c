// The ring of nodes: shape + colour + words for each node's truth (or, truth hidden, the selected
// node's belief), role badges, the selected node's beliefs with wrong ones marked, the shrinking
// time-to-death arc and the path the failing node took. Geometry comes from `topologyModel`; this
// keyed join rewrites a node only when its signature changes; the arc is the only per-frame work.
import { arc as d3arc } from 'd3-shape';
import type { ClusterSnapshot } from '../core/snapshot.ts';
import { colorVar, onColorVar, shapePath, stateStyles, type Shape } from './palette.ts';
import { LINE_EM, type RingLayout } from './ringLayout.ts';
import { changed, layer, r1, translate, type SvgGroup } from './svg.ts';
import {
  ADMIN_ANGLE,
  WRONG_ANGLE,
  badgeSpot,
  topologyModel,
  type BadgeView,
  type EdgeView,
  type NodeView,
  type Spot,
  type TopologyOptions,
} from './topologyModel.ts';

export * from './topologyModel.ts';

const callbacks = new WeakMap<Element, TopologyOptions['onActivate']>();
const installed = new WeakSet<Element>();

/** One delegated listener per root; the latest callback is looked up at event time. */
function installHandlers(root: SvgGroup): void {
  const el = root.node();
  if (!el || installed.has(el)) return;
  installed.add(el);
  const fire = (event: Event): void => {
    const target = (event.target as Element | null)?.closest?.('[data-node]');
    const id = target?.getAttribute('data-node');
    const cb = callbacks.get(el);
    if (id && cb) cb(id, event);
  };
  root.on('click.mayday', fire);
  root.on('keydown.mayday', (event: KeyboardEvent) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    fire(event);
  });
}

const arcGen = d3arc<number>()
  .innerRadius(0)
  .outerRadius(0)
  .startAngle(0)
  .endAngle((f) => f * 2 * Math.PI);

function arcPath(fraction: number, inner: number, outer: number): string {
  return arcGen.innerRadius(inner).outerRadius(outer)(fraction) ?? '';
}

/** Draws the ring into `root` (an SVG <g>). Call every frame; only what changed is touched. */
export function render(root: SvgGroup, snapshot: ClusterSnapshot, opts: TopologyOptions): void {
  const { layout } = opts;
  const model = topologyModel(snapshot, opts);
  root.classed('mayday-view', true);
  const el = root.node();
  if (el) callbacks.set(el, opts.onActivate);
  installHandlers(root);
  const rn = layout.nodeRadius;

  layer(root, 'edges')
    .selectAll<SVGLineElement, EdgeView>('line')
    .data(model.edges, (d) => d.key)
    .join((enter) => enter.append('line').style('stroke', colorVar('muted')).attr('stroke-linecap', 'round'))
    .each(function (d) {
      if (!changed(this, `${r1(d.x1)},${r1(d.y1)},${r1(d.x2)},${r1(d.y2)},${d.severed},${d.oneWay}`)) return;
      this.setAttribute('x1', `${r1(d.x1)}`);
      this.setAttribute('y1', `${r1(d.y1)}`);
      this.setAttribute('x2', `${r1(d.x2)}`);
      this.setAttribute('y2', `${r1(d.y2)}`);
      this.setAttribute('stroke-width', d.severed ? '1.5' : '2');
      this.setAttribute('stroke-dasharray', d.severed ? (d.oneWay ? '8 4 2 4' : '3 6') : '');
      this.setAttribute('opacity', d.severed ? '0.5' : '0.35');
    });

  const nodes = layer(root, 'nodes')
    .selectAll<SVGGElement, NodeView>('g.mayday-node')
    .data(model.nodes, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'mayday-node').attr('tabindex', 0).attr('role', 'button');
      g.append('title');
      // Behind everything else of the node: the halo of the linked-views highlight.
      g.append('circle').attr('class', 'hl').style('fill', colorVar('ink')).attr('opacity', 0.16);
      g.append('circle').attr('class', 'mayday-focus').attr('fill', 'none').style('visibility', 'hidden');
      g.append('circle').attr('class', 'sel').attr('fill', 'none');
      g.append('path').attr('class', 'track');
      g.append('path').attr('class', 'arc').style('fill', colorVar('warning'));
      g.append('path').attr('class', 'shape');
      g.append('text').attr('class', 'id').attr('text-anchor', 'middle').attr('dominant-baseline', 'central');
      g.append('g').attr('class', 'badges');
      g.append('g').attr('class', 'belief');
      g.append('text').attr('class', 'status');
      return g;
    });

  nodes.each(function (d) {
    // The arc changes every frame while a failure is coming; nothing else does.
    const arcEl = this.querySelector('path.arc') as SVGPathElement;
    const track = this.querySelector('path.track') as SVGPathElement;
    const arcD = d.arc == null ? '' : arcPath(d.arc, rn * 1.3, rn * 1.48);
    if (arcEl.getAttribute('d') !== arcD) arcEl.setAttribute('d', arcD);
    if (changed(track, d.arc == null ? '' : `${rn}`)) {
      track.setAttribute('d', d.arc == null ? '' : arcPath(1, rn * 1.3, rn * 1.48));
      track.style.fill = colorVar('muted');
      track.setAttribute('opacity', '0.25');
    }
    if (changed(this, d.sig)) drawNode(this, d, layout);
    const halo = this.querySelector('circle.hl') as SVGCircleElement;
    const hl = d.id === opts.highlighted ? `${r1(layout.outerRadius + 7)}` : '0';
    if (halo.getAttribute('r') !== hl) halo.setAttribute('r', hl);
  });
  drawCaptions(layer(root, 'captions'), model.nodes);
}

function drawNode(g: SVGGElement, d: NodeView, layout: RingLayout): void {
  const rn = layout.nodeRadius;
  const sel = (s: string): SVGElement => g.querySelector(s) as SVGElement;
  g.setAttribute('transform', translate(d.x, d.y));
  g.setAttribute('data-node', d.id);
  g.setAttribute('data-state', d.state);
  g.setAttribute('aria-label', d.aria);
  g.setAttribute('aria-pressed', String(d.selected));
  sel('title').textContent = d.aria;
  const focus = sel('circle.mayday-focus');
  focus.setAttribute('r', `${r1(layout.outerRadius + 2)}`);
  focus.style.stroke = colorVar('ink');
  focus.setAttribute('stroke-width', '2');
  const ring = sel('circle.sel');
  ring.setAttribute('r', `${r1(layout.outerRadius - 1)}`);
  ring.style.stroke = d.selected ? colorVar('ink') : 'none';
  ring.setAttribute('stroke-width', `${Math.max(2, rn * 0.12)}`);
  ring.setAttribute('stroke-dasharray', d.adminPending ? '4 3' : '');
  if (d.adminPending && !d.selected) ring.style.stroke = colorVar('silent');

  const shape = sel('path.shape');
  shape.setAttribute('d', shapePath(d.shape, rn));
  shape.style.fill = colorVar(d.color);
  shape.style.stroke = colorVar('ink');
  shape.setAttribute('stroke-width', `${Math.max(1, rn * 0.06)}`);

  // The id sits inside big shapes; with many nodes it moves into the radial label instead.
  const id = sel('text.id');
  const inside = layout.labelMode === 'below';
  id.textContent = inside ? d.id : '';
  id.setAttribute('font-size', `${layout.idFontSize}`);
  const halo = d.shape === 'cross' || d.shape === 'ring';
  id.style.fill = halo ? colorVar('ink') : onColorVar(d.color);
  id.style.stroke = halo ? colorVar('bg') : 'none';
  id.style.strokeWidth = halo ? '4px' : '0';
  id.style.paintOrder = 'stroke';
  id.setAttribute('y', d.shape === 'triangle' ? `${r1(rn * 0.22)}` : '0');

  const status = sel('text.status');
  status.textContent = d.status;
  status.setAttribute('font-size', `${layout.statusFontSize}`);
  status.setAttribute('text-anchor', d.label.anchor);
  status.setAttribute('dominant-baseline', layout.labelMode === 'radial' ? 'central' : 'auto');
  status.setAttribute(
    'transform',
    `${translate(d.label.x - d.x, d.label.y - d.y)}${d.label.rotate ? ` rotate(${r1(d.label.rotate)})` : ''}`,
  );
  status.style.fill = colorVar('ink');

  drawBadges(sel('g.badges') as SVGGElement, d.badges, d.belief, d.adminPending, layout);
}

function drawBadges(
  g: SVGGElement,
  roles: BadgeView[],
  belief: NodeView['belief'],
  adminPending: boolean,
  layout: RingLayout,
): void {
  // Few elements and rarely changed: rebuilt whenever the node's signature changes.
  g.replaceChildren();
  const ns = 'http://www.w3.org/2000/svg';
  const add = (
    spot: Spot,
    shape: Shape,
    fill: string,
    text: string,
    title: string,
    textFill: string,
  ): void => {
    const b = document.createElementNS(ns, 'g');
    b.setAttribute('transform', translate(spot.x, spot.y));
    const t = document.createElementNS(ns, 'title');
    t.textContent = title;
    const p = document.createElementNS(ns, 'path');
    p.setAttribute('d', shapePath(shape, spot.r));
    p.style.fill = fill;
    p.style.stroke = colorVar('ink');
    p.setAttribute('stroke-width', '1');
    b.append(t, p);
    if (text && spot.r * 1.15 >= 8) {
      const tx = document.createElementNS(ns, 'text');
      tx.textContent = text;
      tx.setAttribute('font-size', `${r1(spot.r * 1.15)}`);
      tx.setAttribute('text-anchor', 'middle');
      tx.setAttribute('dominant-baseline', 'central');
      tx.style.fill = textFill;
      b.append(tx);
    }
    g.append(b);
  };
  for (const b of roles) {
    add(b, b.shape, colorVar('bg'), b.showText ? b.text : '', b.title, colorVar('ink'));
  }
  if (belief) {
    const color = stateStyles[belief.state].color;
    const title = `${belief.holder} believes: ${belief.label}${belief.wrong ? ' — wrong' : ''}`;
    add(belief, 'circle', colorVar(color), belief.short, title, onColorVar(color));
    if (belief.wrong) {
      const w = { ...badgeSpot(layout, WRONG_ANGLE), r: belief.r };
      add(w, 'circle', colorVar('bg'), '✗', `${belief.holder}'s belief is wrong`, colorVar('ink'));
    }
  }
  if (adminPending) {
    add(
      badgeSpot(layout, ADMIN_ANGLE),
      'square',
      colorVar('silent'),
      '?',
      'waiting for an administrator',
      onColorVar('silent'),
    );
  }
}

function drawCaptions(g: SvgGroup, nodes: NodeView[]): void {
  const withCaption = nodes.filter((n) => n.caption);
  g.selectAll<SVGTextElement, NodeView>('text')
    .data(withCaption, (d) => d.id)
    .join((enter) =>
      enter
        .append('text')
        .style('fill', colorVar('ink'))
        .style('stroke', colorVar('bg'))
        .style('stroke-width', '4px')
        .style('paint-order', 'stroke'),
    )
    .each(function (d) {
      const c = d.caption;
      if (!c || !changed(this, `${c.lines.join('\n')}|${r1(c.x)}|${r1(c.y)}|${c.fontSize}`)) return;
      this.setAttribute('font-size', `${c.fontSize}`);
      this.setAttribute('text-anchor', c.anchor);
      this.replaceChildren(
        ...c.lines.map((line, i) => {
          const span = document.createElementNS('http://www.w3.org/2000/svg', 'tspan');
          span.setAttribute('x', `${r1(c.x)}`);
          span.setAttribute('y', `${r1(c.y + i * c.fontSize * LINE_EM)}`);
          span.textContent = line;
          return span;
        }),
      );
    });
}
