// `npm run results`: regenerates RESULTS.md from fixed seeds (see src/cli/resultsReport.ts).
// Options, for quick looks and tests: --seeds N, --seed S, --only ID,…, --workers K, --out FILE|-.
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseCommand, parseInteger, parseList, stringValue, UsageError } from './args.ts';
import { parseExperimentArgs } from './experimentOptions.ts';
import { createProgressBar, NO_PROGRESS } from './progress.ts';
import { buildResults, RESULTS_BASE_SEED, RESULTS_SEEDS, SECTIONS } from './resultsReport.ts';
import { readScenarioFile } from './scenarioFile.ts';
import { runExperimentInWorkers } from './workerPool.ts';

async function main(argv: string[]): Promise<void> {
  const { values } = parseCommand('results', argv, {
    seeds: { type: 'string' },
    seed: { type: 'string' },
    only: { type: 'string' },
    workers: { type: 'string' },
    out: { type: 'string' },
    progress: { type: 'boolean' },
  });
  const opt = (name: string): string | undefined => stringValue(values, name);
  const only = opt('only') === undefined ? [] : parseList('only', opt('only')!);
  const ids = SECTIONS.map((s) => s.id);
  for (const id of only)
    if (!ids.includes(id)) throw new UsageError(`--only: no section '${id}' (${ids.join(', ')})`);
  const workers =
    opt('workers') === undefined
      ? Math.min(4, availableParallelism())
      : parseInteger('workers', opt('workers')!, 1, 64);
  const out = opt('out') ?? 'RESULTS.md';
  const showProgress = values.progress === true || process.stderr.isTTY === true;
  const env = { cores: workers, readScenario: (path: string) => readScenarioFile(path, 'results') };
  const text = await buildResults(
    {
      seeds: opt('seeds') === undefined ? RESULTS_SEEDS : parseInteger('seeds', opt('seeds')!, 1, 1_000_000),
      baseSeed:
        opt('seed') === undefined
          ? RESULTS_BASE_SEED
          : parseInteger('seed', opt('seed')!, 0, Number.MAX_SAFE_INTEGER),
      only,
    },
    (args) => parseExperimentArgs(args, env)!.spec,
    async (spec, label) => {
      const bar = showProgress ? createProgressBar(process.stderr, label.padEnd(28)) : NO_PROGRESS;
      const result = await runExperimentInWorkers(spec, workers, (done, total) => bar.update(done, total));
      bar.finish();
      return result;
    },
  );
  if (out === '-') process.stdout.write(text);
  else {
    writeFileSync(out, text);
    process.stderr.write(`wrote ${out}\n`);
  }
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`results: ${error.message}\n${error.details.map((d) => `  ${d}\n`).join('')}`);
    process.exitCode = 2;
  } else {
    process.stderr.write(
      `results: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}
