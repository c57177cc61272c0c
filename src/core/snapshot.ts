// What a running cluster looks like at one instant: plain data that `view` draws and `ui` shows.
// Produced by runtime/simulation.ts (Lab) and, later, by the live observer.
import type { MessageType, NodeId, ResourceName, Role, SendMode } from './types.ts';

/**
 * Ground truth of a node, which the other nodes cannot see: 'fenced' = it has left the cluster after
 * its failure (§0052); 'offline' = recovered or evicted, out until it explicitly rejoins.
 */
export type NodeTruth = 'alive' | 'dead' | 'paused' | 'fenced' | 'offline';

/** What one node believes about one peer. */
export type Belief = 'alive' | 'suspect' | 'failed' | 'partitioned';

export interface ImpendingFailure {
  failure: string;
  detectedAt: number;
  deathAt: number;
  /** The path taken (§0038): null while the node is choosing, or when distress is off. */
  mode: SendMode | null;
  /** When the distress leaves (null if it never will). */
  distressLeavesAt: number | null;
  /** When the orderly shutdown would finish (async path: runs in parallel, §0039). */
  shutdownDoneAt: number | null;
}

export interface NodeSnapshot {
  id: NodeId;
  truth: NodeTruth;
  /** Index of the partition group this node is in, or null when the network is whole. */
  group: number | null;
  /**
   * Dotted state value of the node lifecycle machine, e.g. "impendingFailure.sendingDistressSync":
   * for drawing that machine only. Everything else reads the fields below, never this string.
   */
  lifecycle: string;
  /** Its distress is on its way out now: the path is chosen and the message has not left yet. */
  sendingNow: boolean;
  /** The path its distress took in this life (§0042 sync, §0043 async), null if none was sent. */
  sendPath: SendMode | null;
  /** Healthy but cut off from a majority: under quorum policies it may not fail anything over. */
  lostQuorum: boolean;
  incarnation: number;
  roles: Record<ResourceName, Role>;
  /** This node's belief about each peer it has an opinion on (others are 'alive'). */
  beliefs: Record<NodeId, Belief>;
  /** Peers it heartbeats (logical ring neighbours, plus silent ones in between). */
  watching: NodeId[];
  impending: ImpendingFailure | null;
}

/** Every machine of one node and the state it is in (dotted state values), for drawing them. */
export interface MachineStates {
  lifecycle: string;
  /** The dedicated distress task (§0044), or null when the node has none running. */
  distressTask: string | null;
  /** One failure detector per peer it has watched. */
  detectors: Record<NodeId, string>;
  /** One cluster decision per peer it has had to decide about. */
  decisions: Record<NodeId, string>;
  /** One role machine per resource. */
  roles: Record<ResourceName, string>;
}

export interface ResourceSnapshot {
  name: ResourceName;
  /** Nodes really acting as primary now (DESIGN §4.3); two or more = split brain. */
  acting: NodeId[];
  /** The configured order: primary first, then backups. */
  order: NodeId[];
}

export interface MessageInFlight {
  id: number;
  from: NodeId;
  to: NodeId;
  type: MessageType;
  sentAt: number;
  deliverAt: number;
  /** True if the network will drop it (partition, cut, loss): drawn fading out. */
  doomed: boolean;
}

export interface ClusterSnapshot {
  t: number;
  nodes: NodeSnapshot[];
  resources: ResourceSnapshot[];
  messages: MessageInFlight[];
  network: { groups: NodeId[][] | null; cuts: Array<[NodeId, NodeId]> };
  /** Silent peers for which the policy waits on an administrator (manual policy). */
  adminPending: NodeId[];
}
