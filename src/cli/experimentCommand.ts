// `cli experiment [options]`: the grid of settings × seeds, over worker threads, printed as a table,
// JSON or CSV on stdout with the progress bar on stderr.
import { availableParallelism } from 'node:os';
import { formatCsv, formatJson, formatTable } from '../runtime/experimentFormat.ts';
import { parseExperimentArgs } from './experimentOptions.ts';
import { EXPERIMENT_HELP } from './help.ts';
import { createProgressBar, createProgressLines } from './progress.ts';
import { readScenarioFile } from './scenarioFile.ts';
import { runExperimentInWorkers } from './workerPool.ts';

/** Returns what goes to stdout. */
export async function experimentCommand(args: readonly string[]): Promise<string> {
  const invocation = parseExperimentArgs(args, {
    cores: availableParallelism(),
    readScenario: (path, workBudget) => readScenarioFile(path, 'experiment', workBudget),
  });
  if (invocation === null) return EXPERIMENT_HELP;
  for (const note of invocation.notes) process.stderr.write(`${note}\n`);
  const bar =
    invocation.progress || process.stderr.isTTY
      ? createProgressBar(process.stderr, 'experiment')
      : createProgressLines(process.stderr, 'experiment');
  const result = await runExperimentInWorkers(invocation.spec, invocation.workers, (done, total) =>
    bar.update(done, total),
  );
  bar.finish();
  switch (invocation.output) {
    case 'json':
      return formatJson(result);
    case 'csv':
      return formatCsv(result);
    case 'table':
      return formatTable(result);
  }
}
