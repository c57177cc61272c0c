// The heartbeat ring on its own (§0019), on a virtual clock: who a node heartbeats, when silence is
// handed on, how the ring closes around a silent peer, and how heartbeats flow both ways.
import { describe, expect, it } from 'vitest';
import type { Belief } from '../../src/core/snapshot.ts';
import type { NodeId } from '../../src/core/types.ts';
import { HeartbeatRing } from '../../src/machines/heartbeatRing.ts';
import { fakeNodeEnv } from './fakeNodeEnv.ts';

function ring(id = 'n1') {
  const f = fakeNodeEnv();
  const beliefs = new Map<NodeId, Belief>();
  const observedSilent = new Set<NodeId>();
  const silentFailed: NodeId[] = [];
  const r = new HeartbeatRing(f.env, f.nodeClock, id, 1, {
    belief: (p) => beliefs.get(p) ?? 'alive',
    observedSilent,
    failedBySilence: () => silentFailed,
  });
  const silent: Array<{ t: number; peer: NodeId }> = [];
  const tick = () => r.tick((peer) => silent.push({ t: f.clock.now(), peer }));
  const heartbeatsTo = () => f.sentOf('heartbeat').map((s) => s.to);
  return { ...f, r, beliefs, observedSilent, silentFailed, silent, tick, heartbeatsTo };
}

const INTERVAL = 1000;
const TIMEOUT = 3000;

describe('heartbeat ring', () => {
  it('heartbeats both ring neighbours each period, and nobody else', () => {
    const h = ring('n1');
    h.tick();
    expect(h.heartbeatsTo()).toEqual(['n2', 'n5']);
    expect(h.r.watching()).toEqual(['n2', 'n5']);
  });

  it('hands a neighbour silent for longer than the timeout to the verdicts, once per tick, while believed alive', () => {
    const h = ring('n1');
    for (let t = 0; t <= TIMEOUT + INTERVAL; t += INTERVAL) {
      h.clock.runUntil(t);
      h.r.heardFrom(1); // n2 keeps talking; n5 says nothing
      h.tick();
    }
    expect(h.silent).toEqual([{ t: TIMEOUT + INTERVAL, peer: 'n5' }]);
    h.beliefs.set('n5', 'suspect');
    h.clock.runUntil(TIMEOUT + 2 * INTERVAL);
    h.tick();
    expect(h.silent).toHaveLength(1);
  });

  it('closes the ring around a silent neighbour it saw fall silent: it keeps calling it and the next live node', () => {
    const h = ring('n1');
    h.beliefs.set('n2', 'partitioned');
    h.observedSilent.add('n2');
    h.r.beliefsChanged();
    expect(h.r.watching()).toEqual(['n2', 'n3', 'n5']);
    h.beliefs.set('n2', 'failed');
    h.observedSilent.delete('n2');
    h.r.beliefsChanged();
    expect(h.r.watching()).toEqual(['n3', 'n5']);
  });

  it('answers a heartbeat from a peer it does not watch, at most once per period', () => {
    const h = ring('n1');
    h.tick();
    const before = h.sent.length;
    h.r.answerIfUnwatched(2); // n3
    h.r.answerIfUnwatched(2);
    expect(h.sent.slice(before).map((s) => s.to)).toEqual(['n3']);
    h.clock.runUntil(INTERVAL);
    h.r.answerIfUnwatched(2);
    h.r.answerIfUnwatched(1); // n2 is watched: its own heartbeats go out anyway
    expect(h.sent.slice(before).map((s) => s.to)).toEqual(['n3', 'n3']);
  });

  it('calls peers judged failed by silence every fourth period, to see them come back', () => {
    const h = ring('n1');
    h.silentFailed.push('n3');
    for (let k = 1; k <= 8; k++) h.tick();
    expect(h.heartbeatsTo().filter((to) => to === 'n3')).toHaveLength(2);
  });

  it('learns a new life from a higher incarnation, and forgets no newer one', () => {
    const h = ring('n1');
    h.clock.runUntil(500);
    h.r.heardFrom(2, 3, 400);
    h.r.heardFrom(2, 2, 100);
    expect(h.r.knownIncarnation[2]).toBe(3);
    expect(h.r.knownJoinedAt[2]).toBe(400);
    expect(h.r.heardRecently(2)).toBe(true);
    h.clock.runUntil(500 + TIMEOUT + 1);
    expect(h.r.heardRecently(2)).toBe(false);
  });
});
