// What may be done to a node right now, and when not, why: one list, read from the node's snapshot.
// Simulation.act follows it, the Lab's node menu shows it (a disabled button says why), and
// `cli run` reports the scenario events it refused with the same words.
import type { ClusterSnapshot, NodeSnapshot } from '../core/snapshot.ts';

export type NodeAction = 'failure' | 'crash' | 'pause' | 'recover' | 'rejoin' | 'isolate';

export interface Allowed {
  ok: boolean;
  /** Why not, as a sentence about the node (empty when allowed). */
  reason: string;
}

const yes: Allowed = { ok: true, reason: '' };
const no = (reason: string): Allowed => ({ ok: false, reason });

type NodeFacts = Pick<NodeSnapshot, 'id' | 'truth' | 'impending'>;

export function allowedActions(
  node: NodeFacts,
  network: ClusterSnapshot['network'] = { groups: null, cuts: [] },
): Record<NodeAction, Allowed> {
  const id = node.id;
  const dead = node.truth === 'dead';
  const alone = network.groups?.some((g) => g.length === 1 && g[0] === id) ?? false;
  return {
    // A second failure while one is coming is allowed: the earlier death wins, the distress goes on.
    failure: dead ? no(`${id} is dead: recover it first`) : yes,
    crash: dead ? no(`${id} is already dead`) : yes,
    pause: dead ? no(`${id} is dead`) : node.truth === 'paused' ? no(`${id} is already paused`) : yes,
    recover: dead ? yes : no(`${id} is not dead (it is ${truthWord(node)})`),
    rejoin:
      node.truth === 'offline'
        ? yes
        : dead
          ? no(`${id} is dead: recover it first, then rejoin`)
          : no(`${id} is not offline (it is ${truthWord(node)}): only a recovered or evicted node rejoins`),
    isolate: alone ? no(`${id} is already alone in its group`) : yes,
  };
}

/** Ground truth in words: what the other nodes cannot see. */
export function truthWord(node: Pick<NodeSnapshot, 'truth' | 'impending'>): string {
  switch (node.truth) {
    case 'alive':
      return node.impending ? 'alive, failing' : 'alive';
    case 'dead':
      return 'dead';
    case 'paused':
      return 'paused';
    case 'fenced':
      return 'fenced (left the cluster)';
    case 'offline':
      return 'offline (recovered, not rejoined)';
  }
}
