// The metrics over a run as CSV, for a spreadsheet or a paper: one row per sample time, one column
// per metric (dotted paths, as `cli compare` names them). failoverMs lists are written as their count
// is already a column: the list itself goes in one cell, values separated by spaces.
import { flattenMetrics } from './compare.ts';
import type { Metrics } from './types.ts';

const cell = (v: number | number[] | undefined): string =>
  v === undefined ? '' : Array.isArray(v) ? v.join(' ') : String(v);

export function metricsCsv(samples: readonly { t: number; metrics: Metrics }[]): string {
  if (samples.length === 0) return 't_ms\n';
  const columns = [...flattenMetrics(samples[samples.length - 1].metrics).keys()];
  const rows = samples.map((s) => {
    const flat = flattenMetrics(s.metrics);
    return [String(s.t), ...columns.map((c) => cell(flat.get(c)))].join(',');
  });
  return `${['t_ms', ...columns].join(',')}\n${rows.join('\n')}\n`;
}
