// Entry point of the headless CLI (DESIGN §4.4): `npm run --silent cli -- COMMAND …`.
// Results go to stdout, messages and progress to stderr; bad input exits 2, a crash exits 1.
import { UsageError } from './args.ts';
import { compareCommand } from './compareCommand.ts';
import { experimentCommand } from './experimentCommand.ts';
import { MAIN_HELP } from './help.ts';
import { runCommand } from './runCommand.ts';

async function main(argv: readonly string[]): Promise<string> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run':
      return runCommand(rest);
    case 'experiment':
      return experimentCommand(rest);
    case 'compare':
      return compareCommand(rest);
    case '--help':
    case '-h':
    case 'help':
      return MAIN_HELP;
    case undefined:
      throw new UsageError('which command? run, compare or experiment');
    default:
      throw new UsageError(`unknown command '${command}' (commands: run, compare, experiment)`);
  }
}

function reportUsage(error: UsageError): void {
  const lines = [`mayday: ${error.message}`, ...error.details.map((d) => `  ${d}`)];
  const help = error.command === null ? '--help' : `${error.command} --help`;
  lines.push(`(npm run --silent cli -- ${help} shows the usage)`);
  process.stderr.write(`${lines.join('\n')}\n`);
}

// A reader that stops early (`| head`) closes the pipe: that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

try {
  const out = await main(process.argv.slice(2));
  // exitCode, not exit(): a large output piped to another program must be flushed first.
  process.stdout.write(out);
  process.exitCode = 0;
} catch (error) {
  if (error instanceof UsageError) {
    reportUsage(error);
    process.exitCode = 2;
  } else {
    process.stderr.write(
      `mayday: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}
