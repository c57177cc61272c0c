import { describe, expect, it } from 'vitest';
import {
  edgeGeometry,
  isActive,
  parentOf,
  statechartModel,
  type StatechartData,
} from '../../src/view/statechart.ts';

const data: StatechartData = {
  states: [
    { id: 'healthy' },
    { id: 'paused' },
    { id: 'impendingFailure' },
    { id: 'impendingFailure.classifying' },
    { id: 'impendingFailure.sendingDistressSync' },
    { id: 'impendingFailure.sendingDistressAsync' },
    { id: 'distressSent' },
    { id: 'fenced' },
    { id: 'dead' },
    { id: 'offline' },
  ],
  edges: [
    { from: 'healthy', to: 'impendingFailure', label: 'failure.imminent' },
    { from: 'healthy', to: 'paused', label: 'node.pause' },
    { from: 'paused', to: 'healthy', label: 'node.resume' },
    { from: 'impendingFailure.classifying', to: 'impendingFailure.sendingDistressSync' },
    { from: 'impendingFailure.classifying', to: 'impendingFailure.sendingDistressAsync' },
    { from: 'impendingFailure.sendingDistressSync', to: 'distressSent' },
    { from: 'impendingFailure.sendingDistressAsync', to: 'distressSent' },
    { from: 'distressSent', to: 'fenced' },
    { from: 'fenced', to: 'dead', label: 'power.lost' },
    { from: 'dead', to: 'offline', label: 'node.recover' },
    { from: 'offline', to: 'healthy', label: 'node.rejoin' },
  ],
  current: 'impendingFailure.sendingDistressAsync',
};

describe('statechart', () => {
  it('finds parents of dotted ids and highlights the current state with its ancestors', () => {
    const ids = new Set(data.states.map((s) => s.id));
    expect(parentOf('impendingFailure.classifying', ids)).toBe('impendingFailure');
    expect(parentOf('healthy', ids)).toBeNull();
    expect(isActive('impendingFailure', data.current)).toBe(true);
    expect(isActive('impendingFailure.sendingDistressAsync', data.current)).toBe(true);
    expect(isActive('impendingFailure.sendingDistressSync', data.current)).toBe(false);
    expect(isActive('impending', data.current)).toBe(false);
  });
  it('lays the story out left to right, children inside their parent', () => {
    const m = statechartModel(data, { width: 900, height: 300 });
    const box = new Map(m.boxes.map((b) => [b.id, b]));
    const x = (id: string): number => box.get(id)!.x;
    expect(x('healthy')).toBeLessThan(x('impendingFailure'));
    expect(x('impendingFailure')).toBeLessThan(x('distressSent'));
    expect(x('distressSent')).toBeLessThan(x('fenced'));
    expect(x('fenced')).toBeLessThan(x('dead'));
    const parent = box.get('impendingFailure')!;
    for (const c of m.boxes.filter((b) => b.parent === 'impendingFailure')) {
      expect(c.x).toBeGreaterThanOrEqual(parent.x);
      expect(c.x + c.width).toBeLessThanOrEqual(parent.x + parent.width);
      expect(c.y).toBeGreaterThanOrEqual(parent.y);
      expect(c.y + c.height).toBeLessThanOrEqual(parent.y + parent.height);
    }
    expect(m.boxes.filter((b) => b.active).map((b) => b.id)).toEqual([
      'impendingFailure',
      'impendingFailure.sendingDistressAsync',
    ]);
  });
  it('does not let top-level boxes overlap', () => {
    const m = statechartModel(data, { width: 900, height: 300 });
    const tops = m.boxes.filter((b) => !b.parent);
    for (let i = 0; i < tops.length; i++) {
      for (let j = i + 1; j < tops.length; j++) {
        const a = tops[i];
        const b = tops[j];
        const apart =
          a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart, `${a.id} / ${b.id}`).toBe(true);
      }
    }
  });
  it('fits the drawing into the space given', () => {
    const m = statechartModel(data, { width: 600, height: 200 });
    const w = Math.max(...m.boxes.map((b) => b.x + b.width)) * m.scale;
    expect(w).toBeLessThanOrEqual(600);
  });
  it('marks edges leaving the current state as next steps', () => {
    const m = statechartModel(data, { width: 900, height: 300 });
    expect(m.edges.filter((e) => e.next).map((e) => e.key.split('|')[1])).toEqual([
      'impendingFailure.sendingDistressAsync>distressSent',
    ]);
  });
  it('routes forward edges right and backward edges below', () => {
    const a = { x: 0, y: 0, width: 50, height: 20 };
    const b = { x: 100, y: 0, width: 50, height: 20 };
    expect(edgeGeometry(a, b).arrow).toEqual({ x: 100, y: 10, angle: 0 });
    const back = edgeGeometry(b, a);
    expect(back.arrow.angle).toBe(-90);
    expect(back.labelY).toBeGreaterThan(20);
  });
});
