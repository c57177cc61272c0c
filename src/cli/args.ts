// Command-line parsing: node:util parseArgs for the shape, then our own checks so every mistake is
// answered in words a person can act on, with exit code 2 (DESIGN §4.4).
import { parseArgs } from 'node:util';
import { DEFAULT_WORK_BUDGET, MAX_WORK_BUDGET } from '../core/limits.ts';

/** Bad input: the CLI prints the message on stderr and exits with code 2. */
export class UsageError extends Error {
  /** Extra lines printed after the message (e.g. every scenario problem). */
  readonly details: readonly string[];
  /** The command whose help the message points to. */
  readonly command: string | null;

  constructor(message: string, options: { details?: readonly string[]; command?: string | null } = {}) {
    super(message);
    this.details = options.details ?? [];
    this.command = options.command ?? null;
  }
}

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;
export type Values = Record<string, string | boolean | string[] | undefined>;

/** Parse `args` against `options`; unknown options and missing values become UsageErrors. */
export function parseCommand(
  command: string,
  args: readonly string[],
  options: OptionSpec,
): { values: Values; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Values, positionals };
  } catch (error) {
    throw new UsageError(rephrase(error, command), { command });
  }
}

/** node's wording ("Unknown option '--foo'. To specify a positional argument…") made shorter. */
function rephrase(error: unknown, command: string): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^']*)'/.exec(message)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${option}' for '${command}'`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (message.includes('argument missing')) return `option '${option.split(' ')[0]}' needs a value`;
      if (message.includes('ambiguous')) {
        return `option '${option.split(' ')[0]}': a value starting with '-' must be written ${option.split(' ')[0]}=VALUE`;
      }
      return `option '${option.split(' ')[0]}' takes no value`;
    default:
      return message;
  }
}

export function stringValue(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A comma-separated list; empty items are a mistake, not something to skip silently. */
export function parseList(option: string, text: string): string[] {
  const items = text.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new UsageError(`--${option}: '${text}' has an empty item`);
  return items;
}

export function parseChoice<T extends string>(option: string, text: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(text)) return text as T;
  throw new UsageError(`--${option}: '${text}' is not one of ${choices.join(', ')}`);
}

const ON = ['on', 'true', 'yes', '1'];
const OFF = ['off', 'false', 'no', '0'];

export function parseOnOff(option: string, text: string): boolean {
  if (ON.includes(text.toLowerCase())) return true;
  if (OFF.includes(text.toLowerCase())) return false;
  throw new UsageError(`--${option}: '${text}' is neither on nor off`);
}

/** A whole number in [min, max]. */
export function parseInteger(option: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(n)) {
    throw new UsageError(`--${option}: '${text}' is not a whole number`);
  }
  if (n < min || n > max) throw new UsageError(`--${option}: ${n} is out of range (${min}–${max})`);
  return n;
}

/** A duration in ms, ≥ 0 and finite. */
export function parseMs(option: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n))
    throw new UsageError(`--${option}: '${text}' is not a number of ms`);
  if (n < 0) throw new UsageError(`--${option}: ${n} is negative`);
  return n;
}

/** Distinct values, first occurrence kept: `--seeds` grids must not run a setting twice. */
export function unique<T>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `--max-work N`: the node-tick budget of one run; the default when the option is absent. */
export function parseWorkBudget(values: Values): number {
  const text = stringValue(values, 'max-work');
  return text === undefined ? DEFAULT_WORK_BUDGET : parseInteger('max-work', text, 1, MAX_WORK_BUDGET);
}
