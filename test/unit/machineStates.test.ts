// Every machine of a node, read from the model for the Machine tab; and the statechart kept at a
// legible size (it scrolls instead of shrinking its text).
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/core/scenario.ts';
import { MACHINE_OUTLINES } from '../../src/runtime/machineOutlines.ts';
import { Simulation } from '../../src/runtime/simulation.ts';
import { statechartModel } from '../../src/view/statechart.ts';

const r = parseScenario({
  version: 1,
  seed: 5,
  nodes: 5,
  resources: [{ name: 'db', primary: 'n1', backups: ['n2', 'n3'] }],
  durationMs: 30_000,
  events: [
    { at: 3000, kind: 'failure', node: 'n1', type: 'power-loss-battery', warningMs: 20_000 },
    { at: 14_000, kind: 'crash', node: 'n3' },
  ],
});
if (!r.ok) throw new Error(r.errors.join());
const scenario = r.scenario;

describe('machine states of a node', () => {
  it('follow the run: distress task, roles, one detector per watched peer, decisions', () => {
    const sim = new Simulation(scenario);
    sim.runUntil(1000);
    const before = sim.machineStates('n2')!;
    expect(before).toEqual({
      lifecycle: 'healthy.member',
      distressTask: 'idle',
      detectors: Object.fromEntries(
        sim
          .snapshot()
          .nodes.find((n) => n.id === 'n2')!
          .watching.map((p) => [p, 'alive']),
      ),
      decisions: {},
      roles: { db: 'backup' },
    });
    sim.runUntil(3000.5);
    expect(sim.machineStates('n1')).toMatchObject({
      lifecycle: 'impendingFailure.sendingDistressAsync',
      distressTask: 'waking',
      roles: { db: 'none' },
    });
    sim.runUntil(20_000);
    const after = sim.machineStates('n2')!;
    expect(after.detectors).toMatchObject({ n1: 'failed', n3: 'partitioned' });
    expect(after.decisions).toEqual({ n1: 'failedOver', n3: 'awaitingAdmin' });
    expect(after.roles).toEqual({ db: 'primary' });
    // Every state reported is a state of the drawn machine, so it can be highlighted.
    const ids = (k: keyof typeof MACHINE_OUTLINES) => MACHINE_OUTLINES[k].states.map((s) => s.id);
    expect(ids('lifecycle')).toContain(after.lifecycle);
    expect(ids('distressTask')).toContain(after.distressTask);
    for (const v of Object.values(after.detectors)) expect(ids('detector')).toContain(v);
    for (const v of Object.values(after.decisions)) expect(ids('decision')).toContain(v);
    for (const v of Object.values(after.roles)) expect(ids('role')).toContain(v);
  });

  it('reading them changes nothing: the trace is the same with or without the Machine tab', () => {
    const a = new Simulation(scenario, { recordMessages: true });
    const b = new Simulation(scenario, { recordMessages: true });
    for (let t = 0; t <= 30_000; t += 500) {
      a.runUntil(t);
      b.runUntil(t);
      for (const n of scenario.nodes) b.machineStates(n);
    }
    expect(JSON.stringify(b.trace())).toBe(JSON.stringify(a.trace()));
  });
});

describe('statechart size', () => {
  it('with minScale 1 the text keeps its size in a narrow panel, and the drawing says how wide it is', () => {
    const o = MACHINE_OUTLINES.lifecycle;
    const data = {
      states: o.states.map((s) => ({ id: s.id, label: s.label })),
      edges: o.edges.map((e) => ({ from: e.from, to: e.to, label: e.event })),
      initial: o.initial,
      current: null,
    };
    const fitted = statechartModel(data, { width: 360, height: 300 });
    expect(fitted.scale * fitted.fontSize).toBeLessThan(11);
    const legible = statechartModel(data, { width: 360, height: 10_000, minScale: 1 });
    expect(legible.scale * legible.fontSize).toBeGreaterThanOrEqual(13);
    expect(legible.drawnWidth).toBeGreaterThan(360);
    for (const b of legible.boxes)
      expect((b.x + b.width) * legible.scale).toBeLessThanOrEqual(legible.drawnWidth);
  });
});
