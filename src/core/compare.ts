// Comparing two runs of one scenario under two settings (DESIGN §2 "Compare"): where their traces
// first part ways, and which metrics differ. Pure functions over plain data.
import type { Metrics, TraceEvent } from './types.ts';

export interface Divergence {
  /** Index of the first event that differs (the same in both traces up to there). */
  index: number;
  /** When it happens: the earlier of the two differing events (or the one that exists). */
  t: number;
  /** The event at `index` in each run; null when that run has no more events. */
  a: TraceEvent | null;
  b: TraceEvent | null;
}

/** Events are compared as the JSON a trace file holds: same text ⇔ same event. */
const same = (x: TraceEvent, y: TraceEvent): boolean => JSON.stringify(x) === JSON.stringify(y);

/** The first event that differs between two traces, or null when they are identical. */
export function firstDivergence(a: readonly TraceEvent[], b: readonly TraceEvent[]): Divergence | null {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && same(a[i], b[i])) i++;
  if (i === a.length && i === b.length) return null;
  const ea = a[i] ?? null;
  const eb = b[i] ?? null;
  const t = Math.min(ea?.t ?? Infinity, eb?.t ?? Infinity);
  return { index: i, t, a: ea, b: eb };
}

export interface MetricRow {
  /** Dotted path in the metrics object: `resources.db.unavailableMs`, `distress.sent`. */
  path: string;
  a: number | number[] | undefined;
  b: number | number[] | undefined;
  /** b − a for numbers present in both; null otherwise. */
  delta: number | null;
}

/** Every metric as a dotted path: numbers and lists of numbers (failoverMs), in a fixed order. */
export function flattenMetrics(m: Metrics): Map<string, number | number[]> {
  const out = new Map<string, number | number[]>();
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'number') out.set(path, value);
    else if (Array.isArray(value))
      out.set(
        path,
        value.filter((x): x is number => typeof x === 'number'),
      );
    else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) walk(v, path === '' ? k : `${path}.${k}`);
    }
  };
  walk(m, '');
  return out;
}

/** Every metric of both runs, in a's order then b's; `differs` says whether a and b disagree. */
export function metricRows(a: Metrics, b: Metrics): (MetricRow & { differs: boolean })[] {
  const fa = flattenMetrics(a);
  const fb = flattenMetrics(b);
  const paths = [...new Set([...fa.keys(), ...fb.keys()])];
  return paths.map((path) => {
    const va = fa.get(path);
    const vb = fb.get(path);
    const delta = typeof va === 'number' && typeof vb === 'number' ? vb - va : null;
    return { path, a: va, b: vb, delta, differs: JSON.stringify(va) !== JSON.stringify(vb) };
  });
}

/** Only the metrics that differ: empty for two runs with the same numbers. */
export function metricDifferences(a: Metrics, b: Metrics): MetricRow[] {
  return metricRows(a, b)
    .filter((r) => r.differs)
    .map(({ path, a: va, b: vb, delta }) => ({ path, a: va, b: vb, delta }));
}
