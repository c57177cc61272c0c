// Golden traces: each scenario in test/scenarios/*.json is run and summed up (one line per trace
// event other than msg.*, times to the microsecond, then the metrics), and the summary must equal
// test/golden/<name>.txt. A change that alters a run shows up here as a line diff.
//
// Regenerate only on purpose, after checking that the new behaviour is the intended one:
//   UPDATE_GOLDEN=1 npx vitest run test/unit/golden.test.ts
// and review `git diff test/golden` before committing.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../src/core/scenario.ts';
import type { RunOutput, Scenario } from '../../src/core/types.ts';
import { Simulation } from '../../src/runtime/simulation.ts';

const SCENARIOS = fileURLToPath(new URL('../scenarios/', import.meta.url));
const GOLDEN = fileURLToPath(new URL('../golden/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const REGENERATE = 'UPDATE_GOLDEN=1 npx vitest run test/unit/golden.test.ts';

const files = readdirSync(SCENARIOS)
  .filter((f) => f.endsWith('.json'))
  .sort();

function load(file: string): Scenario {
  const parsed = parseScenarioText(readFileSync(join(SCENARIOS, file), 'utf8'));
  if (!parsed.ok) throw new Error(`test/scenarios/${file} does not load:\n${parsed.errors.join('\n')}`);
  return parsed.scenario;
}

const run = (scenario: Scenario): RunOutput => new Simulation(scenario).run();

function value(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** One line per non-message event (`t kind key=value…`), then the metrics. */
function summarize(out: RunOutput): string {
  const lines: string[] = [];
  for (const e of out.events) {
    if (e.kind.startsWith('msg.')) continue;
    const { t, kind, ...fields } = e;
    const rest = Object.entries(fields).map(([k, v]) => `${k}=${value(v)}`);
    lines.push([t.toFixed(3), kind, ...rest].join(' '));
  }
  lines.push('', `metrics ${JSON.stringify(out.metrics, null, 2)}`, '');
  return lines.join('\n');
}

/** A short line diff (longest common subsequence), with two lines of context around each change. */
function lineDiff(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const ops: Array<[' ' | '-' | '+', string]> = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push([' ', a[i++]]);
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push(['-', a[i++]]);
    else ops.push(['+', b[j++]]);
  }
  const near = ops.map((_, k) => ops.slice(Math.max(0, k - 2), k + 3).some(([op]) => op !== ' '));
  const out: string[] = [];
  ops.forEach(([op, line], k) => {
    if (near[k]) out.push(`${op} ${line}`);
    else if (near[k - 1]) out.push('  …');
  });
  return out.join('\n');
}

describe('golden traces (test/scenarios → test/golden)', () => {
  it('there are at least six scenarios', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  for (const file of files) {
    const name = basename(file, '.json');
    const golden = join(GOLDEN, `${name}.txt`);

    it(`${name}: the run matches test/golden/${name}.txt`, () => {
      const summary = summarize(run(load(file)));
      if (UPDATE) {
        writeFileSync(golden, summary);
        return;
      }
      if (!existsSync(golden)) {
        expect.fail(`test/golden/${name}.txt is missing: create it on purpose with\n  ${REGENERATE}`);
      }
      const expected = readFileSync(golden, 'utf8');
      if (summary !== expected) {
        expect.fail(
          `test/scenarios/${file} no longer runs as recorded (- golden, + now):\n` +
            `${lineDiff(expected, summary)}\n\n` +
            `If the change is intended, regenerate the golden files with\n  ${REGENERATE}`,
        );
      }
    });

    it(`${name}: the same scenario and seed give byte-identical JSON output`, () => {
      const scenario = load(file);
      const once = JSON.stringify(run(scenario));
      const twice = JSON.stringify(run(load(file)));
      expect(twice === once, `two runs of test/scenarios/${file} differ`).toBe(true);
    });
  }
});
