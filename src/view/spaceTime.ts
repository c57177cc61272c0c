// Space-time diagram: one lane per node, time on x over the window [t − W, t]. Messages are lines
// from (sentAt, sender) to (deliverAt, receiver), cut at "now" while in flight; a message that
// will be lost stops part way (dashed). Key trace events are marks on their lane; split brain is
// a band in the alarm colour. Geometry comes from spaceTimeModel.ts; joins are keyed.
import type { NodeId, TraceEvent } from '../core/types.ts';
import { colorVar, messageStyles, shapePath } from './palette.ts';
import { changed, layer, r1, type SvgGroup } from './svg.ts';
import { paintStrokes } from './spaceTimeCanvas.ts';
import {
  spaceTimeModel,
  strokeBatches,
  type BandView,
  type MarkView,
  type SegmentView,
  type SpaceTimeOptions,
} from './spaceTimeModel.ts';

export * from './spaceTimeModel.ts';

/**
 * Draws the diagram into `root`. `events` must be ordered by t (as a trace is). With `canvas` (laid
 * under the SVG), routine message lines are painted there in batches and only the distress lines
 * are SVG elements; without it (an export, a test), every line is.
 */
export function render(
  root: SvgGroup,
  events: readonly TraceEvent[],
  opts: SpaceTimeOptions,
  canvas?: HTMLCanvasElement | null,
): void {
  const m = spaceTimeModel(events, opts);
  if (canvas) paintStrokes(canvas, strokeBatches(m.segments), opts.width, opts.height);
  const lines = canvas ? m.segments.filter((s) => s.kind === 'distress') : m.segments;
  root.classed('mayday-view', true);
  const { lanes } = m;

  layer(root, 'lanes')
    .selectAll<SVGGElement, NodeId>('g.lane')
    .data(opts.nodes, (d) => d)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'lane');
      // The lane's whole height: something to point at (the linked views), tinted when highlighted.
      g.append('rect').attr('class', 'hit').style('fill', colorVar('ink')).attr('pointer-events', 'all');
      g.append('line').style('stroke', colorVar('muted'));
      g.append('text')
        .attr('text-anchor', 'end')
        .attr('dominant-baseline', 'central')
        .style('fill', colorVar('ink'));
      return g;
    })
    .each(function (id, i) {
      const y = r1(lanes.y.get(id) ?? 0);
      const hl = id === opts.highlighted;
      const key = `${y}|${m.left}|${m.right}|${lanes.fontSize}|${lanes.labelEvery}|${i}|${hl}`;
      if (!changed(this, key)) return;
      this.setAttribute('data-node', id);
      this.toggleAttribute('data-highlighted', hl);
      const hit = this.querySelector('rect') as SVGRectElement;
      hit.setAttribute('x', '0');
      hit.setAttribute('width', `${r1(m.right)}`);
      hit.setAttribute('y', `${r1(y - lanes.laneH / 2)}`);
      hit.setAttribute('height', `${r1(lanes.laneH)}`);
      hit.setAttribute('opacity', hl ? '0.1' : '0');
      const line = this.querySelector('line') as SVGLineElement;
      line.setAttribute('x1', `${r1(m.left)}`);
      line.setAttribute('x2', `${r1(m.right)}`);
      line.setAttribute('y1', `${y}`);
      line.setAttribute('y2', `${y}`);
      line.setAttribute('opacity', hl ? '0.9' : '0.3');
      line.setAttribute('stroke-width', hl ? '2' : '1');
      const text = this.querySelector('text') as SVGTextElement;
      text.setAttribute('x', `${r1(m.left - 6)}`);
      text.setAttribute('y', `${y}`);
      text.setAttribute('font-size', `${r1(lanes.fontSize)}`);
      text.style.fontWeight = hl ? '800' : '';
      // Thin lanes label every k-th one; the highlighted lane always says whose it is.
      text.textContent = hl || i % lanes.labelEvery === 0 ? id : '';
    });

  const axisY = lanes.top + lanes.laneH * opts.nodes.length + 4;
  layer(root, 'axis')
    .selectAll<SVGTextElement, { x: number; label: string }>('text')
    .data(m.ticks, (d) => d.label)
    .join((enter) =>
      enter.append('text').attr('dominant-baseline', 'hanging').style('fill', colorVar('muted')),
    )
    // The last tick sits on the right edge: keep its text inside.
    .attr('text-anchor', (d) => (d.x > m.right - 30 ? 'end' : 'middle'))
    .attr('x', (d) => r1(d.x))
    .attr('y', r1(axisY))
    .attr('font-size', opts.presenter ? 18 : 12)
    .text((d) => d.label);

  layer(root, 'bands')
    .selectAll<SVGGElement, BandView>('g.band')
    .data(m.bands, (d) => d.key)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'band');
      g.append('rect').style('fill', colorVar('alarm')).attr('opacity', 0.22);
      g.append('text')
        .style('fill', colorVar('alarm'))
        .style('font-weight', '800')
        .attr('dominant-baseline', 'hanging');
      return g;
    })
    .each(function (d) {
      const rect = this.querySelector('rect') as SVGRectElement;
      rect.setAttribute('x', `${r1(d.x1)}`);
      rect.setAttribute('width', `${r1(Math.max(2, d.x2 - d.x1))}`);
      rect.setAttribute('y', `${r1(d.y1)}`);
      rect.setAttribute('height', `${r1(d.y2 - d.y1)}`);
      const text = this.querySelector('text') as SVGTextElement;
      text.setAttribute('x', `${r1(d.x1 + 4)}`);
      text.setAttribute('y', `${r1(d.y1 + 2)}`);
      text.setAttribute('font-size', `${r1(Math.max(11, lanes.fontSize))}`);
      text.textContent = d.label;
    });

  layer(root, 'messages')
    .selectAll<SVGLineElement, SegmentView>('line')
    .data(lines, (d) => d.id)
    .join((enter) =>
      enter
        .append('line')
        .style('stroke', (d) => colorVar(messageStyles[d.kind].color))
        .attr('stroke-width', (d) => (d.kind === 'distress' ? 3 : d.kind === 'heartbeat' ? 1 : 1.5))
        .attr('opacity', (d) => (d.kind === 'heartbeat' ? 0.55 : 0.9)),
    )
    .each(function (d) {
      this.setAttribute('x1', `${r1(d.x1)}`);
      this.setAttribute('y1', `${r1(d.y1)}`);
      this.setAttribute('x2', `${r1(d.x2)}`);
      this.setAttribute('y2', `${r1(d.y2)}`);
      if (changed(this, `${d.lost}`)) this.setAttribute('stroke-dasharray', d.lost ? '4 3' : '');
    });

  layer(root, 'marks')
    .selectAll<SVGGElement, MarkView>('g.mark')
    .data(m.marks, (d) => d.key)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'mark');
      g.append('title');
      g.append('path').style('stroke', colorVar('ink')).attr('stroke-width', 1);
      g.append('text')
        .attr('dominant-baseline', 'central')
        .style('fill', colorVar('ink'))
        .style('stroke', colorVar('bg'))
        .style('stroke-width', '3px')
        .style('paint-order', 'stroke');
      return g;
    })
    .each(function (d) {
      this.setAttribute('transform', `translate(${r1(d.x)},${r1(d.y)})`);
      if (!changed(this, `${d.kind}|${d.label}|${d.color}|${m.markSize}|${d.labelDy}|${d.labelAnchor}`))
        return;
      (this.querySelector('title') as Element).textContent = d.title;
      const path = this.querySelector('path') as SVGPathElement;
      path.setAttribute('d', shapePath(d.shape, m.markSize));
      path.style.fill = colorVar(d.color);
      const text = this.querySelector('text') as SVGTextElement;
      const before = d.labelAnchor === 'end';
      text.setAttribute('x', `${r1(before ? -(m.markSize + 3) : m.markSize + 3)}`);
      text.setAttribute('text-anchor', before ? 'end' : 'start');
      text.setAttribute('y', `${r1(d.labelDy ?? 0)}`);
      text.setAttribute('font-size', `${r1(m.markFont)}`);
      text.textContent = d.labelDy == null ? '' : d.label;
    });

  layer(root, 'now')
    .selectAll<SVGLineElement, number>('line')
    .data([m.right])
    .join((enter) => enter.append('line').style('stroke', colorVar('ink')).attr('stroke-width', 2))
    .attr('x1', (d) => r1(d))
    .attr('x2', (d) => r1(d))
    .attr('y1', lanes.top)
    .attr('y2', r1(axisY));
}
