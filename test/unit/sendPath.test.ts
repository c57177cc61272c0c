// core/sendPath.ts is the one answer to "which task sends, when does the distress leave, does the
// orderly shutdown finish?". These tests hold the simulator and the leaves-before-death plot to it,
// over every detectable failure type of the catalogue and every warning time that matters there.
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/core/catalogue.ts';
import { parseScenario } from '../../src/core/scenario.ts';
import { DEFAULT_COSTS } from '../../src/core/scenarioDefaults.ts';
import { sendPath, type SendPathAnswer } from '../../src/core/sendPath.ts';
import type { ModeOption, TraceEvent } from '../../src/core/types.ts';
import { defaultExperimentScenario, runExperiment } from '../../src/runtime/experiment.ts';
import { Simulation } from '../../src/runtime/simulation.ts';
import { leavesPlot } from '../../src/view/leavesPlot.ts';

const COSTS = DEFAULT_COSTS;
const AT = 10_000;
const MODES: ModeOption[] = ['auto', 'sync', 'async'];

/**
 * The catalogue's warning range of a type, sampled: its ends, its default, points in between, and
 * every cost threshold (sync and async sends, pre-formed or composed, the orderly shutdown) up to
 * its maximum, each with a neighbour on either side — where a wrong rule would show.
 */
function warningsFor(range: readonly [number, number], typical: number): number[] {
  const [min, max] = range;
  const thresholds = [0.05, 1.05, 20.05, 21.05, 3000, 3000.05, 3020.05];
  const points = [min, typical, max, (min + max) / 2, Math.sqrt(Math.max(min, 1) * max)];
  for (const t of thresholds) if (t <= max) points.push(t - 0.01, t, t + 0.01);
  return [...new Set(points.filter((w) => w >= 0 && w <= max))].sort((a, b) => a - b);
}

interface Observed {
  path: 'sync' | 'async' | null;
  leavesAt: number | null;
  lost: boolean;
  shutdownCompleted: boolean;
}

/** Runs one failure of n1 through the whole Simulation and reads the answer off the trace. */
function simulate(failure: string, warningMs: number, mode: ModeOption, preformed: boolean): Observed {
  const parsed = parseScenario({
    version: 1,
    seed: 3,
    nodes: 3,
    resources: [{ name: 'db', primary: 'n1', backups: ['n2'] }],
    options: { mode, preformed },
    durationMs: AT + Math.min(warningMs, 4000) + 1,
    events: [{ at: AT, kind: 'failure', node: 'n1', type: failure, warningMs }],
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const events: readonly TraceEvent[] = new Simulation(parsed.scenario).run().events;
  const sent = events.find((e) => e.kind === 'distress.sent' && e.node === 'n1');
  return {
    path: sent?.kind === 'distress.sent' ? sent.mode : null,
    leavesAt: sent ? sent.t : null,
    lost: events.some((e) => e.kind === 'distress.lost' && e.node === 'n1'),
    shutdownCompleted: events.some((e) => e.kind === 'shutdown.completed' && e.node === 'n1'),
  };
}

const plan = (failure: string, warningMs: number, mode: ModeOption, preformed: boolean): SendPathAnswer =>
  sendPath({ failure, warningMs, mode, preformed, costs: COSTS, detectedAt: AT });

describe('sendPath: the rule itself', () => {
  it('auto sends async only for a type that allows an orderly shutdown, with warning enough for it', () => {
    expect(plan('power-loss-battery', 60_000, 'auto', true).path).toBe('async');
    expect(plan('power-loss-battery', 3000, 'auto', true).path).toBe('async');
    expect(plan('power-loss-battery', 2999, 'auto', true).path).toBe('sync');
    expect(plan('power-loss', 600_000, 'auto', true).path).toBe('sync');
    expect(plan('no-such-type', 600_000, 'auto', true).path).toBe('sync');
    expect(plan('power-loss', 16, 'async', true).path).toBe('async');
  });

  it('times: sync leaves after sendMs (plus composeMs), async after wakeTaskMs more; async shuts down meanwhile', () => {
    const sync = plan('power-loss', 16, 'auto', true);
    expect(sync).toMatchObject({ leavesAt: AT + 0.05, leavesBeforeDeath: true, shutdownCompletes: false });
    expect(plan('power-loss', 16, 'auto', false)).toMatchObject({ leavesBeforeDeath: false });
    const battery = plan('power-loss-battery', 3000, 'auto', true);
    expect(battery.leavesAt).toBeCloseTo(AT + 1.05, 9);
    expect(battery).toMatchObject({ shutdownDoneAt: AT + 3000, shutdownCompletes: true });
    const off = sendPath({
      failure: 'power-loss',
      warningMs: 16,
      mode: 'auto',
      preformed: true,
      costs: COSTS,
      distress: false,
    });
    expect(off).toMatchObject({ path: null, leavesAt: null, leavesBeforeDeath: false });
  });
});

describe('sendPath agrees with the simulator over the catalogue’s warning ranges', () => {
  for (const entry of CATALOGUE.filter((e) => e.detectable)) {
    it(`${entry.type}: path, departure, loss and shutdown, for every mode, pre-formed or not`, () => {
      let compared = 0;
      for (const warningMs of warningsFor(entry.warningRangeMs, entry.defaultWarningMs)) {
        for (const mode of MODES) {
          for (const preformed of [true, false]) {
            const want = plan(entry.type, warningMs, mode, preformed);
            const got = simulate(entry.type, warningMs, mode, preformed);
            const where = `${entry.type}, ${warningMs} ms, ${mode}, ${preformed ? 'pre-formed' : 'composed'}`;
            expect(got.path !== null, `${where}: left before death`).toBe(want.leavesBeforeDeath);
            expect(got.lost, `${where}: lost`).toBe(!want.leavesBeforeDeath);
            if (got.path !== null) {
              expect(got.path, `${where}: path`).toBe(want.path);
              expect(got.leavesAt, `${where}: leaves at`).toBe(want.leavesAt);
            }
            expect(got.shutdownCompleted, `${where}: shutdown`).toBe(want.shutdownCompletes);
            compared++;
          }
        }
      }
      expect(compared).toBeGreaterThan(30);
    });
  }
});

describe('the leaves-before-death plot says what the simulator does', () => {
  it('labels each panel with the path auto really took, and draws what the runs measured', () => {
    const base = defaultExperimentScenario();
    base.durationMs = AT + 4000;
    const battery = [1000, 2999, 3000, 30_000];
    const result = runExperiment({
      base,
      policies: [{ policy: 'manual' }],
      distress: [true],
      preformed: [true],
      modes: ['auto'],
      failures: ['power-loss-battery', 'power-loss'],
      warningsMs: battery,
      seeds: 1,
      baseSeed: 1,
      failureAtMs: AT,
      adminDelayMs: null,
    })!;
    const texts = leavesPlot(result.cells, { width: 900, title: 'P(leaves)' }).marks.texts.map((t) => t.text);
    // Battery loss with < 3 s of warning goes sync in the simulator: the label must not say "auto sends async".
    const paths = battery.map((w) => simulate('power-loss-battery', w, 'auto', true).path);
    expect(paths).toEqual(['sync', 'sync', 'async', 'async']);
    expect(texts).toContain('Power loss, on battery · auto: async ≥ 3 s, else sync');
    expect(texts).toContain('Power loss, no battery · auto sends sync');
    for (const cell of result.cells) {
      const s = cell.settings;
      const want = plan(s.failure!, s.warningMs!, 'auto', true).leavesBeforeDeath;
      expect(cell.distress.pLeaves, `${s.failure} at ${s.warningMs} ms`).toBe(want ? 1 : 0);
    }
  });
});
