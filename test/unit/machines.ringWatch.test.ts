import { describe, expect, it } from 'vitest';
import type { Belief } from '../../src/core/snapshot.ts';
import { ringWatch } from '../../src/machines/ringWatch.ts';

const nodes = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'];
const index = new Map(nodes.map((n, i) => [n, i]));
const watch = (me: string, beliefs: Record<string, Belief> = {}, silent: string[] = []) =>
  ringWatch(nodes, index.get(me)!, (p) => beliefs[p] ?? 'alive', silent, index).set;

describe('ring watch: who a node heartbeats (§0019)', () => {
  it('a healthy ring: the two logical neighbours', () => {
    expect(watch('n1')).toEqual(['n2', 'n6']);
    expect(watch('n4')).toEqual(['n5', 'n3']);
  });

  it('a silent neighbour stays watched and the ring closes around it', () => {
    expect(watch('n1', { n2: 'partitioned' })).toEqual(['n2', 'n3', 'n6']);
    expect(watch('n1', { n2: 'suspect', n3: 'partitioned' })).toEqual(['n2', 'n3', 'n4', 'n6']);
  });

  it('a failed node is skipped: it must rejoin to be watched again', () => {
    expect(watch('n1', { n2: 'failed' })).toEqual(['n3', 'n6']);
  });

  it('peers this node itself saw fall silent stay watched, wherever they are', () => {
    expect(watch('n1', { n4: 'partitioned' }, ['n4'])).toEqual(['n2', 'n6', 'n4']);
  });

  it('alone among failed nodes, a node watches nobody', () => {
    expect(watch('n1', { n2: 'failed', n3: 'failed', n4: 'failed', n5: 'failed', n6: 'failed' })).toEqual([]);
  });
});
