// What the node menu may do to a node right now, and, when it may not, why (shown beside the
// disabled control). What the runtime would refuse comes from runtime/nodeActions.ts, the list
// Simulation.act follows; only the Lab's own actions (remove a node, forge a distress) are added here.
import type { ClusterSnapshot, NodeSnapshot } from '../../core/snapshot.ts';
import type { NodeId, Scenario } from '../../core/types.ts';
import { allowedActions, truthWord } from '../../runtime/nodeActions.ts';
import { groupName } from '../../view/nodeState.ts';

export { truthWord };

export const MIN_NODES = 3;
// One node limit for the Lab, the CLI and scenario files alike.
export { MAX_NODES } from '../../core/scenarioDefaults.ts';

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
  const runtime = Object.fromEntries(
    Object.entries(allowedActions(node, snapshot.network)).map(([k, a]) => [
      k,
      { enabled: a.ok, reason: a.reason },
    ]),
  ) as Record<keyof ReturnType<typeof allowedActions>, Availability>;
  const others = snapshot.nodes.filter((n) => n.id !== node.id && n.truth !== 'dead');
  return {
    ...runtime,
    remove: removable(node.id, scenario),
    forge: others.length === 0 ? no('no other living node could send it') : yes,
  };
}

function removable(id: NodeId, scenario: Scenario): Availability {
  if (scenario.nodes.length <= MIN_NODES) return no(`a cluster here has at least ${MIN_NODES} nodes`);
  const sole = scenario.resources.find((r) => r.primary === id && r.backups.length === 0);
  if (sole) return no(`${id} is the only node for ${sole.name}: give ${sole.name} a backup first`);
  return yes;
}

/** "in group B of A–C", "2 links cut", or '' when the network around the node is whole. */
export function networkWord(node: NodeSnapshot, snapshot: ClusterSnapshot): string {
  const groups = snapshot.network.groups;
  if (groups && node.group !== null)
    return `in group ${groupName(node.group)} of ${groupName(0)}–${groupName(groups.length - 1)}`;
  const cuts = snapshot.network.cuts.filter(([a, b]) => a === node.id || b === node.id).length;
  return cuts ? `${cuts} link${cuts > 1 ? 's' : ''} cut` : '';
}
