// A comparison in a link: the scenario and both runs' changes come back; a damaged link says so.
import { describe, expect, it } from 'vitest';
import { compareHash, isCompareHash, parseCompareHash } from '../../src/core/compareUrl.ts';
import { parseScenario } from '../../src/core/scenario.ts';

const r = parseScenario({
  version: 1,
  seed: 9,
  nodes: 4,
  resources: [{ name: 'db', primary: 'n1', backups: ['n2'] }],
  durationMs: 20_000,
});
if (!r.ok) throw new Error(r.errors.join());
const scenario = r.scenario;

describe('compare links', () => {
  it('round-trips the scenario and the settings of both runs', () => {
    const hash = compareHash(
      scenario,
      [{ path: 'policy', value: 'manual' }],
      [
        { path: 'policy', value: 'quorum' },
        { path: 'network.latencyMs', value: [2, 9] },
      ],
    );
    expect(isCompareHash(hash)).toBe(true);
    const back = parseCompareHash(hash);
    expect(back.errors).toEqual([]);
    expect(back.scenario).toEqual(scenario);
    expect(back.base).toEqual([{ path: 'policy', value: 'manual' }]);
    expect(back.set).toEqual([
      { path: 'policy', value: 'quorum' },
      { path: 'network.latencyMs', value: [2, 9] },
    ]);
  });

  it('a damaged link names what is wrong', () => {
    expect(parseCompareHash('#/compare?s=garbage').errors[0]).toMatch(/damaged/);
    expect(parseCompareHash('#/compare?set=%E0%A4%A').errors[0]).toMatch(/damaged/);
    expect(parseCompareHash('#/compare?set=distress').errors[0]).toMatch(/not PATH=VALUE/);
    expect(parseCompareHash('#/compare')).toEqual({ scenario: null, base: [], set: [], errors: [] });
    expect(isCompareHash('#s=abc')).toBe(false);
  });
});
