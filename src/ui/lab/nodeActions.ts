// What the node menu may do to a node right now, and, when it may not, why (shown beside the
// disabled control). Mirrors the refusals of Simulation.act so a click never silently does nothing.
import type { ClusterSnapshot, NodeSnapshot } from '../../core/snapshot.ts';
import type { NodeId, Scenario } from '../../core/types.ts';
import { groupName } from '../../view/nodeState.ts';
import { formatDuration } from './format.ts';

export const MIN_NODES = 3;
export const MAX_NODES = 64;

export type NodeActionId =
  'failure' | 'crash' | 'pause' | 'recover' | 'rejoin' | 'isolate' | 'remove' | 'forge';

export interface Availability {
  enabled: boolean;
  /** Why it is disabled (empty when enabled). */
  reason: string;
}

const yes: Availability = { enabled: true, reason: '' };
const no = (reason: string): Availability => ({ enabled: false, reason });

export function nodeActions(
  node: NodeSnapshot,
  snapshot: ClusterSnapshot,
  scenario: Scenario,
): Record<NodeActionId, Availability> {
  const id = node.id;
  const dead = node.truth === 'dead';
  const coming = node.impending && !dead ? node.impending : null;
  const others = snapshot.nodes.filter((n) => n.id !== id && n.truth !== 'dead');
  const groups = snapshot.network.groups;
  const isolated = groups !== null && groups.some((g) => g.length === 1 && g[0] === id);
  return {
    failure: dead
      ? no(`${id} is dead: recover it first`)
      : coming
        ? no(
            `a failure is already coming: ${id} dies in ${formatDuration(Math.max(0, coming.deathAt - snapshot.t))}`,
          )
        : yes,
    crash: dead ? no(`${id} is already dead`) : yes,
    pause: dead ? no(`${id} is dead`) : node.truth === 'paused' ? no(`${id} is already paused`) : yes,
    recover: dead ? yes : no(`${id} is not dead (it is ${truthWord(node)})`),
    rejoin:
      node.truth === 'offline'
        ? yes
        : dead
          ? no(`${id} is dead: recover it first, then rejoin`)
          : no(`${id} is not offline: only a recovered node rejoins`),
    isolate: isolated ? no(`${id} is already alone in its group`) : yes,
    remove: removable(id, scenario),
    forge: others.length === 0 ? no('no other living node could send it') : yes,
  };
}

function removable(id: NodeId, scenario: Scenario): Availability {
  if (scenario.nodes.length <= MIN_NODES) return no(`a cluster here has at least ${MIN_NODES} nodes`);
  const sole = scenario.resources.find((r) => r.primary === id && r.backups.length === 0);
  if (sole) return no(`${id} is the only node for ${sole.name}: give ${sole.name} a backup first`);
  return yes;
}

/** Ground truth in words, including what the nodes cannot see: the network around it. */
export function truthWord(node: NodeSnapshot): string {
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

/** "in group B of A–C", "2 links cut", or '' when the network around the node is whole. */
export function networkWord(node: NodeSnapshot, snapshot: ClusterSnapshot): string {
  const groups = snapshot.network.groups;
  if (groups && node.group !== null)
    return `in group ${groupName(node.group)} of ${groupName(0)}–${groupName(groups.length - 1)}`;
  const cuts = snapshot.network.cuts.filter(([a, b]) => a === node.id || b === node.id).length;
  return cuts ? `${cuts} link${cuts > 1 ? 's' : ''} cut` : '';
}
