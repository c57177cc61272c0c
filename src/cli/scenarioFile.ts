// Reading a scenario file (or stdin for `-`) and validating it: every problem becomes a UsageError
// that names the file, so nothing half-loads and the CLI exits 2.
import { readFileSync } from 'node:fs';
import { parseScenarioText } from '../core/scenario.ts';
import type { Scenario } from '../core/types.ts';
import { UsageError } from './args.ts';

/** `--max-work N`: the node-tick budget of one run (core/limits.ts). */
export const RAISE_BUDGET = 'raise the budget with --max-work N';

export function readScenarioFile(path: string, command: string, workBudget?: number): Scenario {
  const name = path === '-' ? 'stdin' : `'${path}'`;
  let text: string;
  try {
    // fd 0 reads a pipe or a redirected file to its end.
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${name}: ${describeFsError(error)}`, { command });
  }
  const parsed = parseScenarioText(text, { workBudget, raiseBudget: RAISE_BUDGET });
  if (!parsed.ok) {
    const count = parsed.errors.length === 1 ? 'a problem' : `${parsed.errors.length} problems`;
    throw new UsageError(`${name} is not a valid scenario (${count}):`, { details: parsed.errors, command });
  }
  return parsed.scenario;
}

function describeFsError(error: unknown): string {
  switch ((error as { code?: string }).code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
