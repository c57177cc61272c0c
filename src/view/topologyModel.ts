// What the ring of nodes shows, as plain geometry and words: one `NodeView` per node (truth or,
// truth hidden, the selected node's belief; roles; wrong beliefs; time-to-death; the path taken)
// and one `EdgeView` per ring pair. Pure, unit-tested; `topology.ts` draws it.
import type { ClusterSnapshot } from '../core/snapshot.ts';
import type { NodeId } from '../core/types.ts';
import { stateStyles, type ColorToken, type Shape, type VisualState } from './palette.ts';
import {
  ariaLabel,
  beliefView,
  deathArcFraction,
  fitText,
  lifecycleNote,
  pathCaption,
  roleBadges,
  statusText,
  truthState,
  type BeliefView,
} from './nodeState.ts';
import {
  belowLabelBox,
  boxesOverlap,
  discBoxOverlap,
  labelAnchor,
  textWidth,
  ringEdges,
  trimSegment,
  LINE_EM,
  type Box,
  type LabelAnchor,
  type NodePlacement,
  type RingLayout,
} from './ringLayout.ts';
import { r1 } from './svg.ts';

export interface TopologyOptions {
  layout: RingLayout;
  /** Time to draw at; defaults to the snapshot's. */
  t?: number;
  /** The node whose beliefs are shown on its peers. */
  selected?: NodeId | null;
  /** False hides ground truth: peers are drawn as the selected node believes them (UX-NOTES, lessons). */
  showTruth?: boolean;
  /** The node pointed at in any linked view (topology, space-time, log): drawn with a halo. */
  highlighted?: NodeId | null;
  /** Click, Enter or Space on a node: the UI opens its menu. */
  onActivate?: (id: NodeId, event: Event) => void;
}

export interface Spot {
  x: number;
  y: number;
  r: number;
}

export interface BadgeView extends Spot {
  key: string;
  text: string;
  title: string;
  shape: Shape;
  /** Text is drawn only when it can be read. */
  showText: boolean;
}

export interface NodeView {
  id: NodeId;
  x: number;
  y: number;
  state: VisualState;
  color: ColorToken;
  shape: Shape;
  status: string;
  statusFull: string;
  label: LabelAnchor;
  badges: BadgeView[];
  belief: (BeliefView & Spot) | null;
  /** Fraction of warning time left, or null when no failure is coming. */
  arc: number | null;
  caption: (CaptionPlacement & { lines: string[] }) | null;
  selected: boolean;
  adminPending: boolean;
  aria: string;
  sig: string;
}

export interface EdgeView {
  key: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  severed: boolean;
  oneWay: boolean;
}

/** Badge spots on the node's rim (relative to its centre): role badges upper-left, belief upper-right. */
export function badgeSpot(layout: RingLayout, angleDeg: number): Spot {
  const r = layout.nodeRadius * 0.42;
  const d = layout.nodeRadius * 1.08;
  const a = (angleDeg * Math.PI) / 180;
  return { x: d * Math.cos(a), y: d * Math.sin(a), r };
}

// At least 50° apart so neighbouring badges never touch (see the unit test).
export const ROLE_ANGLES = [-140, 165, 115];
export const BELIEF_ANGLE = -40;
export const WRONG_ANGLE = 10;
export const ADMIN_ANGLE = 60;

export interface CaptionPlacement {
  x: number;
  /** Baseline of the first line. */
  y: number;
  anchor: 'start' | 'middle' | 'end';
  fontSize: number;
  box: Box;
}

/**
 * Where the path caption goes: from the node toward the ring centre, at the first spot clear of
 * every node and every label (captions are few: only failing nodes have one).
 */
export function captionPlacement(
  p: NodePlacement,
  layout: RingLayout,
  lines: readonly string[],
): CaptionPlacement {
  const fontSize = Math.max(11, Math.round(layout.statusFontSize * 0.72));
  const lineH = fontSize * LINE_EM;
  const w = textWidth(Math.max(1, ...lines.map((l) => l.length)), fontSize) * 0.85;
  const h = lineH * Math.max(1, lines.length);
  const dx = layout.cx - p.x;
  const dy = layout.cy - p.y;
  const len = Math.hypot(dx, dy) || 1;
  const [ux, uy] = [dx / len, dy / len];
  const labels = layout.labelMode === 'below' ? layout.nodes.map((q) => belowLabelBox(q, layout)) : [];
  const at = (s: number): Box => ({ x: p.x + ux * s - w / 2, y: p.y + uy * s - h / 2, width: w, height: h });
  const clear = (b: Box): boolean =>
    b.x >= 0 &&
    b.y >= 0 &&
    b.x + b.width <= layout.width &&
    b.y + b.height <= layout.height &&
    !labels.some((l) => boxesOverlap(b, l)) &&
    !layout.nodes.some((q) => discBoxOverlap(q.x, q.y, layout.outerRadius, b));
  const step = fontSize * 0.5;
  let box = at(layout.outerRadius + h / 2);
  for (let s = layout.outerRadius; s <= len + layout.radius * 0.5; s += step) {
    if (clear(at(s))) {
      box = at(s);
      break;
    }
  }
  return { x: box.x + w / 2, y: box.y + fontSize * 0.95, anchor: 'middle', fontSize, box };
}

export function topologyModel(
  snapshot: ClusterSnapshot,
  opts: TopologyOptions,
): { nodes: NodeView[]; edges: EdgeView[] } {
  const { layout } = opts;
  const t = opts.t ?? snapshot.t;
  const showTruth = opts.showTruth ?? true;
  const holder = snapshot.nodes.find((n) => n.id === opts.selected) ?? null;
  const pending = new Set(snapshot.adminPending);
  const serving = new Set(snapshot.resources.flatMap((r) => r.acting));
  const nodes: NodeView[] = [];
  for (const node of snapshot.nodes) {
    const p = layout.byId.get(node.id);
    if (!p) continue;
    const belief = holder ? beliefView(holder, node) : null;
    const truth = truthState(node, t);
    const state: VisualState = showTruth || node.id === holder?.id ? truth : (belief?.state ?? 'unknown');
    const roles = roleBadges(node, snapshot.resources, snapshot.nodes);
    // Roles are what the node believes of itself: shown only alongside the truth.
    const shownRoles = showTruth || node.id === holder?.id ? roles : [];
    const fromTruth = showTruth || node.id === holder?.id;
    // Drawn from a belief, the node says the belief's own word ("FAILED", not "DEAD").
    const dense = layout.labelMode === 'radial';
    const statusFull = fromTruth
      ? statusText(state, shownRoles, lifecycleNote(node, serving.has(node.id)), dense)
      : (belief?.label ?? statusText(state, []));
    const status = fitText(
      dense ? `${node.id} ${statusFull === 'ALIVE' ? '' : statusFull}`.trim() : statusFull,
      dense ? layout.statusChars + node.id.length + 1 : layout.statusChars,
    );
    const badgeFont = layout.nodeRadius * 0.42 * 1.15;
    const badges: BadgeView[] = shownRoles.slice(0, ROLE_ANGLES.length).map((b, i) => ({
      ...badgeSpot(layout, ROLE_ANGLES[i]),
      key: b.resource,
      text: b.text,
      title: b.title,
      shape: b.rank === 0 ? 'star' : 'circle',
      showText: badgeFont >= 8 && b.rank > 0,
    }));
    // "alive" and right is the default: a badge on every node would only be noise.
    const informative = belief && (belief.belief !== 'alive' || belief.wrong);
    const beliefSpot = belief && informative ? { ...belief, ...badgeSpot(layout, BELIEF_ANGLE) } : null;
    const imp = showTruth ? node.impending : null;
    const arcFraction = imp ? deathArcFraction(imp, t) : null;
    const lines = pathCaption(imp, t);
    const caption = lines.length ? { lines, ...captionPlacement(p, layout, lines) } : null;
    const aria = ariaLabel(node, state, shownRoles, belief, t);
    const view: NodeView = {
      id: node.id,
      x: p.x,
      y: p.y,
      state,
      color: stateStyles[state].color,
      shape: stateStyles[state].shape,
      status,
      statusFull,
      label: labelAnchor(p, layout),
      badges,
      belief: beliefSpot,
      arc: arcFraction,
      caption,
      selected: node.id === holder?.id,
      adminPending: pending.has(node.id),
      aria,
      sig: '',
    };
    view.sig = [
      r1(p.x),
      r1(p.y),
      layout.nodeRadius,
      layout.statusFontSize,
      layout.labelMode,
      state,
      status,
      aria,
      view.selected,
      view.adminPending,
      badges.map((b) => b.text + b.key).join(','),
      beliefSpot ? beliefSpot.short + beliefSpot.wrong : '',
    ].join('|');
    nodes.push(view);
  }
  const edges = ringEdges(snapshot).flatMap((e): EdgeView[] => {
    const a = layout.byId.get(e.a);
    const b = layout.byId.get(e.b);
    if (!a || !b) return [];
    return [
      {
        key: e.key,
        ...trimSegment(a, b, layout.outerRadius, layout.outerRadius),
        severed: e.severed,
        oneWay: e.oneWay,
      },
    ];
  });
  return { nodes, edges };
}
