// Geometry of the space-time diagram (drawn by spaceTime.ts): lanes, the time scale over the
// window [t − W, t], message lines, event marks and invariant bands. Only the visible window is
// read (binary search on the time-ordered trace), so 64 nodes and long runs stay fast.
import { bisector } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import type { MessageInFlight } from '../core/snapshot.ts';
import type { NodeId, TraceEvent } from '../core/types.ts';
import { DOOM_STOP } from './flights.ts';
import { formatDuration } from './nodeState.ts';
import { textWidth } from './ringLayout.ts';
import { messageKind, type ColorToken, type MessageKind, type Shape } from './palette.ts';

export interface SpaceTimeOptions {
  width: number;
  height: number;
  /** Now: the right edge. */
  t: number;
  /** Visible span W, ms. */
  windowMs: number;
  /** Lane order, top to bottom. */
  nodes: readonly NodeId[];
  presenter?: boolean;
  /** Heartbeats are most of the lines; hide them to see the story. Default true. */
  showHeartbeats?: boolean;
  /** Messages still in flight (snapshot.messages): tells which will be lost before the trace does. */
  inFlight?: readonly MessageInFlight[];
  /** How long before the window a message may have been sent and still be visible. Default 10 s. */
  maxFlightMs?: number;
  /** The node pointed at in any linked view: its lane is drawn bold and always labelled. */
  highlighted?: NodeId | null;
}

export interface LaneLayout {
  top: number;
  laneH: number;
  fontSize: number;
  /** Label every k-th lane when lanes are too thin for every label. */
  labelEvery: number;
  y: Map<NodeId, number>;
}

export function laneLayout(
  nodes: readonly NodeId[],
  top: number,
  bottom: number,
  presenter = false,
): LaneLayout {
  const laneH = (bottom - top) / Math.max(1, nodes.length);
  const fontSize = Math.max(8, Math.min(presenter ? 22 : 14, laneH * 0.75));
  const labelEvery = Math.max(1, Math.ceil((fontSize * 1.1) / laneH));
  const y = new Map(nodes.map((id, i) => [id, top + laneH * (i + 0.5)]));
  return { top, laneH, fontSize, labelEvery, y };
}

const byT = bisector<TraceEvent, number>((e) => e.t);

/** Index range [lo, hi) of the events with from ≤ t ≤ to, on a trace ordered by t. */
export function windowRange(events: readonly TraceEvent[], from: number, to: number): [number, number] {
  return [byT.left(events, from), byT.right(events, to)];
}

export interface SegmentView {
  id: number;
  kind: MessageKind;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  lost: boolean;
  inFlight: boolean;
}

/** Where a message line ends at time t: delivered, still flying (cut at now), or lost part way. */
export function segmentEnd(
  sentAt: number,
  deliverAt: number,
  t: number,
  lost: boolean,
): { at: number; p: number } {
  const span = deliverAt - sentAt;
  const stop = lost ? sentAt + DOOM_STOP * Math.max(0, span) : deliverAt;
  const at = Math.min(stop, t);
  const p = span > 0 ? Math.max(0, Math.min(1, (at - sentAt) / span)) : 1;
  return { at, p };
}

export interface MarkView {
  key: string;
  kind: TraceEvent['kind'];
  x: number;
  y: number;
  shape: Shape;
  color: ColorToken;
  label: string;
  /** Offset of the label from the lane (rows avoid collisions), or null: no room, tooltip only. */
  labelDy: number | null;
  /** The label's side: after the mark, or before it when it would run past the right edge. */
  labelAnchor?: 'start' | 'end';
  title: string;
}

export interface BandView {
  key: string;
  x1: number;
  x2: number;
  y1: number;
  y2: number;
  label: string;
}

export interface SpaceTimeModel {
  markSize: number;
  markFont: number;
  lanes: LaneLayout;
  x: (t: number) => number;
  left: number;
  right: number;
  ticks: Array<{ x: number; label: string }>;
  segments: SegmentView[];
  marks: MarkView[];
  bands: BandView[];
}

function markOf(e: TraceEvent): (Omit<MarkView, 'key' | 'x' | 'y' | 'labelDy'> & { node: NodeId }) | null {
  switch (e.kind) {
    case 'failure.detected':
      return {
        kind: e.kind,
        node: e.node,
        shape: 'triangle',
        color: 'warning',
        label: e.failure,
        title: `${e.node} saw ${e.failure} coming (${formatDuration(e.warningMs)} warning)`,
      };
    case 'distress.sent':
      return {
        kind: e.kind,
        node: e.node,
        shape: 'diamond',
        color: 'distress',
        label: `MAYDAY ${e.mode}`,
        title: `${e.node} sent its distress (${e.mode})`,
      };
    case 'distress.lost':
      return {
        kind: e.kind,
        node: e.node,
        shape: 'cross',
        color: 'distress',
        label: 'lost',
        title: `${e.node}'s distress never left: ${e.reason}`,
      };
    case 'node.died':
      return {
        kind: e.kind,
        node: e.node,
        shape: 'cross',
        color: 'down',
        label: 'died',
        title: `${e.node} died: ${e.reason}`,
      };
    case 'node.fenced':
      return {
        kind: e.kind,
        node: e.node,
        shape: 'square',
        color: 'fenced',
        label: 'fenced',
        title: `${e.node} fenced itself`,
      };
    case 'peer.failed':
      return {
        kind: e.kind,
        node: e.node,
        shape: 'cross',
        color: 'down',
        label: `${e.peer} failed`,
        title: `${e.node} judged ${e.peer} FAILED (${e.cause})`,
      };
    case 'peer.partitioned':
      return {
        kind: e.kind,
        node: e.node,
        shape: 'hexagon',
        color: 'silent',
        label: `${e.peer}?`,
        title: `${e.node} judged ${e.peer} PARTITIONED?`,
      };
    case 'role.changed':
      return {
        kind: e.kind,
        node: e.node,
        shape: e.role === 'primary' ? 'star' : 'circle',
        color: 'ink',
        label: `${e.role} · ${e.resource}`,
        title: `${e.node} became ${e.role} of ${e.resource}`,
      };
    default:
      return null;
  }
}

/** Which labels win when two collide: the distress story first. */
export const MARK_PRIORITY: Partial<Record<TraceEvent['kind'], number>> = {
  'distress.sent': 0,
  'distress.lost': 0,
  'node.died': 1,
  'peer.failed': 2,
  'role.changed': 3,
  'node.fenced': 4,
  'failure.detected': 5,
  'peer.partitioned': 6,
};

/**
 * Gives each mark a label row, most important first; a label with no free room is left to the
 * tooltip. Every mark is reserved before any label is placed, so no label runs under another mark
 * (a cross drawn over text). A label that would pass `right` goes before its mark instead.
 */
export function placeMarkLabels(
  marks: MarkView[],
  rows: readonly number[],
  markSize: number,
  font: number,
  right = Infinity,
): void {
  const taken = new Map<string, Array<[number, number]>>();
  for (const m of marks) {
    const lane = taken.get(`${m.y}`) ?? [];
    lane.push([m.x - markSize, m.x + markSize]);
    taken.set(`${m.y}`, lane);
  }
  const order = [...marks].sort(
    (a, b) => (MARK_PRIORITY[a.kind] ?? 9) - (MARK_PRIORITY[b.kind] ?? 9) || a.x - b.x,
  );
  for (const m of order) {
    const w = textWidth(m.label.length, font) * 0.85;
    const after = m.x + markSize + 3 + w <= right;
    const from = after ? m.x + markSize + 3 : m.x - markSize - 3 - w;
    const to = from + w;
    m.labelDy = null;
    m.labelAnchor = after ? 'start' : 'end';
    for (const dy of rows) {
      const key = `${m.y + dy}`;
      const used = taken.get(key) ?? [];
      const free = used.every(
        ([a, b]) =>
          to + 4 <= a || from >= b + 4 || (dy === 0 && a === m.x - markSize && b === m.x + markSize),
      );
      if (!free) continue;
      used.push([from, to]);
      taken.set(key, used);
      m.labelDy = dy;
      break;
    }
  }
}

export function spaceTimeModel(events: readonly TraceEvent[], opts: SpaceTimeOptions): SpaceTimeModel {
  const { t, windowMs, width, height } = opts;
  const axisH = opts.presenter ? 30 : 22;
  const lanes = laneLayout(opts.nodes, 6, height - axisH, opts.presenter);
  const left = Math.max(...opts.nodes.map((n) => n.length), 2) * lanes.fontSize * 0.62 + 10;
  const right = width - 8;
  const t0 = t - windowMs;
  const scale = scaleLinear().domain([t0, t]).range([left, right]);
  const x = (v: number): number => scale(v);
  const ticks = scale
    .ticks(Math.max(2, Math.floor((right - left) / 110)))
    .filter((v) => v >= 0)
    .map((v) => ({ x: scale(v), label: v === 0 ? '0 s' : formatDuration(v) }));

  const [lo, hi] = windowRange(events, t0 - (opts.maxFlightMs ?? 10_000), t);
  const show = opts.showHeartbeats ?? true;
  const lost = new Set<number>();
  for (const m of opts.inFlight ?? []) if (m.doomed) lost.add(m.id);
  for (let i = lo; i < hi; i++) {
    const e = events[i];
    if (e.kind === 'msg.dropped') lost.add(e.id);
  }
  const segments: SegmentView[] = [];
  const marks: MarkView[] = [];
  const markSize = Math.max(3, Math.min(9, lanes.laneH * 0.35));
  const markFont = Math.max(10, lanes.fontSize * 0.85);
  // Label rows per lane: on the lane, then above and below when lanes are tall enough.
  const rows = lanes.laneH >= markFont * 2.6 ? [0, -markFont, markFont] : lanes.laneH >= 14 ? [0] : [];
  const bands: BandView[] = [];
  const open = new Map<string, BandView>();
  for (let i = lo; i < hi; i++) {
    const e = events[i];
    if (e.kind === 'msg.sent') {
      const kind = messageKind(e.type);
      if (!show && kind === 'heartbeat') continue;
      const y1 = lanes.y.get(e.from);
      const y2 = lanes.y.get(e.to);
      if (y1 == null || y2 == null) continue;
      const isLost = lost.has(e.id);
      const end = segmentEnd(e.t, e.deliverAt, t, isLost);
      if (end.at < t0) continue;
      segments.push({
        id: e.id,
        kind,
        x1: x(e.t),
        y1,
        x2: x(end.at),
        y2: y1 + (y2 - y1) * end.p,
        lost: isLost,
        inFlight: end.at >= t && !isLost,
      });
      continue;
    }
    if (e.t < t0) continue;
    if (e.kind === 'invariant.violated' || e.kind === 'invariant.restored') {
      const key = `${e.invariant}|${e.resource}`;
      if (e.kind === 'invariant.restored') {
        const b = open.get(key);
        if (b) b.x2 = x(e.t);
        open.delete(key);
        continue;
      }
      const ys = e.nodes.map((n) => lanes.y.get(n)).filter((v): v is number => v != null);
      if (!ys.length) continue;
      const band: BandView = {
        key: `${i}|${key}`,
        x1: x(e.t),
        x2: x(t),
        y1: Math.min(...ys) - lanes.laneH / 2,
        y2: Math.max(...ys) + lanes.laneH / 2,
        label: `${e.invariant.toUpperCase().replace('-', ' ')} · ${e.resource}`,
      };
      open.set(key, band);
      bands.push(band);
      continue;
    }
    const m = markOf(e);
    const y = m ? lanes.y.get(m.node) : undefined;
    if (!m || y == null) continue;
    const mx = x(e.t);
    marks.push({
      key: `${i}|${e.kind}|${e.t}`,
      kind: m.kind,
      x: mx,
      y,
      shape: m.shape,
      color: m.color,
      label: m.label,
      labelDy: null,
      title: m.title,
    });
  }
  // Bands opened before the window and still open are not in the scanned range: acceptable,
  // the invariant is repeated by the metrics panel; a band that started inside it is clipped.
  for (const b of bands) b.x1 = Math.max(b.x1, left);
  placeMarkLabels(marks, rows, markSize, markFont, right);
  return { lanes, x, left, right, ticks, segments, marks, bands, markSize, markFont };
}

/** Routine message lines of one look (kind, lost or not), to be stroked in one go. */
export interface StrokeBatch {
  kind: MessageKind;
  lost: boolean;
  /** x1, y1, x2, y2 of each distinct line, in px. */
  lines: number[];
  /** Messages the batch stands for (lines on the same pixels are drawn once). */
  count: number;
}

/**
 * Dense traffic the way tools for big traces draw it: every routine line (not the distress, which
 * stays a mark of its own on top) batched by look, and lines that land on the same pixels kept once
 * — a 64-node renewal or a heartbeat round would otherwise stroke the same column dozens of times.
 * Where lines pile up the semi-transparent strokes still darken, so density stays visible.
 */
export function strokeBatches(segments: readonly SegmentView[]): StrokeBatch[] {
  const batches = new Map<string, StrokeBatch>();
  const seen = new Set<string>();
  for (const s of segments) {
    if (s.kind === 'distress') continue;
    const key = `${s.kind}|${s.lost}`;
    let batch = batches.get(key);
    if (!batch) batches.set(key, (batch = { kind: s.kind, lost: s.lost, lines: [], count: 0 }));
    batch.count++;
    const x1 = Math.round(s.x1);
    const y1 = Math.round(s.y1);
    const x2 = Math.round(s.x2);
    const y2 = Math.round(s.y2);
    const pixels = `${key}|${x1}|${y1}|${x2}|${y2}`;
    if (seen.has(pixels)) continue;
    seen.add(pixels);
    batch.lines.push(x1, y1, x2, y2);
  }
  // Heartbeats underneath, then the rest: the protocol's own messages read on top of the rhythm.
  return [...batches.values()].sort(
    (a, b) => Number(b.kind === 'heartbeat') - Number(a.kind === 'heartbeat'),
  );
}
