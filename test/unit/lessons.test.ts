// Each lesson's text makes claims about what its runs show; these tests run every step's scenario
// headless (the same Simulation the Lab plays) and check them, so text and behaviour cannot drift.
import { describe, expect, it } from 'vitest';
import { parseLiveRoute } from '../../src/core/liveRoom.ts';
import { parseScenario } from '../../src/core/scenario.ts';
import type { Metrics, TraceEvent } from '../../src/core/types.ts';
import { LESSONS, SELF_CHECK, lessonById } from '../../src/lessons/index.ts';
import { LIVE_ROOM } from '../../src/lessons/limits.ts';
import { beatIndex, firstMatch, wordCount } from '../../src/lessons/traceMatch.ts';
import type { Step } from '../../src/lessons/types.ts';
import { Simulation } from '../../src/runtime/simulation.ts';

interface Run {
  trace: readonly TraceEvent[];
  metrics: Metrics;
}

function run(lessonId: string, stepNo: number): Run {
  const step = lessonById(lessonId)?.steps[stepNo - 1];
  if (!step?.scenario) throw new Error(`${lessonId}/${stepNo} has no scenario`);
  return runStep(step);
}

function runStep(step: Step): Run {
  const parsed = parseScenario(step.scenario);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const sim = new Simulation(parsed.scenario, { recordMessages: true });
  const out = sim.run();
  return { trace: out.events, metrics: out.metrics };
}

const of = (r: Run, kind: string, fields: Record<string, string> = {}): TraceEvent[] =>
  r.trace.filter((e) => e.kind === kind && Object.entries(fields).every(([k, v]) => (e as never)[k] === v));
const db = (r: Run) => r.metrics.resources.db;
/** The choice a step's question gives as right: each claim test pins it to what the run shows. */
const answer = (lessonId: string, stepNo: number): string => {
  const q = lessonById(lessonId)!.steps[stepNo - 1].question!;
  return q.choices[q.answer];
};

describe('every lesson step', () => {
  for (const lesson of [...LESSONS, SELF_CHECK]) {
    lesson.steps.forEach((step, i) => {
      const where = `${lesson.id}/${i + 1}`;
      it(`${where}: short text, a well-formed question, every caption and question reached by its run`, () => {
        expect(wordCount(step.text), where).toBeLessThanOrEqual(120);
        if (step.question) {
          const q = step.question;
          expect(q.choices.length).toBeGreaterThanOrEqual(2);
          expect(q.choices.length).toBeLessThanOrEqual(4);
          expect(q.answer).toBeGreaterThanOrEqual(0);
          expect(q.answer).toBeLessThan(q.choices.length);
        }
        if (!step.scenario) {
          expect(step.beats).toEqual([]);
          expect(step.question).toBeUndefined();
          return;
        }
        const r = runStep(step);
        // A caption whose event never happens would leave the learner on a stale sentence.
        expect(beatIndex(step.beats, r.trace), `${where}: beats reached`).toBe(step.beats.length - 1);
        if (step.question?.askAt)
          expect(firstMatch(r.trace, step.question.askAt), `${where}: askAt`).toBeDefined();
      });
    });
  }

  it('has the ten lessons of the path and a five-question self-check pointing back to lessons', () => {
    expect(LESSONS).toHaveLength(10);
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(10);
    expect(SELF_CHECK.steps).toHaveLength(5);
    for (const s of SELF_CHECK.steps) expect(LESSONS.map((l) => l.id)).toContain(s.revisit);
  });
});

describe('1. heartbeats', () => {
  it('each node heartbeats exactly its two ring neighbours', () => {
    expect(answer('heartbeats', 1)).toMatch(/two neighbours/);
    const r = run('heartbeats', 1);
    const targets = new Map<string, Set<string>>();
    for (const e of of(r, 'msg.sent')) {
      if ((e as { type?: string }).type !== 'heartbeat') continue;
      const { from, to } = e as unknown as { from: string; to: string };
      targets.set(from, (targets.get(from) ?? new Set()).add(to));
    }
    expect([...targets.get('n1')!].sort()).toEqual(['n2', 'n5']);
    for (const set of targets.values()) expect(set.size).toBe(2);
  });

  it('a silent n4 is first suspected by a ring neighbour, about 3 s after it was last heard', () => {
    expect(answer('heartbeats', 2)).toMatch(/near t = 5 s/);
    const first = of(run('heartbeats', 2), 'peer.suspect', { peer: 'n4' })[0];
    expect(['n3', 'n5']).toContain((first as { node: string }).node);
    expect(first.t).toBeGreaterThan(4000);
    expect(first.t).toBeLessThan(6000);
  });

  it('a 2.5 s pause brings suspicion, then alive again, and no verdict', () => {
    expect(answer('heartbeats', 3)).toMatch(/suspect for a moment, then alive/);
    const r = run('heartbeats', 3);
    expect(of(r, 'peer.suspect', { peer: 'n4' }).length).toBeGreaterThan(0);
    expect(of(r, 'peer.alive', { node: 'n5', peer: 'n4' }).length).toBeGreaterThan(0);
    expect(of(r, 'peer.partitioned', { peer: 'n4' })).toEqual([]);
    expect(of(r, 'peer.failed', { peer: 'n4' })).toEqual([]);
  });
});

describe('2. silence is ambiguous', () => {
  it('the watchers of n4 see a crash and a partition identically: same beliefs at the same instants', () => {
    const watched = (r: Run) =>
      r.trace
        .filter(
          (e) =>
            (e as { peer?: string }).peer === 'n4' &&
            ['n3', 'n5'].includes((e as { node?: string }).node ?? ''),
        )
        .map((e) => `${e.t} ${e.kind} ${(e as { node: string }).node}`);
    expect(answer('silence', 1)).toMatch(/cannot know/);
    expect(answer('silence', 2)).toMatch(/same time/);
    const crash = watched(run('silence', 1));
    expect(crash.length).toBeGreaterThanOrEqual(4);
    expect(watched(run('silence', 2))).toEqual(crash);
  });

  it('the verdict on silence is "partitioned", never "failed", under manual', () => {
    for (const n of [1, 2]) {
      const r = run('silence', n);
      expect(of(r, 'peer.partitioned', { node: 'n5', peer: 'n4' })).toHaveLength(1);
      expect(of(r, 'peer.failed', { peer: 'n4' })).toEqual([]);
    }
  });
});

describe('3. guessing wrong', () => {
  it('aggressive turns a partition into split brain, ended by the heal', () => {
    expect(answer('guessing-wrong', 1)).toMatch(/Two primaries/);
    const r = run('guessing-wrong', 1);
    expect(db(r).splitBrainMs).toBeGreaterThan(8000);
    expect(of(r, 'invariant.restored').length).toBe(1);
    expect(r.metrics.falseFailovers).toBeGreaterThan(0);
  });

  it('manual never splits the brain, and a dead primary leaves db down until the administrator acts', () => {
    expect(answer('guessing-wrong', 2)).toMatch(/down until an administrator/);
    const r = run('guessing-wrong', 2);
    expect(db(r).splitBrainMs).toBe(0);
    expect(db(r).failovers).toBe(0);
    expect(db(r).unavailableMs).toBeGreaterThan(11_000);
    expect(of(r, 'admin.required', { peer: 'n1' })).toHaveLength(1);
  });
});

describe('4. the distress signal', () => {
  it('with it, failover in milliseconds under manual and no administrator', () => {
    expect(answer('distress', 1)).toMatch(/milliseconds/);
    const r = run('distress', 1);
    expect(db(r).failovers).toBe(1);
    expect(db(r).failoverMs[0]).toBeLessThan(20);
    expect(r.metrics.adminInterventions).toBe(0);
    expect(of(r, 'admin.required')).toEqual([]);
  });

  it('without it, the same power loss waits for an administrator', () => {
    expect(answer('distress', 2)).toMatch(/administrator/);
    const r = run('distress', 2);
    expect(db(r).failovers).toBe(0);
    expect(of(r, 'admin.required', { peer: 'n1' })).toHaveLength(1);
    expect(of(r, 'distress.sent')).toEqual([]);
  });
});

describe('5. sync or async', () => {
  it('30 s of battery: async, and the orderly shutdown completes after the MAYDAY left', () => {
    expect(answer('sync-or-async', 1)).toMatch(/dedicated distress task/);
    const r = run('sync-or-async', 1);
    const sent = of(r, 'distress.sent', { node: 'n1' });
    expect(sent).toHaveLength(1);
    expect((sent[0] as { mode: string }).mode).toBe('async');
    expect(of(r, 'shutdown.completed', { node: 'n1' })[0].t).toBeGreaterThan(sent[0].t + 2000);
  });

  it('16 ms of hold-up: sync, sent in the instant of detection', () => {
    expect(answer('sync-or-async', 2)).toMatch(/current task, synchronously/);
    const r = run('sync-or-async', 2);
    const sent = of(r, 'distress.sent', { node: 'n1' })[0] as TraceEvent & { mode: string };
    expect(sent.mode).toBe('sync');
    expect(sent.t - of(r, 'failure.detected')[0].t).toBeLessThan(1);
  });

  it('an unknown failure type is sent sync even with 60 s of warning', () => {
    expect(answer('sync-or-async', 3)).toMatch(/Synchronously/);
    const sent = of(run('sync-or-async', 3), 'distress.sent')[0] as TraceEvent & { mode: string };
    expect(sent.mode).toBe('sync');
  });
});

describe('6. why pre-formed', () => {
  it('composed at failure time, the MAYDAY is lost and the cluster falls back to silence', () => {
    expect(answer('pre-formed', 1)).toMatch(/^No/);
    const r = run('pre-formed', 1);
    expect(r.metrics.distress.lost).toBe(1);
    expect(r.metrics.distress.sent).toBe(0);
    expect(of(r, 'admin.required', { peer: 'n1' })).toHaveLength(1);
  });

  it('pre-formed, it leaves before the 16 ms are up and db fails over', () => {
    expect(answer('pre-formed', 2)).toBe('Yes');
    const r = run('pre-formed', 2);
    const died = of(r, 'node.died', { node: 'n1' })[0];
    expect(of(r, 'distress.sent', { node: 'n1' })[0].t).toBeLessThan(died.t);
    expect(of(r, 'role.changed', { node: 'n2', role: 'primary' })[0].t).toBeLessThan(died.t);
  });
});

describe('7. leaving for good', () => {
  it('a recovered node stays roleless until it rejoins, then comes back as a backup; n2 keeps db', () => {
    expect(answer('leaving', 1)).toMatch(/offline until it explicitly rejoins/);
    const r = run('leaving', 1);
    const recovered = of(r, 'node.recovered', { node: 'n1' })[0];
    const rejoined = of(r, 'node.rejoined', { node: 'n1' })[0];
    const n1Roles = of(r, 'role.changed', { node: 'n1' }).filter((e) => e.t > 0);
    expect(n1Roles.filter((e) => e.t >= recovered.t && e.t < rejoined.t)).toEqual([]);
    expect(n1Roles.filter((e) => e.t >= rejoined.t).map((e) => (e as { role: string }).role)).toEqual([
      'backup',
    ]);
    expect(db(r).failovers).toBe(1);
  });

  it('stepping down only after the MAYDAY gives about 3 s of split brain; the default order gives none', () => {
    expect(answer('leaving', 2)).toMatch(/3 s of split brain/);
    const step = lessonById('leaving')!.steps[1];
    const late = runStep(step);
    expect(db(late).splitBrainMs).toBeGreaterThan(2500);
    expect(db(late).splitBrainMs).toBeLessThan(3500);
    const ordered = runStep({
      ...step,
      scenario: { ...step.scenario!, options: { demoteBeforeSend: true } },
    });
    expect(db(ordered).splitBrainMs).toBe(0);
    expect(db(ordered).failovers).toBe(1);
  });
});

describe('8. where it cannot help', () => {
  it('a no-warning crash sends nothing and needs an administrator, distress on', () => {
    expect(answer('limits', 1)).toMatch(/^No/);
    const r = run('limits', 1);
    expect(r.metrics.distress.sent).toBe(0);
    expect(of(r, 'admin.required', { peer: 'n1' })).toHaveLength(1);
    expect(db(r).failovers).toBe(0);
  });

  it('quorum fails over by itself, after the timeout and the lease, with no split brain', () => {
    expect(answer('limits', 2)).toMatch(/timeout and the lease/);
    const r = run('limits', 2);
    expect(db(r).failovers).toBe(1);
    expect(db(r).failoverMs[0]).toBeGreaterThan(3000 + 2000);
    expect(db(r).splitBrainMs).toBe(0);
    expect(r.metrics.adminInterventions).toBe(0);
  });

  it('fencing powers the cut-off primary off before failing over: no split brain, ~11 s down', () => {
    expect(answer('limits', 3)).toMatch(/never/);
    const r = run('limits', 3);
    expect(db(r).splitBrainMs).toBe(0);
    expect(of(r, 'fence.succeeded', { peer: 'n1' })).toHaveLength(1);
    expect(of(r, 'role.changed', { node: 'n3', role: 'primary' })).toHaveLength(1);
    expect(db(r).unavailableMs).toBeGreaterThan(10_000);
    expect(db(r).unavailableMs).toBeLessThan(12_500);
  });

  it("SWIM's defaults declare a paused node dead: a short split brain when it wakes", () => {
    expect(answer('limits', 4)).toMatch(/two primaries/);
    const r = run('limits', 4);
    expect(db(r).splitBrainMs).toBeGreaterThan(0);
    expect(of(r, 'peer.failed', { peer: 'n1', cause: 'timeout' }).length).toBeGreaterThan(0);
  });
});

describe('9. trust', () => {
  it('a forged MAYDAY is rejected by everyone and fences nobody', () => {
    expect(answer('trust', 1)).toMatch(/reject/);
    const r = run('trust', 1);
    expect(r.metrics.distress.rejected).toBe(4);
    expect(of(r, 'peer.failed')).toEqual([]);
    expect(db(r).failovers).toBe(0);
  });

  it('a replayed genuine MAYDAY from an earlier incarnation is rejected as stale', () => {
    expect(answer('trust', 2)).toMatch(/rejected/);
    const r = run('trust', 2);
    const rejected = of(r, 'distress.rejected');
    expect(rejected.length).toBeGreaterThan(0);
    for (const e of rejected) expect((e as { reason: string }).reason).toBe('stale-incarnation');
    const replayAt = 8000;
    expect(of(r, 'peer.failed', { peer: 'n2' }).filter((e) => e.t >= replayAt)).toEqual([]);
  });
});

describe('10. in your own browser (simulated)', () => {
  it('a closing tab gets its MAYDAY out synchronously and is judged failed', () => {
    expect(answer('live', 1)).toMatch(/Failed/);
    const r = run('live', 1);
    expect((of(r, 'distress.sent', { node: 'n3' })[0] as { mode: string }).mode).toBe('sync');
    expect(of(r, 'peer.failed', { peer: 'n3', cause: 'distress' })).toHaveLength(2);
  });
});

describe('self-check', () => {
  it('every answer is the one its run shows', () => {
    expect(SELF_CHECK.steps.map((s) => s.question!.choices[s.question!.answer])).toEqual([
      'Partitioned? — silent, cause unknown',
      'Split brain: n1 and a backup both serve it',
      'Synchronously, on the current task',
      'No',
      'No, the forgery is rejected',
    ]);
    const [quiet, aggressive, adapter, late, impostor] = SELF_CHECK.steps.map(runStep);
    expect(of(quiet, 'peer.partitioned', { node: 'n2', peer: 'n3' })).toHaveLength(1);
    expect(of(quiet, 'peer.failed')).toEqual([]);
    expect(db(aggressive).splitBrainMs).toBeGreaterThan(0);
    expect((of(adapter, 'distress.sent')[0] as { mode: string }).mode).toBe('sync');
    expect(late.metrics.distress.lost).toBe(1);
    expect(impostor.metrics.resources.db.failovers).toBe(0);
    expect(impostor.metrics.distress.rejected).toBeGreaterThan(0);
  });
});

describe('10. the live exercise', () => {
  it('links three node tabs of one open practice room and its observer', () => {
    const links = lessonById('live')!.steps[1].links!;
    const routes = links.map((l) => parseLiveRoute(l.href));
    expect(routes.map((r) => r.page)).toEqual(['node', 'observe']);
    for (const r of routes) {
      if (r.page !== 'node' && r.page !== 'observe') throw new Error('not a live room');
      expect(r.room).toBe(LIVE_ROOM);
      expect(r.practice).toBe(true);
      expect(r.settings.nodes).toBe(3);
      expect(r.settings.distress).toBe(true);
    }
  });
});
