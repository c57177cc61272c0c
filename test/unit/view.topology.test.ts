import { select } from 'd3-selection';
import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot, NodeSnapshot } from '../../src/core/snapshot.ts';
import { belowLabelBox, boxesOverlap, discBoxOverlap, ringLayout } from '../../src/view/ringLayout.ts';
import {
  ADMIN_ANGLE,
  BELIEF_ANGLE,
  ROLE_ANGLES,
  WRONG_ANGLE,
  badgeSpot,
  captionPlacement,
  render,
  topologyModel,
} from '../../src/view/topology.ts';

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

function cluster(n: number, t = 2000): ClusterSnapshot {
  const ids = Array.from({ length: n }, (_, i) => `n${i + 1}`);
  const nodes = ids.map((id, i) => node(id, { watching: [ids[(i + 1) % n], ids[(i + n - 1) % n]] }));
  nodes[0].roles = { db: 'primary' };
  nodes[1].roles = { db: 'backup' };
  nodes[2].roles = { db: 'backup' };
  nodes[0].truth = 'alive';
  nodes[0].lifecycle = 'impendingFailure.sendingDistressAsync';
  nodes[0].sendingNow = true;
  nodes[0].sendPath = 'async';
  nodes[0].impending = {
    failure: 'power-loss-battery',
    detectedAt: 1000,
    deathAt: 5000,
    mode: 'async',
    distressLeavesAt: 1001,
    shutdownDoneAt: 4000,
  };
  nodes[1].beliefs = { n3: 'failed', n4: 'partitioned' };
  nodes[3].truth = 'dead';
  return {
    t,
    nodes,
    resources: [{ name: 'db', acting: ['n1'], order: ['n1', 'n2', 'n3'] }],
    messages: [],
    network: { groups: null, cuts: [] },
    adminPending: ['n4'],
  };
}

describe('topologyModel', () => {
  const snap = cluster(5);
  const layout = ringLayout(
    snap.nodes.map((n) => n.id),
    { width: 1024, height: 768, presenter: true },
  );
  const model = topologyModel(snap, { layout, selected: 'n2' });
  const byId = new Map(model.nodes.map((v) => [v.id, v]));

  it('draws truth with colour, shape and words', () => {
    expect(byId.get('n1')).toMatchObject({
      state: 'distress',
      color: 'distress',
      shape: 'diamond',
      status: 'MAYDAY!',
    });
    expect(byId.get('n4')).toMatchObject({ state: 'dead', shape: 'cross', status: 'DEAD' });
    expect(byId.get('n2')?.status).toBe('BACKUP 1 · db');
    expect(byId.get('n3')?.status).toBe('BACKUP 2 · db');
  });
  it('shows role badges, primary as a star', () => {
    expect(byId.get('n1')?.badges.map((b) => [b.text, b.shape])).toEqual([['★', 'star']]);
    expect(byId.get('n3')?.badges.map((b) => b.text)).toEqual(['b2']);
  });
  it("marks the selected node's wrong beliefs", () => {
    expect(byId.get('n2')?.selected).toBe(true);
    expect(byId.get('n2')?.belief).toBeNull();
    expect(byId.get('n3')?.belief).toMatchObject({ label: 'FAILED', wrong: true, holder: 'n2' });
    expect(byId.get('n4')?.belief).toMatchObject({ label: 'PARTITIONED?', wrong: true });
    // A right 'alive' belief is the default and gets no badge (it would be on every node).
    expect(byId.get('n5')?.belief).toBeNull();
    expect(byId.get('n3')?.aria).toContain('n2 believes it failed (wrong)');
  });
  it('hides the truth on demand, drawing peers as the selected node believes them', () => {
    const hidden = topologyModel(snap, { layout, selected: 'n2', showTruth: false });
    const h = new Map(hidden.nodes.map((v) => [v.id, v]));
    expect(h.get('n4')?.status).toBe('PARTITIONED?');
    expect(h.get('n3')?.status).toBe('FAILED');
    expect(h.get('n3')?.state).toBe('dead');
    expect(h.get('n1')?.arc).toBeNull();
    expect(h.get('n1')?.caption).toBeNull();
    expect(h.get('n2')?.status).toBe('BACKUP 1 · db');
    const none = topologyModel(snap, { layout, showTruth: false });
    expect(none.nodes.every((v) => v.state === 'unknown')).toBe(true);
  });
  it('draws the time-to-death arc and the path caption at the failing node', () => {
    expect(byId.get('n1')?.arc).toBeCloseTo(0.75);
    expect(byId.get('n1')?.caption?.lines[0]).toBe('ASYNC → distress task,');
    expect(byId.get('n2')?.arc).toBeNull();
  });
  it('flags nodes waiting for an administrator, and names them for screen readers', () => {
    expect(byId.get('n4')?.adminPending).toBe(true);
    expect(byId.get('n1')?.aria.startsWith('n1: sending distress')).toBe(true);
  });
  it('keeps one edge per ring pair, trimmed to the rims', () => {
    expect(model.edges).toHaveLength(5);
    const e = model.edges.find((x) => x.key === 'n1|n2')!;
    const a = layout.byId.get('n1')!;
    expect(Math.hypot(e.x1 - a.x, e.y1 - a.y)).toBeCloseTo(layout.outerRadius);
  });
  it('changes a node signature only when what it shows changes', () => {
    const later = topologyModel({ ...snap, t: 2500 }, { layout, t: 2500, selected: 'n2' });
    const l = new Map(later.nodes.map((v) => [v.id, v]));
    expect(l.get('n3')?.sig).toBe(byId.get('n3')?.sig);
    expect(l.get('n1')?.arc).not.toBe(byId.get('n1')?.arc);
  });
  it('keeps badges inside the node outer radius, and apart from each other', () => {
    const angles = [...ROLE_ANGLES, BELIEF_ANGLE, WRONG_ANGLE, ADMIN_ANGLE];
    const spots = angles.map((a) => badgeSpot(layout, a));
    for (const s of spots) expect(Math.hypot(s.x, s.y) + s.r).toBeLessThanOrEqual(layout.outerRadius + 1e-9);
    for (let i = 0; i < spots.length; i++) {
      for (let j = i + 1; j < spots.length; j++) {
        const [a, b] = [spots[i], spots[j]];
        expect(Math.hypot(a.x - b.x, a.y - b.y), `${angles[i]} / ${angles[j]}`).toBeGreaterThanOrEqual(
          a.r + b.r,
        );
      }
    }
  });
  it('places the caption toward the ring centre, clear of every node and label', () => {
    const lines = ['ASYNC → distress task,', 'shutdown continues (3.0 s)'];
    for (const n of [3, 5, 8]) {
      for (const [w, h] of [
        [1024, 768],
        [1280, 720],
      ]) {
        const l = ringLayout(
          Array.from({ length: n }, (_, i) => `n${i + 1}`),
          { width: w, height: h, presenter: true },
        );
        for (const p of l.nodes) {
          const c = captionPlacement(p, l, lines);
          expect(
            Math.hypot(l.cx - (c.box.x + c.box.width / 2), l.cy - (c.box.y + c.box.height / 2)),
          ).toBeLessThan(Math.hypot(l.cx - p.x, l.cy - p.y));
          for (const q of l.nodes) {
            expect(
              discBoxOverlap(q.x, q.y, l.outerRadius, c.box),
              `${n}@${w}: ${p.id} caption on ${q.id}`,
            ).toBe(false);
            expect(
              boxesOverlap(belowLabelBox(q, l), c.box),
              `${n}@${w}: ${p.id} caption on ${q.id}'s label`,
            ).toBe(false);
          }
        }
      }
    }
  });
  it('builds the model of 64 nodes in well under a frame', () => {
    const big = cluster(64);
    const l64 = ringLayout(
      big.nodes.map((n) => n.id),
      { width: 1280, height: 720 },
    );
    topologyModel(big, { layout: l64, selected: 'n2' });
    const t0 = performance.now();
    for (let k = 0; k < 50; k++) topologyModel({ ...big, t: 2000 + k }, { layout: l64, selected: 'n2' });
    // A guard against gross regressions only: one 60 Hz frame, loose enough for a busy CI machine.
    expect((performance.now() - t0) / 50).toBeLessThan(16.7);
  });
});

describe('render API types', () => {
  it('accepts what select(svgGElement) returns (type-level check)', () => {
    // Never called: tsc checks that the lead can pass `select(g)` from a Svelte component straight in.
    const wire = (g: SVGGElement, snap: ClusterSnapshot, layout: ReturnType<typeof ringLayout>): void =>
      render(select(g), snap, { layout });
    expect(typeof wire).toBe('function');
  });
});
