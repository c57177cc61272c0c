// Every word the Lab shows about a node, a count or a state comes from the model at that moment.
// Each test here is a defect a newcomer met (issue 11): a notice, a caption or a label that said
// something the model did not.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/core/scenario.ts';
import type { Scenario } from '../../src/core/types.ts';
import {
  CUT_STORY,
  CUT_STORY_TEXT,
  DEFAULT_STORY,
  DEFAULT_STORY_TEXT,
} from '../../src/lessons/defaultStory.ts';
import { LabController } from '../../src/ui/lab/LabController.svelte.ts';
import { sentence } from '../../src/ui/lab/logSentences.ts';
import { networkWord } from '../../src/ui/lab/nodeActions.ts';
import { stillWaitingOn } from '../../src/ui/lab/adminQuestions.ts';
import { storyCaption } from '../../src/ui/lab/storyCaption.ts';
import { ringLayout } from '../../src/view/ringLayout.ts';
import { topologyModel } from '../../src/view/topologyModel.ts';

function scenario(input: unknown): Scenario {
  const r = parseScenario(input);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.scenario;
}

const FIVE = {
  version: 1,
  seed: 3,
  nodes: 5,
  resources: [{ name: 'db', primary: 'n1', backups: ['n2', 'n3'] }],
  durationMs: 60_000,
};

describe('the administrator notice', () => {
  it('does not call marking a fenced node failed a false failover (FALSE FAILED stays 0)', () => {
    const lab = new LabController(scenario(DEFAULT_STORY));
    lab.seek(5000);
    expect(lab.view.nodes.find((n) => n.id === 'n1')?.truth).toBe('fenced');
    lab.adminAnswer('n1', 'mark-failed');
    expect(lab.currentMetrics().falseFailovers).toBe(0);
    expect(lab.notice?.text ?? '').not.toMatch(/false failover/);
  });

  it('calls marking a live, cut-off node failed a false failover, with the count the panel shows', () => {
    const lab = new LabController(
      scenario({
        ...FIVE,
        events: [{ at: 2000, kind: 'partition', groups: [['n2'], ['n1', 'n3', 'n4', 'n5']] }],
      }),
    );
    lab.seek(20_000);
    expect(lab.view.adminPending).toContain('n2');
    lab.adminAnswer('n2', 'mark-failed');
    const count = lab.currentMetrics().falseFailovers;
    expect(count).toBeGreaterThan(0);
    expect(lab.notice?.text).toContain(`a false failover — FALSE FAILED is now ${count}`);
  });
});

describe('story captions', () => {
  it('name the node the learner answered about, with its truth now', () => {
    const lab = new LabController(
      scenario({
        ...DEFAULT_STORY,
        // The learner answers about n1 (fenced), not about n2 whom the story crashes.
        events: [...DEFAULT_STORY.events, { at: 20_000, kind: 'admin', action: 'mark-failed', node: 'n1' }],
      }),
    );
    lab.seek(21_000);
    const caption = storyCaption(DEFAULT_STORY_TEXT, lab.trace(), lab.view.nodes);
    expect(caption.text).toMatch(/^You answered about n1\. The truth: n1 is fenced/);
    expect(caption.text).not.toContain('n2');
    expect(caption.next?.story).toBe('cut');
  });

  it('end with a button that runs the same story with the network cut, captions following the model', () => {
    const lab = new LabController(scenario(DEFAULT_STORY), { story: DEFAULT_STORY_TEXT });
    lab.openStory('cut');
    expect(lab.playing).toBe(true);
    expect(lab.story).toBe(CUT_STORY_TEXT);
    expect(lab.base.events.map((e) => e.kind)).toEqual(CUT_STORY.events.map((e) => e.kind));
    lab.seek(25_000);
    expect(storyCaption(CUT_STORY_TEXT, lab.trace(), lab.view.nodes).text).toMatch(/They ask you again/);
    lab.adminAnswer('n2', 'mark-failed');
    const end = storyCaption(CUT_STORY_TEXT, lab.trace(), lab.view.nodes).text;
    expect(end).toMatch(/^You answered about n2\. The truth: n2 is alive\./);
  });
});

describe('labels', () => {
  it('a primary that lost its majority but still serves says PRIMARY, not NO QUORUM', () => {
    const s = scenario({
      ...FIVE,
      events: [{ at: 5000, kind: 'partition', groups: [['n1'], ['n2', 'n3', 'n4', 'n5']] }],
    });
    const lab = new LabController(s);
    const layout = ringLayout(s.nodes, { width: 800, height: 600 });
    let checked = 0;
    for (let t = 5000; t <= 30_000; t += 500) {
      lab.seek(t);
      const n1 = lab.view.nodes[0];
      if (!n1.lostQuorum) continue;
      const serving = lab.view.resources[0].acting.includes('n1');
      const view = topologyModel(lab.view, { layout, t }).nodes[0];
      expect(view.statusFull, `t=${t}`).toBe(serving ? 'PRIMARY · db' : 'NO QUORUM');
      if (serving) checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('groups have one name everywhere: the menu letters, the node menu, the log', () => {
    const lab = new LabController(
      scenario({
        ...FIVE,
        events: [
          {
            at: 1000,
            kind: 'partition',
            groups: [
              ['n1', 'n2'],
              ['n3', 'n4', 'n5'],
            ],
          },
        ],
      }),
    );
    lab.seek(2000);
    expect(networkWord(lab.view.nodes[3], lab.view)).toBe('in group B of A–B');
    const split = lab.trace().find((e) => e.kind === 'network.partition')!;
    expect(sentence(split, { distressSentAt: new Map() })).toBe(
      'The network split into 2 groups: A {n1, n2} | B {n3, n4, n5}.',
    );
  });
});

describe('the administrator question', () => {
  const crashN2 = () =>
    scenario({
      ...FIVE,
      events: [
        { at: 2000, kind: 'crash', node: 'n2' },
        { at: 30_000, kind: 'crash', node: 'n3' },
      ],
    });
  const playUntilStopped = (lab: LabController, maxFrames = 5000): void => {
    lab.speed = 50;
    lab.play();
    for (let i = 0; i < maxFrames && lab.playing; i++) lab.frame(16);
  };

  it('pauses the clock at the very instant the cluster asks, so nothing moves on meanwhile', () => {
    const lab = new LabController(crashN2(), { pauseForAdmin: true });
    playUntilStopped(lab);
    const asked = lab.trace().find((e) => e.kind === 'admin.required');
    expect(asked).toBeDefined();
    expect(lab.playing).toBe(false);
    expect(lab.t).toBe(asked!.t);
    expect(lab.notice?.text).toBe('Paused: the cluster asks you about n2. Answer above, then press Play.');
    // The second crash (at 30 s) has not happened under the learner.
    expect(lab.trace().some((e) => e.kind === 'node.died' && e.node === 'n3')).toBe(false);
  });

  it('keeps running when the setting says so', () => {
    const lab = new LabController(crashN2(), { pauseForAdmin: true });
    lab.pauseForAdmin = false;
    playUntilStopped(lab);
    expect(lab.t).toBe(60_000);
  });

  it('"Keep waiting" can be revisited: the node stays on the list while the cluster cannot hear it', () => {
    const lab = new LabController(crashN2(), { pauseForAdmin: true });
    playUntilStopped(lab);
    lab.adminAnswer('n2', 'keep-waiting');
    expect(lab.view.adminPending).toEqual([]);
    expect(stillWaitingOn(lab.trace(), lab.view)).toEqual(['n2']);
    // Later the question is open again (another watcher asks) or still offered: never a dead end.
    lab.seek(20_000);
    expect([...lab.view.adminPending, ...stillWaitingOn(lab.trace(), lab.view)]).toContain('n2');
    lab.adminAnswer('n2', 'mark-failed');
    expect([...lab.view.adminPending, ...stillWaitingOn(lab.trace(), lab.view)]).toEqual([]);
    expect(
      lab
        .trace()
        .filter((e) => e.kind === 'admin.action')
        .map((e) => e.kind === 'admin.action' && e.action),
    ).toEqual(['keep-waiting', 'mark-failed']);
  });
});
