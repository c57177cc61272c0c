// One list of what may be done to a node (runtime/nodeActions.ts): what the Lab's node menu shows is
// exactly what the runtime then does, for a node in each condition a student can put it in.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/core/scenario.ts';
import type { NodeTruth } from '../../src/core/snapshot.ts';
import { formatStory } from '../../src/cli/story.ts';
import { allowedActions, type NodeAction } from '../../src/runtime/nodeActions.ts';
import { Simulation, type Action } from '../../src/runtime/simulation.ts';

/** n1 brought into one condition by these events, looked at `t` ms in. */
const CONDITIONS: Array<{ name: string; truth: NodeTruth; events: unknown[]; t: number }> = [
  { name: 'healthy', truth: 'alive', events: [], t: 6000 },
  {
    name: 'failing, its distress on the way',
    truth: 'alive',
    events: [{ at: 5000, kind: 'failure', node: 'n1', type: 'power-loss-battery', warningMs: 60_000 }],
    t: 5000.5,
  },
  {
    name: 'fenced after its distress',
    truth: 'fenced',
    events: [{ at: 5000, kind: 'failure', node: 'n1', type: 'power-loss-battery', warningMs: 60_000 }],
    t: 6000,
  },
  { name: 'paused', truth: 'paused', events: [{ at: 5000, kind: 'pause', node: 'n1', ms: 8000 }], t: 6000 },
  { name: 'dead', truth: 'dead', events: [{ at: 5000, kind: 'crash', node: 'n1' }], t: 6000 },
  {
    name: 'recovered, not rejoined',
    truth: 'offline',
    events: [
      { at: 5000, kind: 'crash', node: 'n1' },
      { at: 6000, kind: 'recover', node: 'n1' },
    ],
    t: 7000,
  },
];

const ACTIONS: Array<[NodeAction, Action]> = [
  ['failure', { kind: 'failure', node: 'n1', type: 'power-loss', warningMs: 16 }],
  ['crash', { kind: 'crash', node: 'n1' }],
  ['pause', { kind: 'pause', node: 'n1', ms: 1000 }],
  ['recover', { kind: 'recover', node: 'n1' }],
  ['rejoin', { kind: 'rejoin', node: 'n1' }],
];

function simulationAt(events: unknown[], t: number): Simulation {
  const parsed = parseScenario({
    version: 1,
    seed: 2,
    nodes: 3,
    resources: [{ name: 'db', primary: 'n1', backups: ['n2'] }],
    durationMs: 30_000,
    events,
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const sim = new Simulation(parsed.scenario);
  sim.runUntil(t);
  return sim;
}

describe('allowed actions: the menu and the runtime say the same', () => {
  for (const c of CONDITIONS) {
    it(`n1 ${c.name}`, () => {
      const before = simulationAt(c.events, c.t).snapshot();
      const n1 = before.nodes.find((n) => n.id === 'n1')!;
      expect(n1.truth).toBe(c.truth);
      const allowed = allowedActions(n1, before.network);
      for (const [name, action] of ACTIONS) {
        // A fresh cluster in the same condition for each action: they must not see each other's effects.
        const result = simulationAt(c.events, c.t).act(action);
        expect(result.ok, `${name} on a node ${c.name}: ${result.message}`).toBe(allowed[name].ok);
        if (!result.ok) expect(result.message).toBe(allowed[name].reason);
      }
    });
  }

  it('says why, in words about the node', () => {
    const dead = simulationAt([{ at: 5000, kind: 'crash', node: 'n1' }], 6000).snapshot();
    const alive = simulationAt([], 6000).snapshot();
    expect(allowedActions(dead.nodes[0], dead.network).rejoin.reason).toBe(
      'n1 is dead: recover it first, then rejoin',
    );
    expect(allowedActions(alive.nodes[0], alive.network).recover.reason).toBe('n1 is not dead (it is alive)');
  });

  it('a node alone in its partition group cannot be cut off again', () => {
    const sim = simulationAt([{ at: 1000, kind: 'partition', groups: [['n1'], ['n2', 'n3']] }], 2000);
    const s = sim.snapshot();
    expect(allowedActions(s.nodes[0], s.network).isolate).toEqual({
      ok: false,
      reason: 'n1 is already alone in its group',
    });
    expect(allowedActions(s.nodes[1], s.network).isolate.ok).toBe(true);
  });
});

describe('scenario events the runtime refuses', () => {
  it('are listed with the same reasons, and `cli run` tells them', () => {
    const sim = simulationAt(
      [
        { at: 1000, kind: 'recover', node: 'n2' },
        { at: 2000, kind: 'crash', node: 'n3' },
        { at: 3000, kind: 'crash', node: 'n3' },
      ],
      30_000,
    );
    expect(sim.refused()).toEqual([
      { index: 0, at: 1000, kind: 'recover', reason: 'n2 is not dead (it is alive)' },
      { index: 2, at: 3000, kind: 'crash', reason: 'n3 is already dead' },
    ]);
    const story = formatStory(
      sim.scenario,
      { metrics: sim.metrics(), events: [...sim.trace()] },
      sim.refused(),
    );
    expect(story).toContain('Events refused (nothing happened)');
    expect(story).toContain('events[2] at 3.0 s, crash: n3 is already dead');
  });
});
