// `cli run FILE [--json] [--messages] [--seed N]`: one scenario, headless (DESIGN §4.4).
import type { RunOutput } from '../core/types.ts';
import { Simulation } from '../runtime/simulation.ts';
import { parseCommand, parseInteger, parseWorkBudget, stringValue, UsageError } from './args.ts';
import type { OptionSpec } from './args.ts';
import { RUN_HELP } from './help.ts';
import { readScenarioFile } from './scenarioFile.ts';
import { formatStory } from './story.ts';
import { writeTraceFile } from './traceOut.ts';

export const RUN_OPTIONS: OptionSpec = {
  json: { type: 'boolean' },
  messages: { type: 'boolean' },
  seed: { type: 'string' },
  'max-work': { type: 'string' },
  trace: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

/** Returns what goes to stdout. */
export function runCommand(args: readonly string[]): string {
  const { values, positionals } = parseCommand('run', args, RUN_OPTIONS);
  if (values.help) return RUN_HELP;
  if (positionals.length === 0)
    throw new UsageError('run: which scenario? Give a FILE (or - for stdin)', { command: 'run' });
  if (positionals.length > 1) {
    throw new UsageError(`run: one scenario at a time, got ${positionals.length}: ${positionals.join(' ')}`, {
      command: 'run',
    });
  }
  const seedText = stringValue(values, 'seed');
  // Read the seed before the file: a bad option is reported even when the file is bad too.
  const seed =
    seedText === undefined ? undefined : parseInteger('seed', seedText, 0, Number.MAX_SAFE_INTEGER);
  const scenario = readScenarioFile(positionals[0], 'run', parseWorkBudget(values));
  if (seed !== undefined) scenario.seed = seed;
  const messages = values.messages === true;
  const simulation = new Simulation(scenario, { recordMessages: messages });
  const output = simulation.run();
  const tracePath = stringValue(values, 'trace');
  if (tracePath !== undefined)
    writeTraceFile(tracePath, { scenario, messages, metrics: output.metrics }, output.events);
  return values.json ? formatRunJson(output) : formatStory(scenario, output, simulation.refused());
}

/** Exactly one JSON object on one line, `metrics` then `events`, as the schema has them. */
export function formatRunJson(output: RunOutput): string {
  return `${JSON.stringify({ metrics: output.metrics, events: output.events })}\n`;
}
