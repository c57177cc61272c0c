// Dense traffic in the space-time diagram: routine lines batched for the canvas, the distress kept
// out of the batches (it stays an SVG line on top), lines on the same pixels drawn once.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/core/types.ts';
import { spaceTimeModel, strokeBatches } from '../../src/view/spaceTime.ts';

const nodes = Array.from({ length: 64 }, (_, i) => `n${i + 1}`);

/** A primary renewing with every peer every 10 ms, every peer acking, for the last 2 s of 10. */
function renewals(): TraceEvent[] {
  const out: TraceEvent[] = [];
  let id = 0;
  for (let t = 8000; t < 10_000; t += 10) {
    for (const peer of nodes.slice(1)) {
      out.push({
        t,
        kind: 'msg.sent',
        id: ++id,
        from: 'n1',
        to: peer,
        type: 'lease.renew',
        deliverAt: t + 2,
      });
      out.push({
        t: t + 2,
        kind: 'msg.sent',
        id: ++id,
        from: peer,
        to: 'n1',
        type: 'lease.ack',
        deliverAt: t + 4,
      });
    }
  }
  out.push({ t: 9000, kind: 'msg.sent', id: ++id, from: 'n5', to: 'n9', type: 'distress', deliverAt: 9003 });
  return out.sort((a, b) => a.t - b.t);
}

describe('space-time strokes for the canvas', () => {
  const m = spaceTimeModel(renewals(), { width: 600, height: 200, t: 10_000, windowMs: 10_000, nodes });

  it('leaves the distress out of the batches: it is drawn on its own, on top', () => {
    const batches = strokeBatches(m.segments);
    expect(m.segments.some((s) => s.kind === 'distress')).toBe(true);
    expect(batches.every((b) => b.kind !== 'distress')).toBe(true);
    const routine = m.segments.filter((s) => s.kind !== 'distress').length;
    expect(batches.reduce((n, b) => n + b.count, 0)).toBe(routine);
  });

  it('draws lines that land on the same pixels once', () => {
    const [lease] = strokeBatches(m.segments);
    // 25,200 messages, ~1.7 renewal rounds per pixel column: many share their pixels.
    expect(lease.count).toBe(25_200);
    expect(lease.lines.length / 4).toBeLessThan(lease.count * 0.8);
    const keys = new Set<string>();
    for (let i = 0; i < lease.lines.length; i += 4) keys.add(lease.lines.slice(i, i + 4).join(','));
    expect(keys.size).toBe(lease.lines.length / 4);
  });

  it('puts heartbeats underneath the protocol lines', () => {
    const sent = (id: number, t: number, type: string, to: string): TraceEvent =>
      ({ t, kind: 'msg.sent', id, from: 'n1', to, type, deliverAt: t + 3 }) as TraceEvent;
    const mixed = spaceTimeModel([sent(1, 100, 'lease.renew', 'n2'), sent(2, 200, 'heartbeat', 'n3')], {
      width: 600,
      height: 200,
      t: 1000,
      windowMs: 1000,
      nodes,
    });
    expect(strokeBatches(mixed.segments).map((b) => b.kind)).toEqual(['heartbeat', 'lease']);
  });
});
