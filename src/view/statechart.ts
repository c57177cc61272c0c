// The node lifecycle machine drawn as boxes and arrows, with the current state highlighted.
// Input is plain data (state ids, edges, current id); dotted ids are children drawn inside their
// parent ("impendingFailure.sendingDistressSync"). Layered layout: columns by distance from the initial
// state, so the story reads left to right (healthy → impendingFailure → sendingDistress → fenced).
import { colorVar } from './palette.ts';
import { LINE_EM, textWidth, type Box } from './ringLayout.ts';
import { changed, layer, r1, type SvgGroup } from './svg.ts';

export interface StatechartState {
  id: string;
  label?: string;
}

export interface StatechartEdge {
  from: string;
  to: string;
  /** Event name, e.g. "failure.detected". */
  label?: string;
}

export interface StatechartData {
  states: readonly StatechartState[];
  edges: readonly StatechartEdge[];
  /** Defaults to the first top-level state. */
  initial?: string;
  /** Current dotted state value; it and its ancestors are highlighted. */
  current: string | null;
}

export interface StatechartOptions {
  width: number;
  height: number;
  presenter?: boolean;
  /**
   * Never shrink below this scale (default 0: always fit). At 1 the text stays at its full 13 px
   * (20 px presenter) and a big machine draws wider than `width`: its container scrolls.
   */
  minScale?: number;
}

export interface StateBox extends Box {
  id: string;
  label: string;
  depth: number;
  parent: string | null;
  active: boolean;
}

export interface EdgeView {
  key: string;
  d: string;
  arrow: { x: number; y: number; angle: number };
  label: string;
  labelX: number;
  labelY: number;
  /** Leaves the current state: one of the next things that can happen. */
  next: boolean;
}

export interface StatechartModel {
  boxes: StateBox[];
  edges: EdgeView[];
  /** Uniform scale that fits the natural drawing into width × height (≤ 1.5). */
  scale: number;
  fontSize: number;
  /** Size of the drawing once scaled: the SVG needs at least this much room. */
  drawnWidth: number;
  drawnHeight: number;
}

export function parentOf(id: string, ids: ReadonlySet<string>): string | null {
  for (let i = id.lastIndexOf('.'); i > 0; i = id.lastIndexOf('.', i - 1)) {
    const p = id.slice(0, i);
    if (ids.has(p)) return p;
  }
  return null;
}

export function isActive(id: string, current: string | null): boolean {
  return current != null && (current === id || current.startsWith(`${id}.`));
}

/** Columns: breadth-first distance from the initial state over edges lifted to top level. */
export function stateDepths(
  tops: readonly string[],
  edges: readonly StatechartEdge[],
  top: (id: string) => string,
  initial: string,
): Map<string, number> {
  const depth = new Map<string, number>([[initial, 0]]);
  const queue = [initial];
  while (queue.length) {
    const s = queue.shift() as string;
    for (const e of edges) {
      const a = top(e.from);
      const b = top(e.to);
      if (a === s && !depth.has(b)) {
        depth.set(b, (depth.get(s) ?? 0) + 1);
        queue.push(b);
      }
    }
  }
  const maxD = Math.max(0, ...depth.values());
  for (const s of tops) if (!depth.has(s)) depth.set(s, maxD + 1);
  return depth;
}

/** From one box to another: forward edges run right, backward and same-column edges loop below. */
export function edgeGeometry(a: Box, b: Box, bend = 0): Pick<EdgeView, 'd' | 'arrow' | 'labelX' | 'labelY'> {
  if (a === b) {
    const x = a.x + a.width * 0.75;
    const y = a.y;
    return {
      d: `M${r1(x - 10)},${r1(y)}C${r1(x - 10)},${r1(y - 26)} ${r1(x + 18)},${r1(y - 26)} ${r1(x + 10)},${r1(y)}`,
      arrow: { x: r1(x + 10), y: r1(y), angle: 100 },
      labelX: x,
      labelY: y - 24,
    };
  }
  if (b.x > a.x + a.width - 1) {
    const x1 = a.x + a.width;
    const y1 = a.y + a.height / 2 + bend;
    const x2 = b.x;
    const y2 = b.y + b.height / 2 + bend;
    const mx = (x1 + x2) / 2;
    return {
      d: `M${r1(x1)},${r1(y1)}C${r1(mx)},${r1(y1)} ${r1(mx)},${r1(y2)} ${r1(x2)},${r1(y2)}`,
      arrow: { x: r1(x2), y: r1(y2), angle: 0 },
      labelX: mx,
      labelY: (y1 + y2) / 2 - 4,
    };
  }
  const x1 = a.x + a.width / 2;
  const y1 = a.y + a.height;
  const x2 = b.x + b.width / 2;
  const y2 = b.y + b.height;
  const low = Math.max(y1, y2) + 28 + Math.abs(bend);
  return {
    d: `M${r1(x1)},${r1(y1)}C${r1(x1)},${r1(low)} ${r1(x2)},${r1(low)} ${r1(x2)},${r1(y2)}`,
    arrow: { x: r1(x2), y: r1(y2), angle: -90 },
    labelX: (x1 + x2) / 2,
    labelY: low - 4,
  };
}

export function statechartModel(data: StatechartData, opts: StatechartOptions): StatechartModel {
  const f = opts.presenter ? 20 : 13;
  const pad = f * 0.6;
  const ids = new Set(data.states.map((s) => s.id));
  const label = new Map(data.states.map((s) => [s.id, s.label ?? s.id.slice(s.id.lastIndexOf('.') + 1)]));
  const parent = new Map(data.states.map((s) => [s.id, parentOf(s.id, ids)]));
  const top = (id: string): string => {
    let s = id;
    while (parent.get(s)) s = parent.get(s) as string;
    return s;
  };
  const tops = data.states.filter((s) => !parent.get(s.id)).map((s) => s.id);
  const children = (id: string): string[] =>
    data.states.filter((s) => parent.get(s.id) === id).map((s) => s.id);
  const depth = stateDepths(tops, data.edges, top, data.initial ?? tops[0] ?? '');

  const rowH = f * LINE_EM + pad * 2;
  const boxes: StateBox[] = [];
  const columns = new Map<number, string[]>();
  for (const s of tops) columns.set(depth.get(s) ?? 0, [...(columns.get(depth.get(s) ?? 0) ?? []), s]);
  // Room between columns for the longest forward event name, so labels do not run into boxes.
  const longest = Math.max(0, ...data.edges.map((e) => (e.label ?? '').length));
  const colGap = Math.max(f * 3.5, textWidth(longest, f * 0.75) + f);
  const rowGap = f * 1.4;
  let x = 0;
  let naturalH = 0;
  for (const d of [...columns.keys()].sort((p, q) => p - q)) {
    const col = columns.get(d) as string[];
    const width = Math.max(
      ...col.flatMap((s) =>
        [s, ...children(s)].map((c) => textWidth((label.get(c) ?? c).length + 2, f) + pad * 3),
      ),
    );
    let y = 0;
    for (const s of col) {
      const kids = children(s);
      const h = rowH + kids.length * (rowH + pad);
      boxes.push({
        id: s,
        label: label.get(s) ?? s,
        depth: d,
        parent: null,
        active: isActive(s, data.current),
        x,
        y,
        width,
        height: h,
      });
      kids.forEach((k, i) => {
        boxes.push({
          id: k,
          label: label.get(k) ?? k,
          depth: d,
          parent: s,
          active: isActive(k, data.current),
          x: x + pad,
          y: y + rowH + i * (rowH + pad),
          width: width - 2 * pad,
          height: rowH,
        });
      });
      y += h + rowGap;
    }
    naturalH = Math.max(naturalH, y - rowGap);
    x += width + colGap;
  }
  const naturalW = Math.max(1, x - colGap);
  const margin = f * 1.5;
  const fit = Math.min(1.5, (opts.width - 2) / naturalW, (opts.height - margin * 3) / Math.max(1, naturalH));
  const scale = Math.max(opts.minScale ?? 0, fit);
  for (const b of boxes) b.y += margin / Math.max(scale, 0.01);

  const byId = new Map(boxes.map((b) => [b.id, b]));
  const seen = new Map<string, number>();
  const edges: EdgeView[] = [];
  data.edges.forEach((e, i) => {
    const a = byId.get(e.from);
    const b = byId.get(e.to);
    if (!a || !b) return;
    // Parallel edges between the same pair fan out instead of drawing over each other.
    const pair = `${e.from}>${e.to}`;
    const k = seen.get(pair) ?? 0;
    seen.set(pair, k + 1);
    const g = edgeGeometry(a, b, k * 8);
    edges.push({ key: `${i}|${pair}`, ...g, label: e.label ?? '', next: isActive(e.from, data.current) });
  });
  // Loops of backward edges hang below the lowest box: room for them and their labels.
  const drawnHeight = margin + (naturalH + 40 + f) * scale;
  return { boxes, edges, scale, fontSize: f, drawnWidth: (naturalW + 4) * scale, drawnHeight };
}

/** Draws the statechart into `root`. Layout is recomputed only when the data or size change. */
export function render(root: SvgGroup, data: StatechartData, opts: StatechartOptions): void {
  const el = root.node();
  const sig = `${data.states.map((s) => s.id).join(',')}|${data.edges.length}|${data.current}|${opts.width}x${opts.height}|${opts.presenter}|${opts.minScale}`;
  if (el && !changed(el, sig)) return;
  const m = statechartModel(data, opts);
  root
    .classed('mayday-view', true)
    .attr('role', 'img')
    .attr('aria-label', `Node lifecycle. Current state: ${data.current ?? 'none'}`);
  const g = layer(root, 'chart').attr('transform', `scale(${r1(m.scale * 100) / 100})`);
  const small = m.fontSize * 0.75;
  // Event names too small to read on screen stay in the tooltip only.
  const edgeLabels = small * m.scale >= 8;

  layer(g, 'edges')
    .selectAll<SVGGElement, EdgeView>('g.edge')
    .data(m.edges, (d) => d.key)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'edge');
      e.append('title');
      e.append('path').attr('class', 'line').attr('fill', 'none');
      e.append('path').attr('class', 'head');
      e.append('text')
        .attr('text-anchor', 'middle')
        .style('fill', colorVar('muted'))
        .style('stroke', colorVar('bg'))
        .style('stroke-width', '3px')
        .style('paint-order', 'stroke');
      return e;
    })
    .each(function (d) {
      const line = this.querySelector('path.line') as SVGPathElement;
      line.setAttribute('d', d.d);
      line.style.stroke = colorVar(d.next ? 'ink' : 'muted');
      line.setAttribute('stroke-width', d.next ? '2' : '1.2');
      const head = this.querySelector('path.head') as SVGPathElement;
      head.setAttribute('d', 'M0,0L-8,-4L-8,4Z');
      head.setAttribute('transform', `translate(${d.arrow.x},${d.arrow.y}) rotate(${d.arrow.angle})`);
      head.style.fill = colorVar(d.next ? 'ink' : 'muted');
      const text = this.querySelector('text') as SVGTextElement;
      text.setAttribute('x', `${r1(d.labelX)}`);
      text.setAttribute('y', `${r1(d.labelY)}`);
      text.setAttribute('font-size', `${r1(small)}`);
      text.textContent = edgeLabels ? d.label : '';
      (this.querySelector('title') as Element).textContent = d.label;
    });

  layer(g, 'states')
    .selectAll<SVGGElement, StateBox>('g.state')
    .data(m.boxes, (d) => d.id)
    .join((enter) => {
      const s = enter.append('g').attr('class', 'state');
      s.append('rect').attr('rx', 6);
      s.append('text').attr('dominant-baseline', 'central');
      return s;
    })
    .each(function (d) {
      const leafActive = d.active && !m.boxes.some((c) => c.parent === d.id && c.active);
      this.setAttribute('data-state', d.id);
      this.setAttribute('aria-current', leafActive ? 'true' : 'false');
      const rect = this.querySelector('rect') as SVGRectElement;
      rect.setAttribute('x', `${r1(d.x)}`);
      rect.setAttribute('y', `${r1(d.y)}`);
      rect.setAttribute('width', `${r1(d.width)}`);
      rect.setAttribute('height', `${r1(d.height)}`);
      rect.style.fill = colorVar(leafActive ? 'ink' : d.parent ? 'bg' : 'surface');
      rect.style.stroke = colorVar(d.active ? 'ink' : 'muted');
      rect.setAttribute('stroke-width', d.active ? '3' : '1');
      const text = this.querySelector('text') as SVGTextElement;
      const rowH = m.fontSize * LINE_EM + m.fontSize * 1.2;
      text.setAttribute('x', `${r1(d.x + m.fontSize * 0.6)}`);
      text.setAttribute('y', `${r1(d.y + rowH / 2)}`);
      text.setAttribute('font-size', `${m.fontSize}`);
      text.style.fill = colorVar(leafActive ? 'bg' : 'ink');
      text.textContent = leafActive ? `▶ ${d.label}` : d.label;
    });
}
