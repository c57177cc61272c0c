// Nodes on a ring that fills the space it is given (UX-NOTES: RaftScope's fixed 745×400 drawing).
// Two label modes: few nodes get the id inside a large shape and the status word below it, at
// ≥ 28 px in presenter mode; many nodes get "id STATUS" written radially outside the ring, so
// neighbours never collide however many there are. Pure geometry: the renderers only read it.
import type { NodeId } from '../core/types.ts';
import type { ClusterSnapshot } from '../core/snapshot.ts';

export interface RingOptions {
  width: number;
  height: number;
  /** Large type for a projector: targets 28 px labels. */
  presenter?: boolean;
  /** Free space kept at every edge, px. */
  margin?: number;
}

export interface NodePlacement {
  id: NodeId;
  index: number;
  /** Radians; 0 = right, −π/2 = top (node 0 sits at the top, then clockwise). */
  angle: number;
  x: number;
  y: number;
}

export type LabelMode = 'below' | 'radial';

export interface RingLayout {
  width: number;
  height: number;
  cx: number;
  cy: number;
  /** Radius of the ring through the node centres. */
  radius: number;
  /** Size of the node shape (see palette `shapePath`). */
  nodeRadius: number;
  /** Everything drawn for one node (shape, badges, death arc, selection) stays inside this. */
  outerRadius: number;
  idFontSize: number;
  statusFontSize: number;
  labelMode: LabelMode;
  /** Longest status the layout made room for; the renderer truncates beyond it. */
  statusChars: number;
  /** Gap between a node's outer radius and its label. */
  gap: number;
  nodes: NodePlacement[];
  byId: Map<NodeId, NodePlacement>;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Average advance of a character of the (bold, upper-case) label font, in em. Deliberately generous. */
export const CHAR_EM = 0.64;
export const LINE_EM = 1.2;
/** Node shapes reach 1.25 r (triangle); badges and the death arc stay within this factor. */
export const OUTER_FACTOR = 1.5;

const STATUS_CHARS_BELOW = 14; // "PARTITIONED?", "BACKUP 1 · db"
const STATUS_CHARS_RADIAL = 12;
const ID_CHARS_RADIAL = 4; // "n64 "

export function textWidth(chars: number, fontSize: number): number {
  return chars * CHAR_EM * fontSize;
}

export function ringLayout(ids: readonly NodeId[], opts: RingOptions): RingLayout {
  const presenter = opts.presenter ?? false;
  const margin = opts.margin ?? (presenter ? 8 : 12);
  const maxFont = presenter ? 30 : 16;
  const minBelowFont = 12;
  const idChars = Math.max(2, ...ids.map((id) => id.length));
  for (let f = maxFont; f >= minBelowFont; f--) {
    const layout = belowLayout(ids, opts.width, opts.height, margin, f, idChars);
    if (layout && layoutCollisions(layout).length === 0) return layout;
  }
  return radialLayout(ids, opts.width, opts.height, margin, presenter ? 16 : 13, idChars);
}

function place(ids: readonly NodeId[], cx: number, cy: number, radius: number): NodePlacement[] {
  const n = ids.length;
  return ids.map((id, index) => {
    const angle = -Math.PI / 2 + (index * 2 * Math.PI) / Math.max(n, 1);
    const x = n === 1 ? cx : cx + radius * Math.cos(angle);
    const y = n === 1 ? cy : cy + radius * Math.sin(angle);
    return { id, index, angle, x, y };
  });
}

function finish(base: Omit<RingLayout, 'byId'>): RingLayout {
  return { ...base, byId: new Map(base.nodes.map((p) => [p.id, p])) };
}

function belowLayout(
  ids: readonly NodeId[],
  width: number,
  height: number,
  margin: number,
  f: number,
  idChars: number,
): RingLayout | null {
  const gap = Math.round(f * 0.2);
  // The id must fit inside the shape: the inscribed width of a triangle is about 1.1 r.
  const nodeRadius = Math.max(f * 1.15, textWidth(idChars, f) / 1.6);
  const outer = nodeRadius * OUTER_FACTOR;
  const labelW = textWidth(STATUS_CHARS_BELOW, f);
  const labelH = f * LINE_EM;
  // Use the real extent of the ring: with 5 nodes the lowest sits well above the bottom of the circle.
  const unit = place(ids, 0, 0, 1);
  const down = Math.max(0, ...unit.map((p) => p.y));
  const side = Math.max(0, ...unit.map((p) => Math.abs(p.x)));
  const rV = (height - 2 * margin - 2 * outer - gap - labelH) / (1 + down);
  const rH = (width / 2 - margin - Math.max(outer, labelW / 2)) / Math.max(side, 1e-9);
  const radius = Math.min(rV, rH);
  if (radius < outer * 1.5) return null;
  const free = height - 2 * margin - (radius * (1 + down) + 2 * outer + gap + labelH);
  const cy = margin + outer + radius + free / 2;
  const cx = width / 2;
  return finish({
    width,
    height,
    cx,
    cy,
    radius,
    nodeRadius,
    outerRadius: outer,
    idFontSize: f,
    statusFontSize: f,
    labelMode: 'below',
    statusChars: STATUS_CHARS_BELOW,
    gap,
    nodes: place(ids, cx, cy, radius),
  });
}

function radialLayout(
  ids: readonly NodeId[],
  width: number,
  height: number,
  margin: number,
  maxFont: number,
  idChars: number,
): RingLayout {
  const n = Math.max(ids.length, 3);
  const chars = Math.max(idChars, ID_CHARS_RADIAL) + STATUS_CHARS_RADIAL;
  const half = Math.min(width, height) / 2 - margin;
  let best: RingLayout | null = null;
  for (let f = maxFont; f >= 7; f -= 0.5) {
    const gap = Math.max(2, f * 0.3);
    const labelW = textWidth(chars, f);
    // Solve R + outer + gap + labelW = half with outer = chord/2 minus a 2 px gap between nodes.
    const s = Math.sin(Math.PI / n);
    // A panel too small for any text (being laid out, or squeezed) still gets a drawable ring:
    // SVG refuses a negative radius.
    const radius = Math.max(0, (half - gap - labelW + 1) / (1 + s));
    const outer = Math.max(1, Math.min(radius * s - 1, f * 2.2));
    const nodeRadius = outer / OUTER_FACTOR;
    // Room between neighbouring labels where they start (their narrowest point).
    const pitch = 2 * (radius + outer + gap) * Math.sin(Math.PI / n);
    const layout = finish({
      width,
      height,
      cx: width / 2,
      cy: height / 2,
      radius,
      nodeRadius,
      outerRadius: outer,
      idFontSize: f,
      statusFontSize: f,
      labelMode: 'radial',
      statusChars: STATUS_CHARS_RADIAL,
      gap,
      nodes: place(ids, width / 2, height / 2, radius),
    });
    best = layout;
    // Keep the shape at least as tall as the text so it still reads as a shape.
    if (nodeRadius >= f * 0.55 && pitch >= f * LINE_EM + 1) return layout;
  }
  return best as RingLayout;
}

// ---------------------------------------------------------------------------------------------
// Label geometry (shared by the renderer and by the overlap checks).

export interface LabelAnchor {
  x: number;
  y: number;
  /** Degrees, for `rotate(…)` about (x, y). */
  rotate: number;
  anchor: 'start' | 'middle' | 'end';
}

/** Where the status text of a node starts: below it, or radially outside it (reading left to right). */
export function labelAnchor(p: NodePlacement, layout: RingLayout): LabelAnchor {
  if (layout.labelMode === 'below') {
    return {
      x: p.x,
      y: p.y + layout.outerRadius + layout.gap + layout.statusFontSize * 0.9,
      rotate: 0,
      anchor: 'middle',
    };
  }
  const d = layout.radius + layout.outerRadius + layout.gap;
  const x = layout.cx + d * Math.cos(p.angle);
  const y = layout.cy + d * Math.sin(p.angle);
  const deg = (p.angle * 180) / Math.PI;
  const leftSide = Math.cos(p.angle) < -1e-9;
  return { x, y, rotate: leftSide ? deg + 180 : deg, anchor: leftSide ? 'end' : 'start' };
}

/** Axis-aligned box of a 'below' label at its full width budget. */
export function belowLabelBox(p: NodePlacement, layout: RingLayout): Box {
  const w = textWidth(layout.statusChars, layout.statusFontSize);
  const h = layout.statusFontSize * LINE_EM;
  return { x: p.x - w / 2, y: p.y + layout.outerRadius + layout.gap, width: w, height: h };
}

export function boxesOverlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export function discBoxOverlap(x: number, y: number, r: number, b: Box): boolean {
  const nx = Math.max(b.x, Math.min(x, b.x + b.width));
  const ny = Math.max(b.y, Math.min(y, b.y + b.height));
  return (x - nx) ** 2 + (y - ny) ** 2 < r * r;
}

function inside(b: Box, width: number, height: number): boolean {
  return b.x >= 0 && b.y >= 0 && b.x + b.width <= width && b.y + b.height <= height;
}

/** Every overlap or overflow in a layout, described in words; empty when the layout is clean. */
export function layoutCollisions(layout: RingLayout): string[] {
  const out: string[] = [];
  const { nodes, outerRadius: o, width, height } = layout;
  for (let i = 0; i < nodes.length; i++) {
    const a = nodes[i];
    if (!inside({ x: a.x - o, y: a.y - o, width: 2 * o, height: 2 * o }, width, height)) {
      out.push(`${a.id}: node outside the drawing`);
    }
    for (let j = i + 1; j < nodes.length; j++) {
      const b = nodes[j];
      if (Math.hypot(a.x - b.x, a.y - b.y) < 2 * o) out.push(`${a.id} and ${b.id}: nodes overlap`);
    }
  }
  if (layout.labelMode === 'below') {
    const boxes = nodes.map((p) => belowLabelBox(p, layout));
    boxes.forEach((b, i) => {
      if (!inside(b, width, height)) out.push(`${nodes[i].id}: label outside the drawing`);
      for (let j = i + 1; j < boxes.length; j++) {
        if (boxesOverlap(b, boxes[j])) out.push(`${nodes[i].id} and ${nodes[j].id}: labels overlap`);
      }
      nodes.forEach((p, j) => {
        if (discBoxOverlap(p.x, p.y, o, b)) out.push(`${nodes[i].id}'s label covers ${nodes[j].id}`);
      });
    });
  } else {
    const start = layout.radius + o + layout.gap;
    const len = textWidth(
      Math.max(...nodes.map((p) => p.id.length), ID_CHARS_RADIAL) + layout.statusChars,
      layout.statusFontSize,
    );
    const pitch = nodes.length > 1 ? 2 * start * Math.sin(Math.PI / nodes.length) : Infinity;
    if (pitch < layout.statusFontSize * LINE_EM) out.push('radial labels overlap');
    if (start + len > Math.min(width, height) / 2 + 0.5) out.push('radial labels leave the drawing');
    if (layout.nodeRadius <= 0) out.push('no room for nodes');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Ring-neighbour edges.

export interface RingEdge {
  /** `a|b` with a < b: one edge per watched pair, whatever the direction. */
  key: string;
  a: NodeId;
  b: NodeId;
  /** Heartbeats cannot cross: different partition groups, or a cut in either direction. */
  severed: boolean;
  /** Cut one way only (a → b or b → a), the other way still carries messages. */
  oneWay: boolean;
}

export function ringEdges(snapshot: Pick<ClusterSnapshot, 'nodes' | 'network'>): RingEdge[] {
  const group = new Map(snapshot.nodes.map((n) => [n.id, n.group]));
  const cuts = new Set(snapshot.network.cuts.map(([f, t]) => `${f}>${t}`));
  const edges = new Map<string, RingEdge>();
  for (const node of snapshot.nodes) {
    for (const peer of node.watching) {
      if (!group.has(peer) || peer === node.id) continue;
      const [a, b] = node.id < peer ? [node.id, peer] : [peer, node.id];
      const key = `${a}|${b}`;
      if (edges.has(key)) continue;
      const ga = group.get(a);
      const gb = group.get(b);
      const split = ga != null && gb != null && ga !== gb;
      const ab = cuts.has(`${a}>${b}`);
      const ba = cuts.has(`${b}>${a}`);
      edges.set(key, { key, a, b, severed: split || ab || ba, oneWay: !split && ab !== ba });
    }
  }
  return [...edges.values()];
}

/** The segment between two discs' rims (so lines and flights start at the node's edge). */
export function trimSegment(
  from: { x: number; y: number },
  to: { x: number; y: number },
  trimFrom: number,
  trimTo: number,
): { x1: number; y1: number; x2: number; y2: number } {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const len = Math.hypot(dx, dy);
  if (len <= trimFrom + trimTo) {
    const mx = (from.x + to.x) / 2;
    const my = (from.y + to.y) / 2;
    return { x1: mx, y1: my, x2: mx, y2: my };
  }
  const ux = dx / len;
  const uy = dy / len;
  return {
    x1: from.x + ux * trimFrom,
    y1: from.y + uy * trimFrom,
    x2: to.x - ux * trimTo,
    y2: to.y - uy * trimTo,
  };
}
