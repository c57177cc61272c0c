// Random fault schedules for the property runs: a seeded cluster, policy and list of faults.
import { CATALOGUE } from '../../src/core/catalogue.ts';
import { createRng } from '../../src/core/rng.ts';
import type { Policy } from '../../src/core/types.ts';

export interface ScheduleOptions {
  policy: Policy;
  /** Administrator actions are left out: marking a live node failed causes split brain by design. */
  admin?: boolean;
  demoteBeforeSend?: boolean;
  /**
   * A bigger cluster (9–17 nodes) with three resources on three different primaries: big enough that
   * a primary renews its lease with a majority, not with everyone.
   */
  threePrimaries?: boolean;
}

const TYPES = [...CATALOGUE.map((e) => e.type).filter((t) => t !== 'crash' && t !== 'pause'), 'cosmic-ray'];

/** A raw scenario object (DESIGN §4.1) for `seed`; parse it with parseScenario. */
export function randomSchedule(seed: number, opts: ScheduleOptions): Record<string, unknown> {
  const rng = createRng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)];
  const n = opts.threePrimaries ? 9 + rng.int(9) : 3 + rng.int(5);
  const nodes = Array.from({ length: n }, (_, i) => `n${i + 1}`);
  const resources = opts.threePrimaries
    ? threeOnThree(nodes, rng.next)
    : Array.from({ length: 1 + rng.int(3) }, (_, k) => {
        const order = [...nodes].sort(() => rng.next() - 0.5).slice(0, Math.min(n, 2 + rng.int(3)));
        return { name: `r${k + 1}`, primary: order[0], backups: order.slice(1) };
      });
  const durationMs = 60_000;
  const events: Record<string, unknown>[] = [];
  const count = 2 + rng.int(9);
  for (let k = 0; k < count; k++) {
    const at = Math.round(rng.between(1000, durationMs - 5000));
    const node = pick(nodes);
    const roll = rng.int(opts.admin ? 12 : 11);
    if (roll === 0 || roll === 1) {
      const type = pick(TYPES);
      const warningMs = rng.chance(0.5) ? Math.round(rng.between(0, 40)) : Math.round(rng.between(0, 8000));
      events.push({ at, kind: 'failure', node, type, warningMs });
    } else if (roll === 2) events.push({ at, kind: 'crash', node });
    else if (roll === 3) events.push({ at, kind: 'pause', node, ms: Math.round(rng.between(100, 12_000)) });
    else if (roll === 4 || roll === 5) {
      const shuffled = [...nodes].sort(() => rng.next() - 0.5);
      const cutAt = 1 + rng.int(n - 1);
      events.push({ at, kind: 'partition', groups: [shuffled.slice(0, cutAt), shuffled.slice(cutAt)] });
    } else if (roll === 6) {
      const to = nodes.filter((x) => x !== node && rng.chance(0.5));
      if (to.length > 0) events.push({ at, kind: 'cut', from: node, to });
    } else if (roll === 7) events.push({ at, kind: 'heal' });
    else if (roll === 8) events.push({ at, kind: 'recover', node });
    else if (roll === 9) events.push({ at, kind: 'rejoin', node });
    else if (roll === 10) {
      const claim = pick(nodes.filter((x) => x !== node));
      events.push({ at, kind: 'forge-distress', from: node, claim, replay: rng.chance(0.5) });
    } else events.push({ at, kind: 'admin', action: 'mark-failed', node });
  }
  // Recoveries and rejoins late in the run, so nodes come back and the "offline until rejoin" rule is exercised.
  for (const node of nodes) {
    if (rng.chance(0.3)) {
      const at = Math.round(rng.between(20_000, durationMs - 2000));
      events.push({ at, kind: 'recover', node }, { at: at + 500, kind: 'rejoin', node });
    }
  }
  return {
    version: 1,
    seed,
    nodes,
    resources,
    policy: opts.policy,
    distress: rng.chance(0.85),
    options: {
      preformed: rng.chance(0.8),
      mode: pick(['auto', 'auto', 'sync', 'async'] as const),
      demoteBeforeSend: opts.demoteBeforeSend ?? true,
    },
    heartbeat: { intervalMs: 1000, timeoutMs: pick([2000, 3000, 4000]) },
    network: {
      latencyMs: [rng.between(0, 3), 3 + rng.between(0, 20)],
      loss: rng.chance(0.5) ? 0 : rng.between(0, 0.2),
      duplicate: rng.chance(0.7) ? 0 : rng.between(0, 0.1),
      reorder: rng.chance(0.7) ? 0 : rng.between(0, 0.2),
    },
    durationMs,
    events,
  };
}

/** Three resources, each primary a different node, each with two or three backups. */
function threeOnThree(
  nodes: readonly string[],
  random: () => number,
): { name: string; primary: string; backups: string[] }[] {
  const shuffled = [...nodes].sort(() => random() - 0.5);
  return [0, 1, 2].map((k) => {
    const others = shuffled.filter((_, i) => i !== k).sort(() => random() - 0.5);
    return {
      name: `r${k + 1}`,
      primary: shuffled[k],
      backups: others.slice(0, 2 + Math.floor(random() * 2)),
    };
  });
}
