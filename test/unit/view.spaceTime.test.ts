import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/core/types.ts';
import { DOOM_STOP } from '../../src/view/flights.ts';
import {
  laneLayout,
  placeMarkLabels,
  segmentEnd,
  spaceTimeModel,
  windowRange,
  type MarkView,
} from '../../src/view/spaceTime.ts';

const nodes = ['n1', 'n2', 'n3'];
const trace: TraceEvent[] = [
  { t: 100, kind: 'msg.sent', id: 1, from: 'n1', to: 'n2', type: 'heartbeat', deliverAt: 104 },
  { t: 104, kind: 'msg.delivered', id: 1, from: 'n1', to: 'n2', type: 'heartbeat', sentAt: 100 },
  { t: 5000, kind: 'failure.detected', node: 'n1', failure: 'power-loss-battery', warningMs: 30000 },
  { t: 5000, kind: 'msg.sent', id: 2, from: 'n1', to: 'n3', type: 'distress', deliverAt: 5010 },
  { t: 5001, kind: 'distress.sent', node: 'n1', mode: 'async', failure: 'power-loss-battery' },
  { t: 5002, kind: 'msg.sent', id: 3, from: 'n2', to: 'n1', type: 'heartbeat', deliverAt: 5006 },
  { t: 5003, kind: 'msg.dropped', id: 3, from: 'n2', to: 'n1', type: 'heartbeat', reason: 'partition' },
  { t: 5010, kind: 'peer.failed', node: 'n3', peer: 'n1', cause: 'distress' },
  { t: 6000, kind: 'invariant.violated', invariant: 'split-brain', resource: 'db', nodes: ['n1', 'n3'] },
  { t: 7000, kind: 'invariant.restored', invariant: 'split-brain', resource: 'db' },
  { t: 7100, kind: 'node.died', node: 'n1', reason: 'power' },
];
const opts = { width: 800, height: 300, t: 8000, windowMs: 5000, nodes };

describe('space-time geometry', () => {
  it('finds the visible slice of a time-ordered trace by binary search', () => {
    expect(windowRange(trace, 5000, 5010)).toEqual([2, 8]);
    expect(windowRange(trace, 9000, 9999)).toEqual([11, 11]);
  });
  it('gives each node a lane, thinning labels when lanes are thin', () => {
    const l = laneLayout(nodes, 0, 300);
    expect([...l.y.values()]).toEqual([50, 150, 250]);
    expect(l.labelEvery).toBe(1);
    const many = laneLayout(
      Array.from({ length: 64 }, (_, i) => `n${i}`),
      0,
      200,
    );
    expect(many.labelEvery).toBeGreaterThan(1);
    expect(many.fontSize).toBeGreaterThanOrEqual(8);
  });
  it('ends a line at delivery, at now while in flight, and part way when lost', () => {
    expect(segmentEnd(100, 200, 500, false)).toEqual({ at: 200, p: 1 });
    expect(segmentEnd(100, 200, 150, false)).toEqual({ at: 150, p: 0.5 });
    expect(segmentEnd(100, 200, 500, true)).toEqual({ at: 100 + DOOM_STOP * 100, p: DOOM_STOP });
  });
  it('draws only what is in the window', () => {
    const m = spaceTimeModel(trace, opts);
    expect(m.segments.map((s) => s.id)).toEqual([2, 3]);
    const lost = m.segments.find((s) => s.id === 3)!;
    expect(lost.lost).toBe(true);
    const distress = m.segments.find((s) => s.id === 2)!;
    expect(distress.kind).toBe('distress');
    expect(distress.x1).toBeCloseTo(m.x(5000));
    expect(distress.y1).toBe(m.lanes.y.get('n1'));
    expect(distress.y2).toBe(m.lanes.y.get('n3'));
  });
  it('marks key events on their lane, and split brain as a band in the alarm colour', () => {
    const m = spaceTimeModel(trace, opts);
    expect(m.marks.map((k) => k.kind)).toEqual([
      'failure.detected',
      'distress.sent',
      'peer.failed',
      'node.died',
    ]);
    expect(m.marks.find((k) => k.kind === 'peer.failed')).toMatchObject({
      y: m.lanes.y.get('n3'),
      label: 'n1 failed',
    });
    expect(m.bands).toHaveLength(1);
    expect(m.bands[0].label).toBe('SPLIT BRAIN · db');
    expect(m.bands[0].x2).toBeCloseTo(m.x(7000));
  });
  it('can hide heartbeats', () => {
    const m = spaceTimeModel(trace, { ...opts, showHeartbeats: false });
    expect(m.segments.map((s) => s.id)).toEqual([2]);
  });
  it('uses the snapshot to know a message in flight will be lost', () => {
    const m = spaceTimeModel(trace.slice(0, 6), {
      ...opts,
      t: 5004,
      inFlight: [
        { id: 3, from: 'n2', to: 'n1', type: 'heartbeat', sentAt: 5002, deliverAt: 5006, doomed: true },
      ],
    });
    expect(m.segments.find((s) => s.id === 3)?.lost).toBe(true);
  });
  it('windows a long 64-node trace quickly', () => {
    const ids = Array.from({ length: 64 }, (_, i) => `n${i + 1}`);
    const long: TraceEvent[] = [];
    let id = 0;
    for (let t = 0; t < 600_000; t += 1000) {
      ids.forEach((from, i) => {
        long.push({
          t: t + i,
          kind: 'msg.sent',
          id: id++,
          from,
          to: ids[(i + 1) % 64],
          type: 'heartbeat',
          deliverAt: t + i + 3,
        });
      });
    }
    const o = { width: 1000, height: 500, t: 300_000, windowMs: 10_000, nodes: ids };
    spaceTimeModel(long, o);
    const t0 = performance.now();
    for (let k = 0; k < 20; k++) spaceTimeModel(long, { ...o, t: 300_000 + k * 16 });
    // A guard against gross regressions only: one 60 Hz frame, loose enough for a busy CI machine.
    expect((performance.now() - t0) / 20).toBeLessThan(16.7);
    expect(spaceTimeModel(long, o).segments.length).toBeLessThan(64 * 12);
  });
  it('gives colliding labels other rows, the distress first, and drops what does not fit', () => {
    const mark = (kind: MarkView['kind'], x: number, label: string): MarkView => ({
      key: `${kind}${x}`,
      kind,
      x,
      y: 50,
      shape: 'circle',
      color: 'ink',
      label,
      labelDy: null,
      title: label,
    });
    const one = [
      mark('failure.detected', 100, 'power-loss-battery'),
      mark('distress.sent', 101, 'MAYDAY async'),
    ];
    placeMarkLabels(one, [0], 5, 12);
    expect(one.map((m) => m.labelDy)).toEqual([null, 0]);
    const three = [
      mark('failure.detected', 100, 'power-loss-battery'),
      mark('distress.sent', 101, 'MAYDAY async'),
    ];
    placeMarkLabels(three, [0, -12, 12], 5, 12);
    expect(three.map((m) => m.labelDy)).toEqual([-12, 0]);
    const apart = [mark('failure.detected', 100, 'x'), mark('distress.sent', 400, 'y')];
    placeMarkLabels(apart, [0], 5, 12);
    expect(apart.map((m) => m.labelDy)).toEqual([0, 0]);
  });
});
