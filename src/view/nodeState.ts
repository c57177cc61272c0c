// What a node *says* on screen: its drawn state, its words, its roles, the belief of the selected
// node about it, and the time-to-death arc. Pure functions of a snapshot, unit-tested.
import type {
  Belief,
  ImpendingFailure,
  NodeSnapshot,
  NodeTruth,
  ResourceSnapshot,
} from '../core/snapshot.ts';
import type { NodeId } from '../core/types.ts';
import { beliefStyles, stateStyles, type VisualState } from './palette.ts';

/** The drawn state, from the node's ground truth and its typed fields (never its state name). */
export function truthState(
  node: Pick<NodeSnapshot, 'truth' | 'sendingNow' | 'impending'>,
  t: number,
): VisualState {
  switch (node.truth) {
    case 'dead':
    case 'paused':
    case 'fenced':
    case 'offline':
      return node.truth;
  }
  const imp = node.impending;
  if (node.sendingNow) return 'distress';
  // The distress is on its way out: between the choice of path and the moment it leaves.
  if (imp && imp.mode && imp.distressLeavesAt != null && t >= imp.detectedAt && t < imp.distressLeavesAt) {
    return 'distress';
  }
  if (imp) return 'impending';
  return 'healthy';
}

/** A belief that contradicts the truth — the thing a student should notice. Suspicion is never wrong. */
export function beliefIsWrong(belief: Belief, truth: NodeTruth): boolean {
  const gone = truth === 'dead' || truth === 'fenced' || truth === 'offline';
  switch (belief) {
    case 'alive':
    case 'partitioned':
      return gone;
    case 'failed':
      return !gone;
    case 'suspect':
      return false;
  }
}

export interface RoleBadge {
  resource: string;
  /** 0 = primary, 1 = first backup… */
  rank: number;
  /** "★" or "b1", "b2"… */
  text: string;
  /** Words for a tooltip: "primary of db", "backup 2 of web". */
  title: string;
}

/**
 * Role badges of a node, in resource order, from what it believes it is (`roles`). Backups are
 * ranked by the configured order among the nodes that currently hold a backup role, so after a
 * failover the next in line reads "b1".
 */
export function roleBadges(
  node: Pick<NodeSnapshot, 'id' | 'roles'>,
  resources: readonly ResourceSnapshot[],
  nodes: readonly Pick<NodeSnapshot, 'id' | 'roles'>[],
): RoleBadge[] {
  const out: RoleBadge[] = [];
  for (const res of resources) {
    const role = node.roles[res.name];
    if (role === 'primary') {
      out.push({ resource: res.name, rank: 0, text: '★', title: `primary of ${res.name}` });
    } else if (role === 'backup') {
      const holders = new Set(nodes.filter((n) => n.roles[res.name] === 'backup').map((n) => n.id));
      const line = res.order.filter((id) => holders.has(id));
      const rank = line.indexOf(node.id) + 1 || line.length + 1;
      out.push({ resource: res.name, rank, text: `b${rank}`, title: `backup ${rank} of ${res.name}` });
    }
  }
  return out;
}

/** Fraction of the warning time still left at t: 1 when detected, 0 at death (clamped). */
export function deathArcFraction(imp: Pick<ImpendingFailure, 'detectedAt' | 'deathAt'>, t: number): number {
  const span = imp.deathAt - imp.detectedAt;
  if (!(span > 0)) return t < imp.deathAt ? 1 : 0;
  return Math.min(1, Math.max(0, (imp.deathAt - t) / span));
}

/** "3.2 s", "12 ms", "1 min 5 s": plain units with sensible precision (UX-NOTES). */
export function formatDuration(ms: number): string {
  const a = Math.abs(ms);
  if (a < 1) return `${Math.round(ms * 1000)} µs`;
  if (a < 1000) return `${Math.round(ms)} ms`;
  if (a < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (a < 60_000) return `${Math.round(ms / 1000)} s`;
  const m = Math.floor(a / 60_000);
  const s = Math.round((a - m * 60_000) / 1000);
  return `${ms < 0 ? '−' : ''}${m} min${s ? ` ${s} s` : ''}`;
}

/** The path the node took (§0038, §0042–0043), as two short lines shown at the node. */
export function pathCaption(imp: ImpendingFailure | null, t: number): string[] {
  if (!imp) return [];
  const left = Math.max(0, imp.deathAt - t);
  if (imp.mode === 'async') {
    const lines = ['ASYNC → distress task,', 'shutdown continues'];
    if (imp.shutdownDoneAt != null && t < imp.shutdownDoneAt)
      lines[1] += ` (${formatDuration(imp.shutdownDoneAt - t)})`;
    return lines;
  }
  if (imp.mode === 'sync') return ['SYNC → current task,', 'all else waits'];
  if (imp.distressLeavesAt == null && t > imp.detectedAt)
    return ['no distress will leave', `dies in ${formatDuration(left)}`];
  return ['choosing a path…', `dies in ${formatDuration(left)}`];
}

/**
 * A healthy node's condition worth a word (quorum policies), or null. `serving`: the node really
 * acts as primary now (ResourceSnapshot.acting) — a primary cut off from its majority may still
 * serve (no lease, or one not yet run out), and its label must say so, not "NO QUORUM".
 */
export function lifecycleNote(node: Pick<NodeSnapshot, 'lostQuorum'>, serving = false): string | null {
  return node.lostQuorum && !serving ? 'NO QUORUM' : null;
}

/**
 * The word(s) under a node. Healthy nodes say their most important role instead of "ALIVE";
 * `compact` (many nodes, radial labels) writes roles as "★ db" / "b1 db".
 */
export function statusText(
  state: VisualState,
  badges: readonly RoleBadge[],
  note: string | null = null,
  compact = false,
): string {
  if (state !== 'healthy') return stateStyles[state].label;
  if (note) return note;
  const primaries = badges.filter((b) => b.rank === 0).map((b) => b.resource);
  if (primaries.length) return `${compact ? '★' : 'PRIMARY ·'} ${primaries.join(', ')}`;
  const backup = badges[0];
  if (backup)
    return compact ? `b${backup.rank} ${backup.resource}` : `BACKUP ${backup.rank} · ${backup.resource}`;
  return stateStyles.healthy.label;
}

/** The name of partition group `index` (0-based) everywhere in the Lab: A, B, C… */
export function groupName(index: number): string {
  return index >= 0 && index < 26 ? String.fromCharCode(65 + index) : String(index + 1);
}

/** Cuts a label to `max` characters with an ellipsis; the full text goes to the tooltip. */
export function fitText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

export interface BeliefView {
  belief: Belief;
  /** The selected node holding the belief. */
  holder: NodeId;
  label: string;
  short: string;
  state: VisualState;
  wrong: boolean;
}

export function beliefView(holder: NodeSnapshot, peer: NodeSnapshot): BeliefView | null {
  if (holder.id === peer.id) return null;
  const belief = holder.beliefs[peer.id] ?? 'alive';
  const style = beliefStyles[belief];
  return {
    belief,
    holder: holder.id,
    label: style.label,
    short: style.short,
    state: style.state,
    wrong: beliefIsWrong(belief, peer.truth),
  };
}

/** What a screen reader says for a node: "n1: alive, primary of db; n3 believes it partitioned? (wrong)". */
export function ariaLabel(
  node: NodeSnapshot,
  state: VisualState,
  badges: readonly RoleBadge[],
  belief: BeliefView | null,
  t: number,
): string {
  const parts = [stateStyles[state].spoken];
  if (node.group != null) parts.push(`in group ${groupName(node.group)}`);
  for (const b of badges) parts.push(b.title.replace(/^primary/, 'PRIMARY'));
  if (node.impending) parts.push(`dies in ${formatDuration(Math.max(0, node.impending.deathAt - t))}`);
  let s = `${node.id}: ${parts.join(', ')}`;
  if (belief)
    s += `; ${belief.holder} believes it ${belief.label.toLowerCase()}${belief.wrong ? ' (wrong)' : ''}`;
  return s;
}
