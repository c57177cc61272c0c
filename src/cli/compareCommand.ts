// `cli compare FILE --set PATH=VALUE … [--base PATH=VALUE …] [--json]`: one scenario and seed under
// two settings (DESIGN §4.4). A is the file (with --base changes), B is A with the --set changes.
import { metricRows, type Divergence, type MetricRow } from '../core/compare.ts';
import { applySettings, formatSetting, parseSetting, type Setting } from '../core/scenarioSet.ts';
import type { Scenario, TraceEvent } from '../core/types.ts';
import { compareRuns, type Comparison } from '../runtime/compareRuns.ts';
import { parseCommand, UsageError, type OptionSpec, type Values } from './args.ts';
import { COMPARE_HELP } from './help.ts';
import { readScenarioFile } from './scenarioFile.ts';
import { formatTime } from './story.ts';

export const COMPARE_OPTIONS: OptionSpec = {
  set: { type: 'string', multiple: true },
  base: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

function settingsOf(values: Values, name: 'set' | 'base'): Setting[] {
  const texts = values[name];
  const list = Array.isArray(texts) ? texts : [];
  return list.map((text) => {
    const setting = parseSetting(text);
    if (setting === null) {
      throw new UsageError(`--${name} '${text}': write it as PATH=VALUE, e.g. distress=false`, {
        command: 'compare',
      });
    }
    return setting;
  });
}

function applyOrRefuse(s: Scenario, settings: Setting[], option: string): Scenario {
  const result = applySettings(s, settings);
  if (!result.ok) {
    throw new UsageError(`--${option} ${settings.map(formatSetting).join(' ')}: not a valid change:`, {
      details: result.errors,
      command: 'compare',
    });
  }
  return result.scenario;
}

export function compareCommand(args: readonly string[]): string {
  const { values, positionals } = parseCommand('compare', args, COMPARE_OPTIONS);
  if (values.help) return COMPARE_HELP;
  if (positionals.length !== 1) {
    throw new UsageError(`compare: give exactly one scenario FILE (got ${positionals.length})`, {
      command: 'compare',
    });
  }
  const set = settingsOf(values, 'set');
  const base = settingsOf(values, 'base');
  if (set.length === 0) {
    throw new UsageError('compare: what should differ? Give at least one --set PATH=VALUE', {
      command: 'compare',
    });
  }
  const file = readScenarioFile(positionals[0], 'compare');
  const a = applyOrRefuse(file, base, 'base');
  const b = applyOrRefuse(a, set, 'set');
  const result = compareRuns(a, b);
  if (values.json) {
    return `${JSON.stringify({
      a: { changes: base.map(formatSetting), metrics: result.a.metrics, events: result.a.events.length },
      b: { changes: set.map(formatSetting), metrics: result.b.metrics, events: result.b.events.length },
      differences: result.differences,
      divergence: result.divergence,
    })}\n`;
  }
  return formatComparison(a, base, set, result);
}

/** One event in one line: its kind and fields, as in the trace. */
export function describeTraceEvent(e: TraceEvent | null): string {
  if (e === null) return '(no more events: this run ends here)';
  const fields = Object.entries(e)
    .filter(([k]) => k !== 't' && k !== 'kind')
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return `t = ${formatTime(e.t)}  ${e.kind} ${fields.join(' ')}`;
}

/** At most three decimals: a delta of 0.1 + 0.2 reads 0.3. */
const num = (n: number): string => String(Number(n.toFixed(3)));
const show = (v: MetricRow['a']): string =>
  v === undefined ? '—' : Array.isArray(v) ? `[${v.map(num).join(', ')}]` : num(v);

function table(rows: (MetricRow & { differs: boolean })[]): string[] {
  const cells = rows.map((r) => [
    `${r.differs ? '*' : ' '} ${r.path}`,
    show(r.a),
    show(r.b),
    r.delta === null || r.delta === 0 ? '' : signed(r.delta),
  ]);
  const head = ['  metric', 'A', 'B', 'B − A'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]): string =>
    c
      .map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(head), ...cells.map(line)];
}

const signed = (n: number): string => (n > 0 ? `+${num(n)}` : num(n));

function divergenceLines(d: Divergence | null): string[] {
  if (d === null) return ['First divergence: none — the two traces are identical, event for event.'];
  return [
    `First divergence: event #${d.index} at t = ${formatTime(d.t)} (the ${d.index} events before it are the same)`,
    `  A: ${describeTraceEvent(d.a)}`,
    `  B: ${describeTraceEvent(d.b)}`,
  ];
}

export function formatComparison(a: Scenario, base: Setting[], set: Setting[], r: Comparison): string {
  const lines = [
    `Compare: seed ${a.seed}, ${a.nodes.length} nodes, ${formatTime(a.durationMs)} of virtual time.`,
    `  A: ${base.length > 0 ? base.map(formatSetting).join(', ') : 'the scenario as in the file'} (${r.a.events.length} events)`,
    `  B: A with ${set.map(formatSetting).join(', ')} (${r.b.events.length} events)`,
    '',
  ];
  const n = r.differences.length;
  lines.push(...table(metricRows(r.a.metrics, r.b.metrics)));
  lines.push(
    n === 0
      ? 'Differences: none, every metric is the same.'
      : `Differences: ${n} metric${n > 1 ? 's' : ''} (marked *).`,
  );
  lines.push('', ...divergenceLines(r.divergence));
  return `${lines.join('\n')}\n`;
}
