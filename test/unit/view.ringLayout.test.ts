import { describe, expect, it } from 'vitest';
import {
  belowLabelBox,
  labelAnchor,
  layoutCollisions,
  ringEdges,
  ringLayout,
  trimSegment,
} from '../../src/view/ringLayout.ts';
import type { NodeSnapshot } from '../../src/core/snapshot.ts';

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `n${i + 1}`);
const sizes = [
  [1024, 768],
  [1280, 720],
] as const;

describe('ringLayout', () => {
  for (const [w, h] of sizes) {
    for (const presenter of [false, true]) {
      for (const n of [3, 5, 8, 12, 16, 24, 32, 48, 64]) {
        it(`${n} nodes in ${w}×${h}${presenter ? ' (presenter)' : ''}: nothing overlaps or leaves the drawing`, () => {
          const layout = ringLayout(ids(n), { width: w, height: h, presenter });
          expect(layoutCollisions(layout)).toEqual([]);
          // The explicit check the brief asks for: no two node discs overlap.
          for (let i = 0; i < n; i++) {
            for (let j = i + 1; j < n; j++) {
              const a = layout.nodes[i];
              const b = layout.nodes[j];
              expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThanOrEqual(2 * layout.outerRadius);
            }
          }
          expect(layout.nodeRadius).toBeGreaterThan(4);
        });
      }
    }
  }

  it('keeps labels at ≥ 28 px in presenter mode at 1024×768 for up to 8 nodes', () => {
    for (const n of [3, 4, 5, 6, 7, 8]) {
      const layout = ringLayout(ids(n), { width: 1024, height: 768, presenter: true });
      expect(layout.labelMode).toBe('below');
      expect(layout.statusFontSize).toBeGreaterThanOrEqual(28);
      expect(layout.idFontSize).toBeGreaterThanOrEqual(28);
    }
  });

  it('shrinks labels gracefully as nodes are added, switching to radial labels', () => {
    const fonts = [3, 8, 16, 32, 64].map((n) =>
      ringLayout(ids(n), { width: 1024, height: 768, presenter: true }),
    );
    for (let i = 1; i < fonts.length; i++) {
      expect(fonts[i].statusFontSize).toBeLessThanOrEqual(fonts[i - 1].statusFontSize);
    }
    const at64 = fonts[fonts.length - 1];
    expect(at64.labelMode).toBe('radial');
    expect(at64.statusFontSize).toBeGreaterThanOrEqual(10);
  });

  it('fills the space: the ring grows with the drawing', () => {
    const small = ringLayout(ids(5), { width: 640, height: 480 });
    const big = ringLayout(ids(5), { width: 1920, height: 1080 });
    expect(big.radius).toBeGreaterThan(small.radius * 1.8);
  });

  it('puts node 0 at the top and goes clockwise', () => {
    const layout = ringLayout(ids(4), { width: 800, height: 800 });
    const [a, b] = layout.nodes;
    expect(a.x).toBeCloseTo(layout.cx);
    expect(a.y).toBeLessThan(layout.cy);
    expect(b.x).toBeGreaterThan(layout.cx);
  });

  it('writes radial labels left to right on both sides of the ring', () => {
    const layout = ringLayout(ids(64), { width: 1024, height: 768 });
    for (const p of layout.nodes) {
      const a = labelAnchor(p, layout);
      expect(Math.abs((((a.rotate % 360) + 540) % 360) - 180)).toBeLessThanOrEqual(90.001);
      expect(a.anchor).toBe(Math.cos(p.angle) < -1e-9 ? 'end' : 'start');
    }
  });

  it('puts "below" labels under their node', () => {
    const layout = ringLayout(ids(5), { width: 1024, height: 768, presenter: true });
    const p = layout.nodes[2];
    const box = belowLabelBox(p, layout);
    expect(box.y).toBeGreaterThan(p.y + layout.nodeRadius);
    expect(box.x + box.width / 2).toBeCloseTo(p.x);
  });

  it('has one edge per watched pair; severed across groups and cuts', () => {
    const node = (id: string, watching: string[], group: number | null): NodeSnapshot => ({
      id,
      truth: 'alive',
      group,
      lifecycle: 'healthy',
      sendingNow: false,
      sendPath: null,
      lostQuorum: false,
      incarnation: 1,
      roles: {},
      beliefs: {},
      watching,
      impending: null,
    });
    const nodes = [node('n1', ['n2', 'n3'], 0), node('n2', ['n1', 'n3'], 0), node('n3', ['n1', 'n2'], 1)];
    const edges = ringEdges({ nodes, network: { groups: [['n1', 'n2'], ['n3']], cuts: [['n1', 'n2']] } });
    expect(edges.map((e) => e.key).sort()).toEqual(['n1|n2', 'n1|n3', 'n2|n3']);
    const byKey = new Map(edges.map((e) => [e.key, e]));
    expect(byKey.get('n1|n2')).toMatchObject({ severed: true, oneWay: true });
    expect(byKey.get('n1|n3')).toMatchObject({ severed: true, oneWay: false });
    expect(byKey.get('n2|n3')?.severed).toBe(true);
  });

  it('trims segments to the rims, and collapses when the discs touch', () => {
    const s = trimSegment({ x: 0, y: 0 }, { x: 100, y: 0 }, 10, 20);
    expect(s).toEqual({ x1: 10, y1: 0, x2: 80, y2: 0 });
    const c = trimSegment({ x: 0, y: 0 }, { x: 10, y: 0 }, 10, 10);
    expect(c.x1).toBe(c.x2);
  });

  it('never gives a negative radius, even in a panel too small for any text', () => {
    for (const size of [
      { width: 0, height: 0 },
      { width: 40, height: 30 },
      { width: 120, height: 60 },
    ]) {
      const layout = ringLayout(ids(8), size);
      expect(layout.radius).toBeGreaterThanOrEqual(0);
      expect(layout.outerRadius).toBeGreaterThanOrEqual(1);
      expect(layout.nodeRadius).toBeGreaterThan(0);
    }
  });
});
