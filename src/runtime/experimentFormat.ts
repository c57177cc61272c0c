// The experiment result as a text table, CSV or JSON. Plain strings, no I/O: the CLI prints them and
// the Experiments page offers them as downloads.
import type { Cell, CellResult, ExperimentResult } from './experimentTypes.ts';

interface Column {
  title: string;
  /** Setting columns are left-aligned and shown only when they vary across cells. */
  setting: boolean;
  value(c: CellResult): string;
}

const onOff = (b: boolean | null): string => (b === null ? '–' : b ? 'on' : 'off');

export function policyLabel(c: Cell): string {
  return c.preset === null ? c.policy : `${c.preset} (${c.policy})`;
}

/** Milliseconds at a precision a reader can take in: 4.98, 63.2, 63190. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '–';
  const abs = Math.abs(ms);
  if (abs === 0) return '0';
  if (abs < 10) return ms.toFixed(2);
  if (abs < 100) return ms.toFixed(1);
  return String(Math.round(ms));
}

export function formatProbability(p: number | null): string {
  return p === null ? '–' : `${(p * 100).toFixed(p === 0 || p === 1 ? 0 : 1)}%`;
}

const COLUMNS: readonly Column[] = [
  { title: 'policy', setting: true, value: (c) => policyLabel(c.settings) },
  { title: 'distress', setting: true, value: (c) => onOff(c.settings.distress) },
  { title: 'pre-formed', setting: true, value: (c) => onOff(c.settings.preformed) },
  { title: 'mode', setting: true, value: (c) => c.settings.mode ?? '–' },
  { title: 'failure', setting: true, value: (c) => c.settings.failure ?? '(scenario)' },
  {
    title: 'warning',
    setting: true,
    value: (c) => (c.settings.warningMs === null ? '–' : `${c.settings.warningMs} ms`),
  },
  { title: 'runs', setting: false, value: (c) => String(c.runs) },
  { title: 'sent/lost', setting: false, value: (c) => `${c.distress.sent}/${c.distress.lost}` },
  { title: 'P(leaves)', setting: false, value: (c) => formatProbability(c.distress.pLeaves) },
  { title: 'failed over', setting: false, value: (c) => `${c.failover.runs}/${c.runs}` },
  { title: 'no admin', setting: false, value: (c) => String(c.failover.withoutAdmin) },
  { title: 'mean ms', setting: false, value: (c) => formatMs(c.failover.meanMs) },
  { title: 'p50 ms', setting: false, value: (c) => formatMs(c.failover.p50Ms) },
  { title: 'p95 ms', setting: false, value: (c) => formatMs(c.failover.p95Ms) },
  { title: 'unavail ms', setting: false, value: (c) => formatMs(c.unavailableMs) },
  { title: 'split ms', setting: false, value: (c) => formatMs(c.splitBrainMs) },
  { title: 'admin', setting: false, value: (c) => String(c.adminInterventions) },
  { title: 'false', setting: false, value: (c) => String(c.falseFailovers) },
];

export const COLUMN_LEGEND: readonly string[] = [
  'sent/lost    distress messages that left the failing node / that it died before sending (all runs)',
  'P(leaves)    sent / (sent + lost): the probability that the distress leaves before death',
  'failed over  runs in which a backup took over; "no admin": of those, runs with no administrator action',
  'mean/p50/p95 time to failover: from the old primary no longer serving to a new one serving',
  'unavail ms   mean time per run with no node acting as primary (summed over resources)',
  'split ms     mean time per run with two or more nodes acting as primary (split brain)',
  'admin        administrator actions in all runs; false: "failed" verdicts about live nodes',
];

/** The columns worth showing: settings that vary (policy always), then every metric. */
function visibleColumns(cells: readonly CellResult[]): Column[] {
  return COLUMNS.filter(
    (col) => !col.setting || col.title === 'policy' || new Set(cells.map((c) => col.value(c))).size > 1,
  );
}

/** Rows of cells padded to a common width; numbers right-aligned. */
export function formatRows(header: string[], rows: string[][], leftAligned: number): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (i < leftAligned ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
}

export function formatTable(result: ExperimentResult): string {
  const cols = visibleColumns(result.cells);
  const e = result.experiment;
  const admin =
    e.adminDelayMs === null ? 'no administrator' : `administrator answers after ${e.adminDelayMs} ms`;
  const injected = result.cells.some((c) => c.settings.failure !== null)
    ? `failure on ${e.failureNode} at ${e.failureAtMs} ms; `
    : '';
  const lines = [
    `${result.cells.length} settings × ${e.seeds} seeds (base seed ${e.baseSeed}); ${injected}${admin}`,
    '',
    ...formatRows(
      cols.map((c) => c.title),
      result.cells.map((cell) => cols.map((c) => c.value(cell))),
      cols.filter((c) => c.setting).length,
    ),
    '',
    ...COLUMN_LEGEND,
  ];
  return `${lines.join('\n')}\n`;
}

const CSV_HEADER = [
  'policy',
  'preset',
  'distress',
  'preformed',
  'mode',
  'failure',
  'warning_ms',
  'runs',
  'distress_sent',
  'distress_lost',
  'p_leaves',
  'failover_runs',
  'failover_without_admin',
  'failover_mean_ms',
  'failover_p50_ms',
  'failover_p95_ms',
  'unavailable_ms_mean',
  'split_brain_ms_mean',
  'admin_interventions',
  'false_failovers',
];

function csvField(v: string | number | boolean | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatCsv(result: ExperimentResult): string {
  const rows = result.cells.map((c) =>
    [
      c.settings.policy,
      c.settings.preset,
      c.settings.distress,
      c.settings.preformed,
      c.settings.mode,
      c.settings.failure,
      c.settings.warningMs,
      c.runs,
      c.distress.sent,
      c.distress.lost,
      c.distress.pLeaves,
      c.failover.runs,
      c.failover.withoutAdmin,
      c.failover.meanMs,
      c.failover.p50Ms,
      c.failover.p95Ms,
      c.unavailableMs,
      c.splitBrainMs,
      c.adminInterventions,
      c.falseFailovers,
    ]
      .map(csvField)
      .join(','),
  );
  return `${[CSV_HEADER.join(','), ...rows].join('\n')}\n`;
}

export function formatJson(result: ExperimentResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
