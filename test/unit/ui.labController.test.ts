// The Lab's controller, outside any component: time travel by replay, actions recorded as scenario
// events, forks, edits that keep time, and the promise that the Lab runs exactly what the CLI runs.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/core/scenario.ts';
import type { Scenario } from '../../src/core/types.ts';
import { Simulation } from '../../src/runtime/simulation.ts';
import { LabController } from '../../src/ui/lab/LabController.svelte.ts';
import { addNode, removeNode, withActions } from '../../src/ui/lab/scenarioEdits.ts';

function scenario(extra: Record<string, unknown> = {}): Scenario {
  const r = parseScenario({
    version: 1,
    seed: 7,
    nodes: 5,
    resources: [{ name: 'db', primary: 'n1', backups: ['n2', 'n3'] }],
    durationMs: 20_000,
    ...extra,
  });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.scenario;
}

const cliTrace = (s: Scenario) => new Simulation(s, { recordMessages: true }).run().events;

describe('LabController', () => {
  it('runs the same trace as the core for the same scenario, however time is advanced', () => {
    const s = scenario({
      events: [{ at: 2000, kind: 'failure', node: 'n1', type: 'power-loss-battery', warningMs: 5000 }],
    });
    const lab = new LabController(s);
    // Uneven frames, a step, a seek back and forward again.
    for (let i = 0; i < 50; i++) lab.seek(lab.t + 37.3 * (i % 7));
    lab.step();
    lab.seek(1000);
    lab.seek(20_000);
    expect(JSON.stringify(lab.trace())).toBe(JSON.stringify(cliTrace(s)));
  });

  it('records an action as a scenario event, so replaying the exported scenario gives the same run', () => {
    const lab = new LabController(scenario());
    lab.seek(3000);
    expect(lab.act({ kind: 'crash', node: 'n1' }).ok).toBe(true);
    expect(lab.actions).toEqual([{ at: 3000, kind: 'crash', node: 'n1' }]);
    lab.seek(20_000);
    expect(JSON.stringify(lab.trace())).toBe(JSON.stringify(cliTrace(withActions(lab.base, lab.actions))));
  });

  it('refuses an impossible action with the reason and records nothing', () => {
    const lab = new LabController(scenario());
    lab.seek(1000);
    expect(lab.act({ kind: 'recover', node: 'n2' }).ok).toBe(false);
    expect(lab.actions).toEqual([]);
    expect(lab.notice?.tone).toBe('error');
    expect(lab.notice?.text).toMatch(/n2 is not dead/);
  });

  it('forks when acting in the past, and the old branch can be restored', () => {
    const lab = new LabController(scenario());
    lab.seek(5000);
    lab.act({ kind: 'crash', node: 'n4' });
    lab.seek(9000);
    lab.seek(2000);
    lab.act({ kind: 'pause', node: 'n5', ms: 1000 });
    expect(lab.actions.map((a) => a.kind)).toEqual(['pause']);
    expect(lab.notice?.tone).toBe('warn');
    expect(lab.notice?.text).toMatch(/1 later action of yours was set aside/);
    const branch = lab.notice?.branch;
    expect(branch).toBeDefined();
    lab.restoreBranch(branch!);
    expect(lab.actions.map((a) => a.kind)).toEqual(['crash']);
    expect(lab.branches).toHaveLength(1);
  });

  it('keeps time when the cluster changes, dropping actions about a removed node', () => {
    const lab = new LabController(scenario());
    lab.seek(4000);
    lab.act({ kind: 'crash', node: 'n5' });
    lab.seek(6000);
    const r = lab.applyEdit(removeNode(lab.base, 'n5'), 'n5 removed', ['n5']);
    expect(r.ok).toBe(true);
    expect(lab.t).toBe(6000);
    expect(lab.base.nodes).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(lab.actions).toEqual([]);
    expect(lab.applyEdit(addNode(lab.base), 'added').ok).toBe(true);
    expect(lab.frameSnapshot.nodes.map((n) => n.id)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
  });

  it('load refuses bad input and leaves the running scenario untouched', () => {
    const lab = new LabController(scenario());
    lab.seek(2500);
    const before = JSON.stringify(lab.scenario);
    const r = lab.load({ version: 1, nodes: ['n1'], resources: [{ name: 'db', primary: 'n9' }] });
    expect(r.ok).toBe(false);
    expect(r.errors.join('\n')).toMatch(/durationMs/);
    expect(JSON.stringify(lab.scenario)).toBe(before);
    expect(lab.t).toBe(2500);
    expect(lab.load('{ not json').errors[0]).toMatch(/not valid JSON/);
  });

  it('stops a frame at the instant a MAYDAY leaves, so the next frames show it in slow motion', () => {
    const lab = new LabController(
      scenario({
        events: [{ at: 1000, kind: 'failure', node: 'n1', type: 'power-loss-battery', warningMs: 30_000 }],
      }),
    );
    lab.speed = 1000;
    lab.play();
    for (let i = 0; i < 10 && !lab.frameSnapshot.messages.some((m) => m.type === 'distress'); i++)
      lab.frame(16);
    const distress = lab.frameSnapshot.messages.filter((m) => m.type === 'distress');
    expect(distress.length).toBe(4);
    lab.frame(16);
    expect(lab.lens.slow).toBe('mayday');
    // 16 ms of wall time at 1/400: the MAYDAY has moved 0.04 ms and is still in the air.
    expect(lab.frameSnapshot.messages.some((m) => m.type === 'distress')).toBe(true);
  });

  it('samples metrics on a fixed grid whatever the frame rate', () => {
    const a = new LabController(scenario());
    const b = new LabController(scenario());
    a.seek(10_000);
    for (let t = 0; t < 10_000; t += 333) b.seek(t);
    b.seek(10_000);
    expect(a.samples.map((s) => s.t)).toEqual(b.samples.map((s) => s.t));
    expect(JSON.stringify(a.samples)).toBe(JSON.stringify(b.samples));
  });
});

describe('LabController determinism across scenarios', () => {
  it('matches the core trace under partition and heal (snapshots must not change the run)', () => {
    const s = scenario({
      seed: 1234,
      policy: 'aggressive',
      events: [
        { at: 1500, kind: 'failure', node: 'n1', type: 'power-loss', warningMs: 16 },
        { at: 6000, kind: 'partition', groups: [['n2'], ['n1', 'n3', 'n4', 'n5']] },
        { at: 12_000, kind: 'heal' },
      ],
    });
    const lab = new LabController(s);
    lab.seek(20_000);
    expect(JSON.stringify(lab.trace())).toBe(JSON.stringify(cliTrace(s)));
  });

  it('after a jump back, records messages from 70 s before on, and every other event', () => {
    const s = scenario({ durationMs: 300_000 });
    const lab = new LabController(s);
    const full = cliTrace(s);
    // `before`: messages sent until a jump (at t = 0 here) stay, with their deliveries.
    const from = (t: number, before = -1) =>
      JSON.stringify(
        full.filter(
          (e) => !e.kind.startsWith('msg.') || msgSentAt(e, full) >= t || msgSentAt(e, full) <= before,
        ),
      );
    lab.seek(300_000); // a jump ahead: messages of the last 70 s only
    expect(lab.messagesFrom()).toBe(230_000);
    expect(JSON.stringify(lab.trace())).toBe(from(230_000, 0));
    lab.seek(200_000); // back: a rebuild, messages recorded from 70 s before
    expect(lab.messagesFrom()).toBe(130_000);
    for (let t = 200_000; t < 300_000; t += 50) lab.seek(t); // playing on records everything
    lab.seek(300_000);
    expect(JSON.stringify(lab.trace())).toBe(from(130_000));
    // Playing from a restart records everything.
    lab.restart();
    for (let t = 0; t <= 300_000; t += 50) lab.seek(t);
    expect(JSON.stringify(lab.trace())).toBe(JSON.stringify(full));
  });
});

/** When the message of a msg.* event was sent. */
function msgSentAt(e: ReturnType<typeof cliTrace>[number], all: ReturnType<typeof cliTrace>): number {
  if (e.kind === 'msg.sent') return e.t;
  if (e.kind === 'msg.delivered') return e.sentAt;
  if (e.kind === 'msg.dropped') return all.find((x) => x.kind === 'msg.sent' && x.id === e.id)?.t ?? e.t;
  return e.t;
}
