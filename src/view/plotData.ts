// The plain data the experiment plots read: the shape of the experiment runner's cells and runs
// (src/runtime/experimentTypes.ts), restated here because src/view imports only src/core (DESIGN §3).
// Structural typing checks, where the UI hands the runner's results over, that the two still agree.

import type { Costs } from '../core/types.ts';

export interface PlotSettings {
  policy: string;
  preset: string | null;
  distress: boolean;
  preformed: boolean | null;
  mode: string | null;
  failure: string | null;
  warningMs: number | null;
}

export interface PlotCell {
  settings: PlotSettings;
  runs: number;
  distress: { sent: number; lost: number };
  unavailableMs: number;
  splitBrainMs: number;
  adminInterventions: number;
}

export interface PlotRun {
  failoverMs: readonly number[];
}

export interface PlotOptions {
  width: number;
  /** px; the page passes a bigger one in presenter mode. */
  fontSize?: number;
  /** First line of the drawing, so an exported SVG says what it is. */
  title: string;
  /** Second line: runs, seeds, the stated assumptions. */
  note?: string;
  /** The modelled costs of the runs (they decide which path "auto" takes); the defaults if absent. */
  costs?: Costs;
}

/** "manual" or "pacemaker (fencing)": the policy axis as the CLI table prints it. */
export function policyName(s: PlotSettings): string {
  return s.preset === null ? s.policy : `${s.preset} (${s.policy})`;
}

/** One row of the per-policy plots: a policy (or preset) with the distress signal on or off. */
export interface PolicyRow {
  key: string;
  policy: string;
  distress: boolean;
  /** Indices of the cells pooled into this row (every failure, mode, warning…). */
  cells: number[];
}

/** Rows in the order policies first appear in the grid, distress on before off within a policy. */
export function policyRows(cells: readonly PlotCell[]): PolicyRow[] {
  const order: string[] = [];
  const rows = new Map<string, PolicyRow>();
  cells.forEach((c, i) => {
    const policy = policyName(c.settings);
    if (!order.includes(policy)) order.push(policy);
    const key = `${policy}|${c.settings.distress ? 'on' : 'off'}`;
    const row = rows.get(key) ?? { key, policy, distress: c.settings.distress, cells: [] };
    row.cells.push(i);
    rows.set(key, row);
  });
  return order.flatMap((p) => [rows.get(`${p}|on`), rows.get(`${p}|off`)].filter((r) => r !== undefined));
}
