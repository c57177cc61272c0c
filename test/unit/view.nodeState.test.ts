import { describe, expect, it } from 'vitest';
import type { ImpendingFailure, NodeSnapshot, ResourceSnapshot } from '../../src/core/snapshot.ts';
import {
  ariaLabel,
  beliefIsWrong,
  beliefView,
  deathArcFraction,
  fitText,
  formatDuration,
  lifecycleNote,
  pathCaption,
  roleBadges,
  statusText,
  truthState,
} from '../../src/view/nodeState.ts';
import { stateStyles, type VisualState } from '../../src/view/palette.ts';

const node = (id: string, over: Partial<NodeSnapshot> = {}): NodeSnapshot => ({
  id,
  truth: 'alive',
  group: null,
  lifecycle: 'healthy.member',
  sendingNow: false,
  sendPath: null,
  lostQuorum: false,
  incarnation: 1,
  roles: {},
  beliefs: {},
  watching: [],
  impending: null,
  ...over,
});

const impending = (over: Partial<ImpendingFailure> = {}): ImpendingFailure => ({
  failure: 'power-loss-battery',
  detectedAt: 1000,
  deathAt: 6000,
  mode: null,
  distressLeavesAt: null,
  shutdownDoneAt: null,
  ...over,
});

describe('truthState', () => {
  it('follows ground truth first', () => {
    for (const truth of ['dead', 'paused', 'fenced', 'offline'] as const) {
      expect(truthState(node('n1', { truth }), 0)).toBe(truth);
    }
  });
  it('reads the typed fields of a running node, whatever its state is called', () => {
    expect(truthState(node('n1'), 0)).toBe('healthy');
    expect(truthState(node('n1', { lostQuorum: true }), 0)).toBe('healthy');
    expect(truthState(node('n1', { impending: impending() }), 1000)).toBe('impending');
    expect(truthState(node('n1', { sendingNow: true, impending: impending() }), 1000)).toBe('distress');
    expect(truthState(node('n1', { sendPath: 'sync', impending: impending() }), 2000)).toBe('impending');
  });
  it('shows the distress on its way out until it has left', () => {
    const imp = impending({ mode: 'async', distressLeavesAt: 1001 });
    expect(truthState(node('n1', { sendPath: 'async', impending: imp }), 1000.5)).toBe('distress');
    expect(truthState(node('n1', { sendPath: 'async', impending: imp }), 1001)).toBe('impending');
  });
});

describe('labels', () => {
  it('has a short word for each state', () => {
    const expected: Record<VisualState, string> = {
      healthy: 'ALIVE',
      impending: 'FAILING',
      distress: 'MAYDAY!',
      fenced: 'FENCED',
      dead: 'DEAD',
      suspect: 'SUSPECT?',
      partitioned: 'PARTITIONED?',
      paused: 'PAUSED',
      offline: 'OFFLINE',
      unknown: '?',
    };
    for (const [s, word] of Object.entries(expected)) expect(statusText(s as VisualState, [])).toBe(word);
    for (const s of Object.keys(expected))
      expect(stateStyles[s as VisualState].label.length).toBeLessThanOrEqual(12);
  });
  it('names the role of a healthy node: "PRIMARY · db"', () => {
    const resources: ResourceSnapshot[] = [
      { name: 'db', acting: ['n1'], order: ['n1', 'n2', 'n3'] },
      { name: 'web', acting: ['n2'], order: ['n2', 'n3', 'n1'] },
    ];
    const nodes = [
      node('n1', { roles: { db: 'primary', web: 'backup' } }),
      node('n2', { roles: { db: 'backup', web: 'primary' } }),
      node('n3', { roles: { db: 'backup', web: 'backup' } }),
    ];
    const b1 = roleBadges(nodes[0], resources, nodes);
    expect(b1.map((b) => b.text)).toEqual(['★', 'b2']);
    expect(statusText('healthy', b1)).toBe('PRIMARY · db');
    const b3 = roleBadges(nodes[2], resources, nodes);
    expect(b3.map((b) => b.text)).toEqual(['b2', 'b1']);
    expect(statusText('healthy', b3)).toBe('BACKUP 2 · db');
    expect(statusText('fenced', b1)).toBe('FENCED');
    expect(statusText('healthy', b1, null, true)).toBe('★ db');
    expect(statusText('healthy', b3, null, true)).toBe('b2 db');
    expect(statusText('healthy', b1, lifecycleNote({ lostQuorum: true }))).toBe('NO QUORUM');
  });
  it('re-ranks backups after a failover: the next in line is b1', () => {
    const res: ResourceSnapshot[] = [{ name: 'db', acting: ['n2'], order: ['n1', 'n2', 'n3'] }];
    const nodes = [
      node('n1', { truth: 'dead' }),
      node('n2', { roles: { db: 'primary' } }),
      node('n3', { roles: { db: 'backup' } }),
    ];
    expect(roleBadges(nodes[2], res, nodes)[0]).toMatchObject({ text: 'b1', title: 'backup 1 of db' });
  });
  it('cuts long labels with an ellipsis', () => {
    expect(fitText('PRIMARY · db, web', 12)).toBe('PRIMARY · d…');
    expect(fitText('DEAD', 12)).toBe('DEAD');
  });
  it('speaks like a screen reader user expects: "n1: alive, PRIMARY of db"', () => {
    const n1 = node('n1', { roles: { db: 'primary' } });
    const res: ResourceSnapshot[] = [{ name: 'db', acting: ['n1'], order: ['n1', 'n2'] }];
    const badges = roleBadges(n1, res, [n1]);
    expect(ariaLabel(n1, 'healthy', badges, null, 0)).toBe('n1: alive, PRIMARY of db');
    const n2 = node('n2', { beliefs: { n1: 'partitioned' } });
    const dead = node('n1', { truth: 'dead' });
    const belief = beliefView(n2, dead);
    expect(ariaLabel(dead, 'dead', [], belief, 0)).toBe('n1: dead; n2 believes it partitioned? (wrong)');
  });
  it('formats durations in plain units', () => {
    expect(formatDuration(0.061)).toBe('61 µs');
    expect(formatDuration(3)).toBe('3 ms');
    expect(formatDuration(3240)).toBe('3.2 s');
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(65_000)).toBe('1 min 5 s');
  });
});

describe('beliefs', () => {
  it('marks a belief wrong when it contradicts the truth; suspicion is never wrong', () => {
    expect(beliefIsWrong('failed', 'alive')).toBe(true);
    expect(beliefIsWrong('failed', 'paused')).toBe(true);
    expect(beliefIsWrong('failed', 'dead')).toBe(false);
    expect(beliefIsWrong('failed', 'fenced')).toBe(false);
    expect(beliefIsWrong('partitioned', 'dead')).toBe(true);
    expect(beliefIsWrong('partitioned', 'alive')).toBe(false);
    expect(beliefIsWrong('alive', 'dead')).toBe(true);
    expect(beliefIsWrong('alive', 'alive')).toBe(false);
    for (const truth of ['alive', 'dead', 'paused', 'fenced', 'offline'] as const) {
      expect(beliefIsWrong('suspect', truth)).toBe(false);
    }
  });
  it('defaults to alive for peers without an opinion, and has none about itself', () => {
    const a = node('n1');
    expect(beliefView(a, node('n2'))).toMatchObject({ belief: 'alive', short: 'A', wrong: false });
    expect(beliefView(a, a)).toBeNull();
    expect(beliefView(node('n1', { beliefs: { n2: 'failed' } }), node('n2'))).toMatchObject({
      label: 'FAILED',
      wrong: true,
    });
  });
});

describe('time-to-death arc and path caption', () => {
  const imp = impending();
  it('shrinks from 1 at detection to 0 at death, clamped', () => {
    expect(deathArcFraction(imp, 0)).toBe(1);
    expect(deathArcFraction(imp, 1000)).toBe(1);
    expect(deathArcFraction(imp, 3500)).toBeCloseTo(0.5);
    expect(deathArcFraction(imp, 6000)).toBe(0);
    expect(deathArcFraction(imp, 9000)).toBe(0);
  });
  it('handles a failure with no warning at all', () => {
    const now = impending({ detectedAt: 1000, deathAt: 1000 });
    expect(deathArcFraction(now, 999)).toBe(1);
    expect(deathArcFraction(now, 1000)).toBe(0);
  });
  it('says which path was taken (§0042–0043)', () => {
    expect(pathCaption(impending({ mode: 'async', shutdownDoneAt: 4000 }), 1000)).toEqual([
      'ASYNC → distress task,',
      'shutdown continues (3.0 s)',
    ]);
    expect(pathCaption(impending({ mode: 'sync' }), 1000)).toEqual([
      'SYNC → current task,',
      'all else waits',
    ]);
    expect(pathCaption(impending(), 1000)[0]).toBe('choosing a path…');
    expect(pathCaption(impending(), 2000)).toEqual(['no distress will leave', 'dies in 4.0 s']);
    expect(pathCaption(null, 0)).toEqual([]);
  });
});
