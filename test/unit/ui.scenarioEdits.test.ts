// Edits of the running scenario go through the core's parser: nothing the CLI would refuse runs.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/core/scenario.ts';
import type { Scenario } from '../../src/core/types.ts';
import { nodeActions } from '../../src/ui/lab/nodeActions.ts';
import {
  addNode,
  nextNodeName,
  removeNode,
  setNodeCount,
  setPreset,
  setResources,
  withActions,
} from '../../src/ui/lab/scenarioEdits.ts';
import { decodeScenarioHash, encodeScenarioHash } from '../../src/ui/lab/shareHash.ts';
import { validateMs, validateName, validateNumber } from '../../src/ui/lab/validate.ts';
import { Simulation } from '../../src/runtime/simulation.ts';

function scenario(extra: Record<string, unknown> = {}): Scenario {
  const r = parseScenario({
    version: 1,
    seed: 3,
    nodes: 5,
    resources: [{ name: 'db', primary: 'n1', backups: ['n2', 'n3'] }],
    durationMs: 10_000,
    ...extra,
  });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.scenario;
}

describe('scenario edits', () => {
  it('adds nodes at the end of the ring and removes one with everything that names it', () => {
    expect(nextNodeName(['n1', 'n2', 'n7'])).toBe('n8');
    const s = scenario({
      events: [
        { at: 1, kind: 'crash', node: 'n1' },
        { at: 2, kind: 'cut', from: 'n2', to: ['n1', 'n4'] },
        { at: 3, kind: 'partition', groups: [['n1'], ['n2', 'n3', 'n4', 'n5']] },
      ],
    });
    const added = addNode(s);
    expect(added.ok && added.scenario.nodes.at(-1)).toBe('n6');
    const r = removeNode(s, 'n1');
    if (!r.ok) throw new Error(r.errors.join());
    expect(r.scenario.resources).toEqual([{ name: 'db', primary: 'n2', backups: ['n3'] }]);
    // The crash is gone, the cut keeps n4, the partition would have one group left: gone.
    expect(r.scenario.events).toEqual([{ at: 2, kind: 'cut', from: 'n2', to: ['n4'] }]);
    expect(r.note).toBe('2 events about n1 dropped');
  });

  it('refuses to leave a resource without a node, or the cluster below 3 nodes', () => {
    const s = scenario({ resources: [{ name: 'db', primary: 'n1', backups: [] }] });
    const r = removeNode(s, 'n1');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]).toMatch(/only node for db/);
    const snap = new Simulation(s, { trackInFlight: true }).snapshot();
    expect(nodeActions(snap.nodes[0], snap, s).remove).toEqual({
      enabled: false,
      reason: 'n1 is the only node for db: give db a backup first',
    });
    const three = scenario({ nodes: 3, resources: [{ name: 'db', primary: 'n1', backups: ['n2'] }] });
    expect(removeNode(three, 'n3').ok).toBe(false);
  });

  it('sets the cluster size from 3 to 256 (the one node limit), keeping nodes that hold a resource alone', () => {
    const s = scenario({ resources: [{ name: 'db', primary: 'n5', backups: [] }] });
    const r = setNodeCount(s, 3);
    expect(r.ok && r.scenario.nodes).toEqual(['n1', 'n2', 'n5']);
    const big = setNodeCount(s, 256);
    expect(big.ok && big.scenario.nodes.length).toBe(256);
    expect(setNodeCount(s, 257).ok).toBe(false);
    expect(setNodeCount(s, 2.5).ok).toBe(false);
  });

  it('validates resources with the core messages (naming the field)', () => {
    const s = scenario();
    const bad = setResources(s, [{ name: 'db', primary: 'n9', backups: [] }]);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.join()).toMatch(/resources\[0\]\.primary/);
    expect(
      setResources(s, [
        { name: 'db', primary: 'n1', backups: [] },
        { name: 'db', primary: 'n2', backups: [] },
      ]).ok,
    ).toBe(false);
  });

  it('applies a preset as the policy and detector timings of the real system', () => {
    const r = setPreset(scenario(), 'ibm-i');
    expect(
      r.ok && [r.scenario.policy, r.scenario.heartbeat.intervalMs, r.scenario.heartbeat.timeoutMs],
    ).toEqual(['manual', 3000, 12_000]);
  });

  it('merges actions after the file events at the same time (stable, like the parser)', () => {
    const s = scenario({ events: [{ at: 500, kind: 'crash', node: 'n4' }] });
    const merged = withActions(s, [
      { at: 500, kind: 'crash', node: 'n5' },
      { at: 100, kind: 'heal' },
    ]);
    expect(merged.events.map((e) => e.at + e.kind + ('node' in e ? e.node : ''))).toEqual([
      '100heal',
      '500crashn4',
      '500crashn5',
    ]);
  });
});

describe('share link', () => {
  it('round-trips the scenario, its seed and an administrator answer', () => {
    const s = scenario({
      seed: 1234,
      policy: 'aggressive',
      events: [{ at: 5, kind: 'admin', action: 'keep-waiting', node: 'n2' }],
    });
    const hash = encodeScenarioHash(s);
    expect(hash.startsWith('#s=')).toBe(true);
    const back = decodeScenarioHash(hash);
    expect(back?.ok && back.scenario).toEqual(s);
  });

  it('refuses a damaged link with a reason, and ignores an ordinary hash', () => {
    expect(decodeScenarioHash('#about')).toBeNull();
    const r = decodeScenarioHash('#s=%%%garbage');
    expect(r?.ok).toBe(false);
    const wrong = decodeScenarioHash(encodeScenarioHash(scenario()).replace('#s=', '#s=N4Ig'));
    expect(wrong?.ok).toBe(false);
  });
});

describe('form checks', () => {
  it('names the field and the rule', () => {
    expect(validateNumber('', 'Cluster size')).toBe('Cluster size: enter a number.');
    expect(validateNumber('70', 'Cluster size', { min: 3, max: 64 })).toBe(
      'Cluster size: must be from 3 to 64.',
    );
    expect(validateNumber('3.5', 'Seed', { integer: true })).toBe('Seed: must be a whole number.');
    expect(validateMs('-1', 'Warning')).toBe('Warning (ms): must be at least 0.');
    expect(validateName('web server', 'Resource 1 name')).toMatch(/letters, digits/);
    expect(validateMs('16', 'Warning')).toBe('');
  });
});
