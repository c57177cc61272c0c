import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/core/scenario.ts';
import type { RunOutput, TraceEvent, TraceKind } from '../../src/core/types.ts';
import { Simulation, type SimulationOptions } from '../../src/runtime/simulation.ts';

// One test per behaviour of the distress signal (patent §0036–§0052, DESIGN §1 and §6), each run
// through the whole Simulation with a small scenario, and judged by what a user sees: the trace
// and the metrics.

const RESOURCE = { name: 'db', primary: 'n1', backups: ['n2', 'n3'] };
const SEND_MS = 0.05;
const WAKE_MS = 1;
const COMPOSE_MS = 20;
const SHUTDOWN_MS = 3000;

function simulate(fields: Record<string, unknown>, options: SimulationOptions = {}): Simulation {
  const parsed = parseScenario({
    version: 1,
    seed: 7,
    nodes: 5,
    resources: [RESOURCE],
    durationMs: 40_000,
    ...fields,
  });
  if (!parsed.ok) throw new Error(`bad test scenario:\n${parsed.errors.join('\n')}`);
  return new Simulation(parsed.scenario, options);
}

const run = (fields: Record<string, unknown>): RunOutput => simulate(fields).run();

type Of<K extends TraceKind> = Extract<TraceEvent, { kind: K }>;

/** Every trace event of one kind that matches `fields`. */
function all<K extends TraceKind>(out: RunOutput, kind: K, fields: Partial<Of<K>> = {}): Of<K>[] {
  return out.events.filter(
    (e): e is Of<K> =>
      e.kind === kind && Object.entries(fields).every(([k, v]) => (e as Record<string, unknown>)[k] === v),
  );
}

/** The first such event; fails the test, naming it, if there is none. */
function first<K extends TraceKind>(out: RunOutput, kind: K, fields: Partial<Of<K>> = {}): Of<K> {
  const e = all(out, kind, fields)[0];
  if (!e) throw new Error(`no ${kind} ${JSON.stringify(fields)} in the trace`);
  return e;
}

/** A failure of n1 at 10 s. */
const failN1 = (type: string, warningMs?: number) => ({
  at: 10_000,
  kind: 'failure',
  node: 'n1',
  type,
  ...(warningMs === undefined ? {} : { warningMs }),
});

describe('the patent’s behaviours', () => {
  it('pre-formed message: the distress leaves sendMs after detection (composing at failure time adds composeMs)', () => {
    const events = [failN1('power-loss', 30)];
    const preformed = run({ events });
    const detected = first(preformed, 'failure.detected', { node: 'n1' });
    const sent = first(preformed, 'distress.sent', { node: 'n1' });
    expect(sent).toMatchObject({ mode: 'sync', failure: 'power-loss' });
    expect(sent.t - detected.t).toBeCloseTo(SEND_MS, 9);

    const composed = run({ events, options: { preformed: false } });
    const sentLate = first(composed, 'distress.sent', { node: 'n1' });
    expect(sentLate.t - detected.t).toBeCloseTo(COMPOSE_MS + SEND_MS, 9);
    // Both reach the survivors, both in time: the difference is how long the cluster waits.
    expect(preformed.metrics.distress).toMatchObject({ sent: 1, delivered: 4, lost: 0 });
    expect(composed.metrics.distress).toMatchObject({ sent: 1, delivered: 4, lost: 0 });
    expect(composed.metrics.resources.db.unavailableMs).toBeGreaterThan(
      preformed.metrics.resources.db.unavailableMs,
    );
  });

  it('idle dedicated task: the async distress leaves after wakeTaskMs + sendMs while the orderly shutdown runs in parallel (§0043–§0044)', () => {
    const out = run({ events: [failN1('power-loss-battery', 60_000)] });
    const detected = first(out, 'failure.detected', { node: 'n1' });
    const sent = first(out, 'distress.sent', { node: 'n1' });
    expect(sent.mode).toBe('async');
    expect(sent.t - detected.t).toBeCloseTo(WAKE_MS + SEND_MS, 9);
    // The shutdown started at detection, not after the send: it ends orderlyShutdownMs after detection.
    const done = first(out, 'shutdown.completed', { node: 'n1' });
    expect(done.t - detected.t).toBeCloseTo(SHUTDOWN_MS, 9);
    // The task was idle until then: nothing left n1 before the failure.
    expect(all(out, 'distress.sent').filter((e) => e.t < detected.t)).toEqual([]);
  });

  it('async while orderly shutdown continues: shutdown.completed before node.died, distress.sent long before', () => {
    const out = run({ events: [failN1('power-loss-battery', 5000)] });
    const detected = first(out, 'failure.detected', { node: 'n1' });
    const sent = first(out, 'distress.sent', { node: 'n1' });
    const done = first(out, 'shutdown.completed', { node: 'n1' });
    const died = first(out, 'node.died', { node: 'n1' });
    expect(sent.t).toBeLessThan(detected.t + 2);
    expect(done.t).toBeGreaterThan(sent.t + 1000);
    expect(died.t).toBeGreaterThan(done.t);
    expect(died.t).toBe(detected.t + 5000);
    // The survivors did not wait for the shutdown: the backup serves within milliseconds.
    expect(first(out, 'role.changed', { node: 'n2', role: 'primary' }).t).toBeLessThan(sent.t + 10);
  });

  it('sync on the current task: distress.sent before anything else the node does; shutdown only starts after', () => {
    // Forced sync with minutes of warning, composed at failure time so the send visibly takes a while.
    const out = run({
      options: { mode: 'sync', preformed: false },
      events: [failN1('power-loss-battery', 60_000)],
    });
    const detected = first(out, 'failure.detected', { node: 'n1' });
    const sent = first(out, 'distress.sent', { node: 'n1' });
    expect(sent).toMatchObject({ mode: 'sync', failure: 'power-loss-battery' });
    expect(sent.t - detected.t).toBeCloseTo(COMPOSE_MS + SEND_MS, 9);
    // Between detection and the send, n1 only steps down (demoteBeforeSend): no other work.
    const meanwhile = out.events.filter(
      (e) => e.t >= detected.t && e.t < sent.t && 'node' in e && e.node === 'n1' && e !== detected,
    );
    expect(meanwhile.map((e) => e.kind)).toEqual(['role.changed']);
    // The shutdown began only once the message was out.
    const done = first(out, 'shutdown.completed', { node: 'n1' });
    expect(done.t - sent.t).toBeCloseTo(SHUTDOWN_MS, 9);
  });

  it('unknown failure type is sent sync (§0049)', () => {
    const out = run({ events: [failN1('cosmic-ray-bit-flip', 60_000)] });
    const detected = first(out, 'failure.detected', { node: 'n1' });
    const sent = first(out, 'distress.sent', { node: 'n1' });
    expect(sent).toMatchObject({ mode: 'sync', failure: 'cosmic-ray-bit-flip' });
    expect(sent.t - detected.t).toBeCloseTo(SEND_MS, 9);
    expect(first(out, 'peer.failed', { node: 'n2', peer: 'n1' }).cause).toBe('distress');
    expect(out.metrics.resources.db.failovers).toBe(1);
  });

  it('self-removal: the node drops every role and stays offline after recovery until it rejoins (§0052)', () => {
    const sim = simulate(
      {
        nodes: 3,
        events: [
          failN1('power-loss'),
          { at: 15_000, kind: 'recover', node: 'n1' },
          { at: 25_000, kind: 'rejoin', node: 'n1' },
        ],
      },
      { trackInFlight: true },
    );
    const n1 = sim.node('n1')!;
    sim.runUntil(10_010);
    expect(n1.snapshot(null).roles).toEqual({ db: 'none' });
    expect(n1.state).toBe('fenced');

    sim.runUntil(24_999);
    expect(n1.state).toBe('offline');
    expect(n1.snapshot(null).roles).toEqual({ db: 'none' });
    expect(n1.isActingPrimary('db', sim.now())).toBe(false);
    expect(sim.snapshot().resources[0].acting).toEqual(['n2']);

    sim.runUntil(26_000);
    expect(n1.state).toBe('healthy.member');
    expect(n1.snapshot(null).roles).toEqual({ db: 'backup' });
    // A rejoining node goes to the end of the order, in its own view and in the others'.
    for (const id of ['n1', 'n2', 'n3'])
      expect(sim.node(id)!.resourceOrder('db')).toEqual(['n2', 'n3', 'n1']);

    const out = sim.run();
    const recovered = first(out, 'node.recovered', { node: 'n1' });
    const rejoined = first(out, 'node.rejoined', { node: 'n1' });
    expect(all(out, 'role.changed', { node: 'n1' }).filter((e) => e.t > 0)).toEqual([
      { t: 10_000, kind: 'role.changed', node: 'n1', resource: 'db', role: 'none' },
      { t: rejoined.t, kind: 'role.changed', node: 'n1', resource: 'db', role: 'backup' },
    ]);
    expect(rejoined.t).toBeGreaterThan(recovered.t + 9000);
    expect(all(out, 'invariant.violated')).toEqual([]);
  });

  it('distress ⇒ failover with no administrator', () => {
    const out = run({ policy: 'manual', events: [failN1('power-loss-battery', 5000)] });
    const sent = first(out, 'distress.sent', { node: 'n1' });
    expect(all(out, 'peer.failed', { peer: 'n1' }).map((e) => [e.node, e.cause])).toEqual(
      expect.arrayContaining([
        ['n2', 'distress'],
        ['n3', 'distress'],
        ['n4', 'distress'],
        ['n5', 'distress'],
      ]),
    );
    const promoted = first(out, 'role.changed', { node: 'n2', resource: 'db', role: 'primary' });
    expect(promoted.t - sent.t).toBeLessThan(10);
    expect(all(out, 'admin.required')).toEqual([]);
    expect(out.metrics.adminInterventions).toBe(0);
    expect(out.metrics.resources.db).toMatchObject({ failovers: 1, splitBrainMs: 0 });
    expect(out.metrics.resources.db.unavailableMs).toBeLessThan(10);
    expect(out.metrics.falseFailovers).toBe(0);
  });

  it('silence ⇒ partitioned under manual', () => {
    const out = run({
      policy: 'manual',
      events: [
        { at: 10_000, kind: 'crash', node: 'n1' },
        { at: 25_000, kind: 'admin', action: 'mark-failed', node: 'n1' },
      ],
    });
    expect(all(out, 'distress.sent')).toEqual([]);
    const partitioned = all(out, 'peer.partitioned', { peer: 'n1' });
    expect(partitioned.map((e) => e.node).sort()).toEqual(['n2', 'n3', 'n4', 'n5']);
    expect(first(out, 'admin.required', { peer: 'n1' }).t).toBeLessThan(25_000);
    // No verdict of failed and no failover while the administrator has not acted.
    const beforeAdmin = out.events.filter((e) => e.t < 25_000);
    expect(beforeAdmin.filter((e) => e.kind === 'peer.failed')).toEqual([]);
    expect(beforeAdmin.filter((e) => e.kind === 'role.changed' && e.t > 0)).toEqual([]);
    // The administrator's mark-failed is what fails it over.
    expect(first(out, 'peer.failed', { node: 'n2', peer: 'n1' })).toMatchObject({
      t: 25_000,
      cause: 'admin',
    });
    expect(first(out, 'role.changed', { node: 'n2', role: 'primary' }).t).toBe(25_000);
    expect(out.metrics.adminInterventions).toBe(1);
    expect(out.metrics.resources.db.unavailableMs).toBe(15_000);
  });
});

describe('the signal’s limits and the policies around it', () => {
  it('a forged distress is rejected (bad-signature) and never fences anyone', () => {
    const out = run({ events: [{ at: 5000, kind: 'forge-distress', from: 'n5', claim: 'n1' }] });
    const rejected = all(out, 'distress.rejected');
    expect(rejected.length).toBeGreaterThanOrEqual(3);
    for (const r of rejected) expect(r).toMatchObject({ from: 'n1', reason: 'bad-signature' });
    expect(all(out, 'distress.received')).toEqual([]);
    expect(all(out, 'peer.failed')).toEqual([]);
    expect(all(out, 'node.fenced')).toEqual([]);
    expect(all(out, 'role.changed').filter((e) => e.t > 0)).toEqual([]);
    expect(out.metrics.distress).toMatchObject({ sent: 0, delivered: 0, rejected: rejected.length });
    expect(out.metrics.resources.db).toMatchObject({ failovers: 0, unavailableMs: 0 });
  });

  it('a replayed distress from an earlier incarnation is rejected (stale-incarnation)', () => {
    const out = run({
      events: [
        { at: 6000, kind: 'failure', node: 'n2', type: 'power-loss' },
        { at: 8000, kind: 'recover', node: 'n2' },
        { at: 9000, kind: 'rejoin', node: 'n2' },
        { at: 15_000, kind: 'forge-distress', from: 'n5', claim: 'n2', replay: true },
      ],
    });
    const rejected = all(out, 'distress.rejected');
    expect(rejected.length).toBeGreaterThanOrEqual(3);
    for (const r of rejected) expect(r).toMatchObject({ from: 'n2', reason: 'stale-incarnation' });
    const afterReplay = out.events.filter((e) => e.t >= 15_000);
    expect(afterReplay.filter((e) => e.kind === 'peer.failed' || e.kind === 'node.fenced')).toEqual([]);
    expect(afterReplay.filter((e) => e.kind === 'role.changed')).toEqual([]);
    // Only the genuine distress of n2's first life counted.
    expect(out.metrics.distress).toMatchObject({ sent: 1, rejected: rejected.length });
  });

  it('the distress is lost when the warning is shorter than the send cost (distress.lost)', () => {
    const out = run({ events: [failN1('os-crash', SEND_MS / 5)] });
    expect(all(out, 'distress.sent')).toEqual([]);
    const lost = first(out, 'distress.lost', { node: 'n1' });
    expect(lost.t).toBeCloseTo(10_000 + SEND_MS / 5, 9);
    expect(first(out, 'node.died', { node: 'n1' }).t).toBe(lost.t);
    expect(out.metrics.distress).toMatchObject({ sent: 0, delivered: 0, lost: 1 });
    // The survivors fall back to silence: partitioned, and waiting for an administrator.
    expect(all(out, 'peer.partitioned', { peer: 'n1' }).length).toBeGreaterThan(0);
    expect(all(out, 'admin.required', { peer: 'n1' })).toHaveLength(1);
    expect(out.metrics.resources.db.failovers).toBe(0);
  });

  it('quorum: the partitioned primary steps down at lease expiry, and the majority fails over only after', () => {
    const out = run({
      policy: 'quorum',
      events: [
        {
          at: 10_000,
          kind: 'partition',
          groups: [
            ['n1', 'n2'],
            ['n3', 'n4', 'n5'],
          ],
        },
        { at: 30_000, kind: 'heal' },
      ],
    });
    const stepDown = first(out, 'lease.lost', { node: 'n1' });
    const promoted = first(out, 'role.changed', { node: 'n3', role: 'primary' });
    expect(stepDown.t).toBeGreaterThan(10_000);
    expect(stepDown.t).toBeLessThanOrEqual(10_000 + 3000);
    expect(first(out, 'role.changed', { node: 'n1', role: 'backup' }).t).toBe(stepDown.t);
    expect(promoted.t).toBeGreaterThan(stepDown.t);
    expect(all(out, 'role.changed', { role: 'primary' }).filter((e) => e.node === 'n2')).toEqual([]);
    expect(all(out, 'invariant.violated')).toEqual([]);
    expect(out.metrics.resources.db).toMatchObject({ splitBrainMs: 0, failovers: 1 });
  });

  it('fencing: the minority never fences (a 2|3 partition: only the majority side fences)', () => {
    const out = run({
      policy: 'fencing',
      events: [
        {
          at: 10_000,
          kind: 'partition',
          groups: [
            ['n1', 'n2'],
            ['n3', 'n4', 'n5'],
          ],
        },
        { at: 30_000, kind: 'heal' },
      ],
    });
    const fencers = new Set(all(out, 'fence.started').map((e) => e.node));
    expect(fencers.size).toBeGreaterThan(0);
    for (const f of fencers) expect(['n3', 'n4', 'n5']).toContain(f);
    for (const e of all(out, 'fence.started')) expect(['n1', 'n2']).toContain(e.peer);
    // The minority nodes are powered off by the fence; no majority node dies.
    expect(
      all(out, 'node.died')
        .map((e) => e.node)
        .sort(),
    ).toEqual(['n1', 'n2']);
    expect(first(out, 'role.changed', { node: 'n3', role: 'primary' }).t).toBeGreaterThan(
      first(out, 'fence.succeeded').t,
    );
    expect(all(out, 'invariant.violated')).toEqual([]);
    expect(out.metrics.resources.db.splitBrainMs).toBe(0);
  });

  it('aggressive: split brain is reported when the primary is partitioned away, and eviction ends it after heal', () => {
    const out = run({
      policy: 'aggressive',
      events: [
        {
          at: 10_000,
          kind: 'partition',
          groups: [
            ['n1', 'n2'],
            ['n3', 'n4', 'n5'],
          ],
        },
        { at: 25_000, kind: 'heal' },
      ],
    });
    const violated = first(out, 'invariant.violated', { invariant: 'split-brain', resource: 'db' });
    expect([...violated.nodes].sort()).toEqual(['n1', 'n3']);
    expect(violated.t).toBeGreaterThan(10_000);
    expect(violated.t).toBeLessThan(25_000);
    const restored = first(out, 'invariant.restored', { invariant: 'split-brain', resource: 'db' });
    expect(restored.t).toBeGreaterThan(25_000);
    // It ends because the old primary is told it was evicted and fences itself (then rejoins).
    expect(first(out, 'node.fenced', { node: 'n1' }).t).toBe(restored.t);
    expect(first(out, 'node.rejoined', { node: 'n1' }).t).toBe(restored.t);
    // The whole cut-off side comes back within a few heartbeats, and no split brain remains.
    const lastRestored = all(out, 'invariant.restored').at(-1)!;
    const violations = all(out, 'invariant.violated');
    expect(lastRestored.t).toBeLessThan(restored.t + 1000);
    expect(violations.every((v) => v.t <= lastRestored.t)).toBe(true);
    expect(out.metrics.resources.db.splitBrainMs).toBeLessThan(restored.t - violated.t + 1000);
    expect(out.metrics.falseFailovers).toBeGreaterThan(0);
  });

  it('demoteBeforeSend off under manual with async distress ⇒ a split-brain window (the lesson); on ⇒ none', () => {
    const events = [failN1('power-loss-battery', 5000)];
    const off = run({ policy: 'manual', options: { demoteBeforeSend: false }, events });
    const violated = first(off, 'invariant.violated', { invariant: 'split-brain' });
    expect([...violated.nodes].sort()).toEqual(['n1', 'n2']);
    // The window closes when the orderly shutdown finally stops n1's services.
    const done = first(off, 'shutdown.completed', { node: 'n1' });
    expect(first(off, 'invariant.restored', { invariant: 'split-brain' }).t).toBe(done.t);
    expect(off.metrics.resources.db.splitBrainMs).toBeGreaterThan(2000);

    const on = run({ policy: 'manual', options: { demoteBeforeSend: true }, events });
    expect(all(on, 'invariant.violated')).toEqual([]);
    expect(on.metrics.resources.db.splitBrainMs).toBe(0);
    expect(first(on, 'role.changed', { node: 'n1', role: 'none' }).t).toBeLessThan(
      first(on, 'distress.sent').t,
    );
  });

  it.each(['quorum', 'fencing'] as const)(
    '%s: a distress lets the majority fail over at once, with no lease wait or fence',
    (policy) => {
      const out = run({ policy, events: [failN1('power-loss-battery', 5000)] });
      const sent = first(out, 'distress.sent', { node: 'n1' });
      expect(first(out, 'role.changed', { node: 'n2', role: 'primary' }).t - sent.t).toBeLessThan(50);
      expect(all(out, 'fence.started')).toEqual([]);
      expect(out.metrics.resources.db.splitBrainMs).toBe(0);
    },
  );
});

describe('regressions: bugs found while writing these tests', () => {
  // BUG: the power loss of a failure is scheduled on the cluster clock when the failure is injected
  // and is never cancelled. If the node dies earlier (a crash), recovers and rejoins, the old power
  // loss still kills the new life at the old deadline — with no failure detected in that life and
  // no distress, so the survivors only see silence.
  it('a power loss pending from an earlier life does not kill the node after crash, recover and rejoin', () => {
    const out = run({
      nodes: 3,
      events: [
        failN1('power-loss-battery', 30_000),
        { at: 11_000, kind: 'crash', node: 'n1' },
        { at: 12_000, kind: 'recover', node: 'n1' },
        { at: 13_000, kind: 'rejoin', node: 'n1' },
      ],
    });
    expect(all(out, 'node.died', { node: 'n1' }).map((e) => e.t)).toEqual([11_000]);
  });

  // BUG: a second failure detected while the first distress is still on its way (here a hardware
  // fault 0.5 ms into the 1.05 ms async send) reset the node's "distress pending" flag to false, because
  // the node is no longer `healthy`. The dedicated task then sends nothing, and the death reports
  // nothing: no distress.sent, no distress.lost — the distress silently vanishes.
  it('a second failure detected while the distress is in flight does not swallow the distress', () => {
    const out = run({
      events: [
        failN1('power-loss-battery', 60_000),
        { at: 10_000.5, kind: 'failure', node: 'n1', type: 'hardware-fault', warningMs: 5 },
      ],
    });
    expect(out.metrics.distress.sent + out.metrics.distress.lost).toBe(1);
  });

  // BUG (metrics): MetricsTracker.setActing counts any node that starts acting as primary and was
  // not the last server as a failover. A paused primary that resumes while its backup serves is the
  // old primary coming back (a split brain), not a failover: the run shows failovers 2, [3200, 0].
  it('a paused primary that resumes is not counted as a second failover (aggressive)', () => {
    const out = run({ policy: 'aggressive', events: [{ at: 10_000, kind: 'pause', node: 'n1', ms: 9000 }] });
    expect(first(out, 'invariant.violated', { invariant: 'split-brain' }).t).toBe(19_000);
    expect(out.metrics.resources.db.failovers).toBe(1);
  });

  // BUG (display): a pause sends the lifecycle to `paused`, and `node.resume` goes back to plain
  // `healthy`, i.e. `healthy.member`. A node still cut off from the majority then shows `member`
  // (in the Lab's statechart and snapshots) until its quorum changes again.
  it('a node cut off from the majority still shows healthy.lostQuorum after a pause', () => {
    const sim = simulate({
      policy: 'quorum',
      events: [
        {
          at: 10_000,
          kind: 'partition',
          groups: [
            ['n1', 'n2'],
            ['n3', 'n4', 'n5'],
          ],
        },
        { at: 20_000, kind: 'pause', node: 'n1', ms: 2000 },
      ],
    });
    sim.runUntil(19_000);
    expect(sim.node('n1')!.state).toBe('healthy.lostQuorum');
    sim.runUntil(23_000);
    expect(sim.node('n1')!.state).toBe('healthy.lostQuorum');
  });
});
