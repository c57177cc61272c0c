import { describe, expect, it } from 'vitest';
import type { MessageInFlight } from '../../src/core/snapshot.ts';
import {
  DOOM_STOP,
  doomedLook,
  flightModel,
  flightPoint,
  flightProgress,
  interpolate,
} from '../../src/view/flights.ts';
import { ringLayout } from '../../src/view/ringLayout.ts';

const msg = (over: Partial<MessageInFlight> = {}): MessageInFlight => ({
  id: 1,
  from: 'n1',
  to: 'n2',
  type: 'heartbeat',
  sentAt: 100,
  deliverAt: 200,
  doomed: false,
  ...over,
});

describe('flight progress', () => {
  it('is (t − sentAt)/(deliverAt − sentAt), clamped to [0, 1]', () => {
    expect(flightProgress(msg(), 50)).toBe(0);
    expect(flightProgress(msg(), 100)).toBe(0);
    expect(flightProgress(msg(), 125)).toBe(0.25);
    expect(flightProgress(msg(), 200)).toBe(1);
    expect(flightProgress(msg(), 1e9)).toBe(1);
  });
  it('treats an instant message as arrived once sent', () => {
    expect(flightProgress(msg({ deliverAt: 100 }), 99)).toBe(0);
    expect(flightProgress(msg({ deliverAt: 100 }), 100)).toBe(1);
  });
  it('interpolates and clamps', () => {
    const a = { x: 0, y: 0 };
    const b = { x: 100, y: 50 };
    expect(interpolate(a, b, 0.5)).toEqual({ x: 50, y: 25 });
    expect(interpolate(a, b, -1)).toEqual(a);
    expect(interpolate(a, b, 2)).toEqual(b);
  });
});

describe('flight direction', () => {
  const a = { x: 0, y: 0 };
  const b = { x: 100, y: 0 };
  it('goes the other way when reversed, on the other lane', () => {
    const fwd = flightPoint(a, b, 0.25, 4);
    const back = flightPoint(b, a, 0.25, 4);
    expect(fwd.x).toBeCloseTo(25);
    expect(back.x).toBeCloseTo(75);
    expect(fwd.angle).toBeCloseTo(0);
    expect(Math.abs(back.angle)).toBeCloseTo(180);
    // Right-hand traffic: the two directions never share a line.
    expect(fwd.y).toBeCloseTo(4);
    expect(back.y).toBeCloseTo(-4);
  });
  it('places a message at the same point whether computed at t or reached by steps (no animation state)', () => {
    const layout = ringLayout(['n1', 'n2', 'n3'], { width: 800, height: 600 });
    const m = [msg()];
    const direct = flightModel(m, { layout, t: 160 })[0];
    for (const t of [100, 120, 140]) flightModel(m, { layout, t });
    expect(flightModel(m, { layout, t: 160 })[0]).toEqual(direct);
  });
});

describe('doomed messages', () => {
  it('travel part way, are crossed out, then fade', () => {
    expect(doomedLook(0.2)).toEqual({ travel: 0.2, crossed: false, opacity: 1 });
    const mid = doomedLook((DOOM_STOP + 1) / 2);
    expect(mid.travel).toBe(DOOM_STOP);
    expect(mid.crossed).toBe(true);
    expect(mid.opacity).toBeLessThan(1);
    expect(doomedLook(1).opacity).toBeCloseTo(0.15);
  });
  it('never reach the receiver', () => {
    const layout = ringLayout(['n1', 'n2', 'n3'], { width: 800, height: 600 });
    const v = flightModel([msg({ doomed: true })], { layout, t: 200 })[0];
    const to = layout.byId.get('n2')!;
    expect(Math.hypot(v.x - to.x, v.y - to.y)).toBeGreaterThan(layout.outerRadius * 2);
  });
});

describe('flightModel', () => {
  const layout = ringLayout(['n1', 'n2', 'n3', 'n4'], { width: 1024, height: 768, presenter: true });
  it('draws the distress big, labelled MAYDAY, in the middle of its path', () => {
    const [hb, d] = flightModel([msg({ id: 1 }), msg({ id: 2, type: 'distress', to: 'n3' })], {
      layout,
      t: 150,
    });
    expect(d.kind).toBe('distress');
    expect(d.label).toBe('MAYDAY');
    expect(d.size).toBeGreaterThan(hb.size * 2.5);
    const from = layout.byId.get('n1')!;
    const to = layout.byId.get('n3')!;
    expect(d.x).toBeCloseTo((from.x + to.x) / 2, 0);
    expect(d.y).toBeCloseTo((from.y + to.y) / 2, 0);
  });
  it('skips messages between unknown nodes', () => {
    expect(flightModel([msg({ to: 'n9' })], { layout, t: 150 })).toEqual([]);
  });
  it('computes 300 flights among 64 nodes well inside a frame', () => {
    const ids = Array.from({ length: 64 }, (_, i) => `n${i + 1}`);
    const big = ringLayout(ids, { width: 1280, height: 720 });
    const ms = Array.from({ length: 300 }, (_, i) =>
      msg({
        id: i,
        from: ids[i % 64],
        to: ids[(i * 7 + 1) % 64],
        type: i % 50 ? 'heartbeat' : 'distress',
        doomed: i % 9 === 0,
      }),
    );
    flightModel(ms, { layout: big, t: 150 });
    const t0 = performance.now();
    for (let k = 0; k < 50; k++) flightModel(ms, { layout: big, t: 100 + k });
    // A guard against gross regressions only: one 60 Hz frame, loose enough for a busy CI machine.
    expect((performance.now() - t0) / 50).toBeLessThan(16.7);
  });
});
