// The command line as a whole process, as a user runs it: `node scripts/cli.mjs run FILE --json`
// (what `npm run cli` runs, without npm's own start-up), start-up and JSON output included.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioToPlain } from '../src/core/scenarioJson.ts';
import type { Policy } from '../src/core/types.ts';
import { policyScenario } from './policies.ts';
import { median } from './throughput.ts';

const LAUNCHER = fileURLToPath(new URL('../scripts/cli.mjs', import.meta.url));

/** CPU time of this process's waited-for children, ms (Linux /proc; null elsewhere). */
function childrenCpuMs(): number | null {
  if (!existsSync('/proc/self/stat')) return null;
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  // After "pid (comm) ": field 3 is state, so cutime and cstime (fields 16, 17) sit at 13 and 14.
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
}

export interface CliResult {
  policy: Policy;
  wall: number[];
  cpu: number[];
  medianMs: number;
  medianCpuMs: number | null;
  outputBytes: number;
}

export function measureCli(policy: Policy, repeats: number, nodes = 64): CliResult {
  const dir = mkdtempSync(join(tmpdir(), 'mayday-bench-'));
  try {
    const file = join(dir, `${policy}.json`);
    writeFileSync(file, JSON.stringify(scenarioToPlain(policyScenario(nodes, policy))));
    const once = (): { ms: number; cpu: number | null; bytes: number } => {
      const cpu0 = childrenCpuMs();
      const start = performance.now();
      const r = spawnSync(process.execPath, [LAUNCHER, 'run', file, '--json'], {
        maxBuffer: 1 << 30,
        encoding: 'utf8',
      });
      const ms = performance.now() - start;
      if (r.status !== 0) throw new Error(`cli run exited ${r.status}: ${r.stderr}`);
      const cpu1 = childrenCpuMs();
      return { ms, cpu: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0, bytes: r.stdout.length };
    };
    once(); // builds the CLI if src/ changed since the last build: not part of the figure
    const runs = Array.from({ length: repeats }, once);
    const cpu = runs.map((r) => r.cpu).filter((c): c is number => c !== null);
    return {
      policy,
      wall: runs.map((r) => r.ms),
      cpu,
      medianMs: median(runs.map((r) => r.ms)),
      medianCpuMs: cpu.length ? median(cpu) : null,
      outputBytes: runs[0].bytes,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
