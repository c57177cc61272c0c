// RESULTS.md: the tables that back the patent's claims with numbers (issue 4). Each section is one
// `cli experiment` command, printed above its table, so anyone can rerun any table on its own and
// get the same numbers; nothing here depends on the machine, the date or the worker count.
import { catalogueEntry, CATALOGUE } from '../core/catalogue.ts';
import { chooseSendPath } from '../core/sendPath.ts';
import { formatMs, formatProbability, policyLabel } from '../runtime/experimentFormat.ts';
import type { CellResult, ExperimentResult, ExperimentSpec } from '../runtime/experiment.ts';
import { SEED_RULE } from '../runtime/experimentStats.ts';
import { runSeed } from '../runtime/experiment.ts';

export const RESULTS_SEEDS = 20;
export const RESULTS_BASE_SEED = 1;
/** Sections 3–4 look only at the moment of failure: shorter runs, same answer. */
const LEAVES_DURATION_MS = 15_000;

export interface Section {
  id: string;
  /** `##` heading and its text; the sections of one family share the first one's. */
  heading?: string;
  intro?: string;
  /** `###` heading. */
  subheading?: string;
  /** `cli experiment` arguments, without --seeds/--seed (added from the options). */
  args: string[];
  render(result: ExperimentResult): string[];
}

const detectable = (failure: string | null): boolean =>
  failure !== null && (catalogueEntry(failure)?.detectable ?? true);

function detectableIn(result: ExperimentResult): string[] {
  return [...new Set(result.cells.map((c) => c.settings.failure).filter(detectable))] as string[];
}

function table(header: string[], rows: string[][]): string[] {
  const align = header.map((_, i) =>
    rows.every((r) => /^[-\d.%/–]|^\d/.test(r[i]) || r[i] === '–') ? '--:' : '---',
  );
  return [
    `| ${header.join(' | ')} |`,
    `| ${align.join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

const onOff = (b: boolean | null): string => (b === null ? '–' : b ? 'on' : 'off');
const sumOf = (cells: readonly CellResult[], f: (c: CellResult) => number): number =>
  cells.reduce((s, c) => s + f(c), 0);

/** Mean time to failover over several cells, weighted by their number of failovers. */
function pooledMean(cells: readonly CellResult[]): number | null {
  const n = sumOf(cells, (c) => c.failover.count);
  return n === 0 ? null : sumOf(cells, (c) => (c.failover.meanMs ?? 0) * c.failover.count) / n;
}

function fullRows(result: ExperimentResult): string[] {
  return table(
    [
      'policy',
      'distress',
      'failure',
      'warning',
      'failed over',
      'no admin',
      'mean ms',
      'p50 ms',
      'p95 ms',
      'unavailable ms',
      'split brain ms',
      'admin',
      'false failovers',
    ],
    result.cells.map((c) => [
      policyLabel(c.settings),
      onOff(c.settings.distress),
      c.settings.failure ?? '(scenario)',
      c.settings.warningMs === null ? '–' : `${c.settings.warningMs} ms`,
      `${c.failover.runs}/${c.runs}`,
      String(c.failover.withoutAdmin),
      formatMs(c.failover.meanMs),
      formatMs(c.failover.p50Ms),
      formatMs(c.failover.p95Ms),
      formatMs(c.unavailableMs),
      formatMs(c.splitBrainMs),
      String(c.adminInterventions),
      String(c.falseFailovers),
    ]),
  );
}

/** Per policy: detectable failures with distress on vs off, the patent's headline comparison. */
function headline(result: ExperimentResult): string[] {
  const groups = new Map<string, CellResult[]>();
  for (const c of result.cells) {
    if (!detectable(c.settings.failure)) continue;
    const key = policyLabel(c.settings);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const rows: string[][] = [];
  for (const [policy, cells] of groups) {
    const half = (on: boolean): string[] => {
      const part = cells.filter((c) => c.settings.distress === on);
      const runs = sumOf(part, (c) => c.runs);
      return [
        `${sumOf(part, (c) => c.failover.withoutAdmin)}/${runs}`,
        formatMs(pooledMean(part)),
        formatMs(runs === 0 ? null : sumOf(part, (c) => c.unavailableMs * c.runs) / runs),
      ];
    };
    rows.push([policy, ...half(true), ...half(false)]);
  }
  return table(
    [
      'policy',
      'distress on: failed over, no admin',
      'time to failover (ms)',
      'unavailable (ms)',
      'distress off: failed over, no admin',
      'time to failover (ms)',
      'unavailable (ms)',
    ],
    rows,
  );
}

/** Rows (failure, warning) × columns (pre-formed or composed, mode) of P(leaves). */
function pivot(result: ExperimentResult): string[] {
  const column = (c: CellResult): string =>
    `${c.settings.preformed ? 'pre-formed' : 'composed'} ${c.settings.mode}`;
  const columns = [...new Set(result.cells.map(column))];
  const rows = new Map<string, Map<string, CellResult>>();
  for (const c of result.cells) {
    const key = `${c.settings.failure}\u0000${c.settings.warningMs}`;
    if (!rows.has(key)) rows.set(key, new Map());
    rows.get(key)!.set(column(c), c);
  }
  // Which path `auto` takes, from the rule the nodes follow (core/sendPath.ts), beside what they measured.
  const costs = result.experiment.base.costs;
  const auto = columns.some((c) => c.endsWith(' auto'));
  return table(
    ['failure', 'warning', ...(auto ? ['auto takes'] : []), ...columns],
    [...rows.entries()].map(([key, cells]) => {
      const [failure, warning] = key.split('\u0000');
      return [
        failure,
        `${warning} ms`,
        ...(auto ? [chooseSendPath(failure, Number(warning), 'auto', costs)] : []),
        ...columns.map((col) => formatProbability(cells.get(col)?.distress.pLeaves ?? null)),
      ];
    }),
  );
}

const ranges = CATALOGUE.filter((e) => e.detectable).map((e) => {
  const [min, max] = e.warningRangeMs;
  return { type: e.type, warnings: [...new Set([min, e.defaultWarningMs, max])] };
});

export const SECTIONS: readonly Section[] = [
  {
    id: 'policies',
    heading: '1. Failover without an administrator, per policy (§0022, §0053)',
    intro:
      'The failing node is the primary of `db`. With the distress signal, survivors learn it failed and fail over at once; ' +
      'without it, `manual` (IBM i) waits for the administrator, the others wait out a timeout (and a lease, or a fence). ' +
      '`crash` and `pause` give no warning: distress cannot help there, and `pause` shows the price of guessing "dead" (split brain).',
    args: [
      '--policy',
      'manual,quorum,fencing,aggressive',
      '--distress',
      'on,off',
      '--failure',
      'power-loss-battery,power-loss,os-crash,crash,pause',
    ],
    render: (r) => [
      `Summary over the failures the node sees coming (${detectableIn(r).join(', ')}): runs that failed over with ` +
        'no administrator, mean time to failover, mean unavailable time per run.',
      '',
      ...headline(r),
      '',
      'Every cell:',
      '',
      ...fullRows(r),
    ],
  },
  {
    id: 'presets',
    heading: '2. What real systems would do (presets, DESIGN §6)',
    intro:
      'The same failures under the detector timings and decision rules of real systems, with and without a distress signal. ' +
      'None of these systems has a signed "I am going down" message; the rows with distress show what one would buy them.',
    args: [
      '--preset',
      'ibm-i,pacemaker,swim,akka,kubernetes',
      '--distress',
      'on,off',
      '--failure',
      'power-loss,crash',
    ],
    render: fullRows,
  },
  ...ranges.map(({ type, warnings }, i): Section => ({
    id: `leaves-${type}`,
    heading: i === 0 ? '3. P(distress leaves before death), per failure type and way of sending' : undefined,
    subheading: `\`${type}\``,
    intro:
      i === 0
        ? 'Claims 5 and 16: send asynchronously (dedicated task) when there is time, synchronously (current task) when not. ' +
          'Each row is a warning time from the catalogue range of the failure type (min, default, max); each column a way of ' +
          'sending: the pre-formed message in mode auto/sync/async, or a message composed and signed at failure time ' +
          '(`costs.composeMs`, 20 ms by default: an assumption for a failing machine, DESIGN §5). `auto takes` is the path the ' +
          'nodes choose (src/core/sendPath.ts): async only for a type that allows an orderly shutdown, with at least ' +
          '`orderlyShutdownMs` of warning.'
        : undefined,
    args: [
      '--failure',
      type,
      '--warning',
      warnings.join(','),
      '--distress',
      'on',
      '--preformed',
      'on,off',
      '--mode',
      'auto,sync,async',
      '--duration',
      String(LEAVES_DURATION_MS),
    ],
    render: pivot,
  })),
  {
    id: 'sweep',
    heading: '4. P(distress leaves before death) versus warning time',
    intro:
      'One failure type, the warning swept from 0 to 50 ms: the thresholds are the modelled costs (`sendMs` 0.05 ms on the ' +
      'current task; `wakeTaskMs` 1 ms more for the dedicated task; `composeMs` 20 ms more to compose and sign at failure time).',
    args: [
      '--failure',
      'os-crash',
      '--warning',
      '0,0.5,1,2,5,10,20,25,50',
      '--distress',
      'on',
      '--preformed',
      'on,off',
      '--mode',
      'sync,async',
      '--duration',
      String(LEAVES_DURATION_MS),
    ],
    render: pivot,
  },
];

export interface ResultsOptions {
  seeds: number;
  baseSeed: number;
  /** Sections to include, by id; all when empty. */
  only: readonly string[];
}

export function sectionArgs(section: Section, options: ResultsOptions): string[] {
  return [...section.args, '--seeds', String(options.seeds), '--seed', String(options.baseSeed)];
}

export function commandLine(args: readonly string[]): string {
  return `npm run --silent cli -- experiment ${args.join(' ')}`;
}

/** The whole file, given a way to run one experiment (inline or over workers). */
export async function buildResults(
  options: ResultsOptions,
  toSpec: (args: string[]) => ExperimentSpec,
  execute: (spec: ExperimentSpec, label: string) => Promise<ExperimentResult>,
): Promise<string> {
  const sections = SECTIONS.filter((s) => options.only.length === 0 || options.only.includes(s.id));
  const out: string[] = [];
  let first: ExperimentSpec | null = null;
  for (const section of sections) {
    const args = sectionArgs(section, options);
    const spec = toSpec(args);
    first ??= spec;
    const result = await execute(spec, section.id);
    if (section.heading !== undefined) out.push(`## ${section.heading}`, '');
    if (section.intro !== undefined) out.push(section.intro, '');
    if (section.subheading !== undefined) out.push(`### ${section.subheading}`, '');
    out.push('```sh', commandLine(args), '```', '', ...section.render(result), '');
  }
  return [...preamble(options, first), ...out].join('\n').replace(/\n+$/, '\n');
}

function preamble(options: ResultsOptions, spec: ExperimentSpec | null): string[] {
  const seeds =
    spec === null
      ? []
      : Array.from({ length: options.seeds }, (_, i) => runSeed({ ...spec, baseSeed: options.baseSeed }, i));
  const b = spec?.base;
  return [
    '# Results: the distress signal, in numbers',
    '',
    'Generated by `npm run results` (`src/cli/results.ts`); do not edit by hand. Every table is one `cli experiment` ' +
      'command, printed above it: run it to get the same numbers, with any number of workers.',
    '',
    `- **Seeds**: ${options.seeds} runs per cell, base seed ${options.baseSeed}; ${SEED_RULE}: ${seeds.join(', ')}.`,
    b
      ? `- **Cluster**: ${b.nodes.length} nodes, resource \`${b.resources[0].name}\` on ${b.resources[0].primary} ` +
        `(backups ${b.resources[0].backups.join(', ')}); heartbeat every ${b.heartbeat.intervalMs} ms, timeout ` +
        `${b.heartbeat.timeoutMs} ms; latency ${b.network.latencyMs[0]}–${b.network.latencyMs[1]} ms, no loss.`
      : '',
    spec
      ? `- **Failure**: injected on ${spec.base.resources[0].primary} at t = ${spec.failureAtMs / 1000} s; runs last ` +
        `${spec.base.durationMs / 1000} s (${LEAVES_DURATION_MS / 1000} s for sections 3–4). An administrator, when the cluster asks for one, marks ` +
        `the silent node failed ${(spec.adminDelayMs ?? 0) / 1000} s later (\`--admin-delay\`): an assumption.`
      : '',
    b
      ? `- **Costs** (DESIGN §5, assumptions): send ${b.costs.sendMs} ms, wake the distress task ${b.costs.wakeTaskMs} ms, ` +
        `compose and sign at failure time ${b.costs.composeMs} ms, orderly shutdown ${b.costs.orderlyShutdownMs} ms.`
      : '',
    '- **Columns**: *failed over* = runs where a backup took over; *no admin* = of those, runs with no administrator ' +
      'action; times to failover run from the old primary no longer serving to a new one serving; *unavailable* and ' +
      '*split brain* are means per run; *admin* and *false failovers* are totals; P = sent / (sent + lost).',
    '',
  ].filter((line, i, all) => line !== '' || all[i - 1] !== '');
}
