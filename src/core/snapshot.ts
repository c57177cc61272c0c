// What a running cluster looks like at one instant: plain data that `view` draws and `ui` shows.
// Produced by runtime/simulation.ts (Lab) and, later, by the live observer.
import type { MessageType, NodeId, ResourceName, Role, SendMode } from './types.ts';

/** Ground truth of a node, which the nodes themselves cannot see. */
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
  /** Dotted state value of the node lifecycle machine, e.g. "healthy", "impendingFailure.sendingSync". */
  lifecycle: string;
  incarnation: number;
  roles: Record<ResourceName, Role>;
  /** This node's belief about each peer it has an opinion on (others are 'alive'). */
  beliefs: Record<NodeId, Belief>;
  /** Peers it heartbeats (logical ring neighbours, plus silent ones in between). */
  watching: NodeId[];
  impending: ImpendingFailure | null;
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
