// The event log reads aloud: each trace event becomes a sentence; filters by node and by kind.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/core/types.ts';
import { LogBuilder, categoryOf, matches } from '../../src/ui/lab/eventLog.ts';

const trace: TraceEvent[] = [
  { t: 0, kind: 'role.changed', node: 'n1', resource: 'db', role: 'primary' },
  { t: 2000, kind: 'failure.detected', node: 'n1', failure: 'power-loss-battery', warningMs: 30_000 },
  { t: 2001.05, kind: 'distress.sent', node: 'n1', mode: 'async', failure: 'power-loss-battery' },
  { t: 2001.05, kind: 'msg.sent', id: 9, from: 'n1', to: 'n2', type: 'distress', deliverAt: 2004.1 },
  { t: 2004.1, kind: 'distress.received', node: 'n2', from: 'n1' },
  { t: 2004.1, kind: 'peer.failed', node: 'n2', peer: 'n1', cause: 'distress' },
  { t: 2004.1, kind: 'role.changed', node: 'n2', resource: 'db', role: 'primary' },
  { t: 9000, kind: 'peer.partitioned', node: 'n3', peer: 'n4' },
  { t: 9500, kind: 'invariant.violated', invariant: 'split-brain', resource: 'db', nodes: ['n2', 'n4'] },
  { t: 9600, kind: 'network.partition', groups: [['n4'], ['n1', 'n2', 'n3']] },
];

describe('event log', () => {
  it('says how long after it was sent the distress arrived (from the matching distress.sent)', () => {
    const log = new LogBuilder();
    log.update(trace);
    const texts = log.entries.map((e) => e.text);
    expect(texts).toContain('n2 judged n1 FAILED — distress received 3 ms after it was sent.');
    expect(texts).toContain("n2 received n1's MAYDAY, 3 ms after it was sent.");
    expect(texts).toContain("n1's OS saw a power loss, on battery coming: 30 s of warning.");
    expect(texts).toContain('SPLIT BRAIN on db: n2 and n4 serve it at the same time.');
    expect(texts).toContain('The network split into 2 groups: A {n4} | B {n1, n2, n3}.');
  });

  it('leaves message-level events out and reads the trace only once', () => {
    const log = new LogBuilder();
    expect(log.update(trace.slice(0, 5))).toBe(4);
    expect(log.update(trace)).toBe(5);
    expect(log.update(trace)).toBe(0);
    expect(log.entries.some((e) => e.kind.startsWith('msg.'))).toBe(false);
    expect(log.entries.map((e) => e.i)).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9]);
    log.reset();
    expect(log.entries).toEqual([]);
  });

  it('filters by node (any role in the event) and by family of kinds', () => {
    const log = new LogBuilder();
    log.update(trace);
    const about = (node: string) =>
      log.entries.filter((e) => matches(e, { node, category: 'all' })).map((e) => e.i);
    expect(about('n4')).toEqual([7, 8, 9]);
    const verdicts = log.entries.filter((e) => matches(e, { node: 'all', category: 'verdicts' }));
    expect(verdicts.map((e) => e.kind)).toEqual(['peer.failed', 'peer.partitioned']);
    expect(categoryOf('distress.rejected')).toBe('distress');
    expect(categoryOf('invariant.violated')).toBe('alarms');
    expect(categoryOf('node.died')).toBe('nodes');
  });

  it('names a failure type the OS does not know as such', () => {
    const log = new LogBuilder();
    log.update([{ t: 5, kind: 'failure.detected', node: 'n3', failure: 'cosmic-ray', warningMs: 0.5 }]);
    expect(log.entries[0].text).toBe(
      `n3's OS saw a "cosmic-ray" (a failure type the OS does not know) coming: 500 µs of warning.`,
    );
  });
});
