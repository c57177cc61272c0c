// Shared vocabulary of Mayday (DESIGN §4). Plain data only: every layer may import this file.

export type NodeId = string;
export type ResourceName = string;

export type Policy = 'manual' | 'quorum' | 'fencing' | 'aggressive';
export type PresetName = 'ibm-i' | 'pacemaker' | 'swim' | 'akka' | 'kubernetes';
export type SendMode = 'sync' | 'async';
export type ModeOption = 'auto' | SendMode;

/** Modelled durations of each step (DESIGN §5), in ms of virtual time. */
export interface Costs {
  /** Sending the ready message on the current task. */
  sendMs: number;
  /** Waking the dedicated distress task (async path only, §0043). */
  wakeTaskMs: number;
  /** Building, encoding and signing a message at failure time (the pre-patent baseline). */
  composeMs: number;
  /** Shutdown work that the async path lets run in parallel (§0039). */
  orderlyShutdownMs: number;
}

export interface HeartbeatSettings {
  /** How often a node sends a heartbeat to its ring neighbours. */
  intervalMs: number;
  /** Silence after which a neighbour is suspected. */
  timeoutMs: number;
}

export interface NetworkSettings {
  /** Uniform one-way latency range [min, max]. */
  latencyMs: [number, number];
  loss: number;
  duplicate: number;
  reorder: number;
}

/** Fence device of the `fencing` policy (DESIGN §6): slow, and it can fail. */
export interface FenceSettings {
  delayMs: number;
  successRate: number;
  retryMs: number;
}

export interface ResourceSpec {
  name: ResourceName;
  primary: NodeId;
  backups: NodeId[];
}

export interface DistressOptions {
  /** Build the message, bytes and signature at start-up (§0045); false = compose at failure time. */
  preformed: boolean;
  mode: ModeOption;
  /** Drop every role before the distress leaves, so survivors never promote while the node still serves. */
  demoteBeforeSend: boolean;
}

export type ScenarioEvent =
  | { at: number; kind: 'failure'; node: NodeId; type: string; warningMs: number }
  | { at: number; kind: 'crash'; node: NodeId }
  | { at: number; kind: 'partition'; groups: NodeId[][] }
  | { at: number; kind: 'cut'; from: NodeId; to: NodeId[] }
  | { at: number; kind: 'heal' }
  | { at: number; kind: 'pause'; node: NodeId; ms: number }
  | { at: number; kind: 'recover'; node: NodeId }
  | { at: number; kind: 'rejoin'; node: NodeId }
  | { at: number; kind: 'admin'; action: 'mark-failed' | 'keep-waiting'; node: NodeId }
  | { at: number; kind: 'forge-distress'; from: NodeId; claim: NodeId; replay: boolean };

export type ScenarioEventKind = ScenarioEvent['kind'];

/** A scenario after validation, with every default filled in (DESIGN §4.1). */
export interface Scenario {
  version: 1;
  seed: number;
  nodes: NodeId[];
  resources: ResourceSpec[];
  policy: Policy;
  preset: PresetName | null;
  distress: boolean;
  options: DistressOptions;
  costs: Costs;
  heartbeat: HeartbeatSettings;
  network: NetworkSettings;
  fence: FenceSettings;
  /** How long a lease granted by a majority lasts (quorum and fencing policies). */
  leaseMs: number;
  durationMs: number;
  events: ScenarioEvent[];
}

// ---------------------------------------------------------------------------------------------
// Trace (DESIGN §4.2)

export type FailedCause = 'distress' | 'timeout' | 'admin' | 'fenced';
export type Role = 'primary' | 'backup' | 'none';

export type TraceEvent =
  | { t: number; kind: 'failure.detected'; node: NodeId; failure: string; warningMs: number }
  | { t: number; kind: 'distress.sent'; node: NodeId; mode: SendMode; failure: string }
  | { t: number; kind: 'distress.lost'; node: NodeId; reason: string }
  | { t: number; kind: 'distress.received'; node: NodeId; from: NodeId }
  | { t: number; kind: 'distress.rejected'; node: NodeId; from: NodeId; reason: string }
  | { t: number; kind: 'node.fenced'; node: NodeId }
  | { t: number; kind: 'node.died'; node: NodeId; reason: string }
  | { t: number; kind: 'node.recovered'; node: NodeId }
  | { t: number; kind: 'node.rejoined'; node: NodeId }
  | { t: number; kind: 'node.paused'; node: NodeId; ms: number }
  | { t: number; kind: 'node.resumed'; node: NodeId }
  | { t: number; kind: 'shutdown.completed'; node: NodeId }
  | { t: number; kind: 'peer.suspect'; node: NodeId; peer: NodeId }
  | { t: number; kind: 'peer.alive'; node: NodeId; peer: NodeId }
  | { t: number; kind: 'peer.failed'; node: NodeId; peer: NodeId; cause: FailedCause }
  | { t: number; kind: 'peer.partitioned'; node: NodeId; peer: NodeId }
  | { t: number; kind: 'admin.required'; peer: NodeId }
  | { t: number; kind: 'admin.action'; peer: NodeId; action: 'mark-failed' | 'keep-waiting' }
  | { t: number; kind: 'fence.started'; node: NodeId; peer: NodeId }
  | { t: number; kind: 'fence.succeeded'; node: NodeId; peer: NodeId }
  | { t: number; kind: 'fence.failed'; node: NodeId; peer: NodeId }
  | { t: number; kind: 'role.changed'; node: NodeId; resource: ResourceName; role: Role }
  | { t: number; kind: 'lease.lost'; node: NodeId; resource: ResourceName }
  | { t: number; kind: 'network.partition'; groups: NodeId[][] }
  | { t: number; kind: 'network.cut'; from: NodeId; to: NodeId[] }
  | { t: number; kind: 'network.heal' }
  | { t: number; kind: 'invariant.violated'; invariant: string; resource: ResourceName; nodes: NodeId[] }
  | { t: number; kind: 'invariant.restored'; invariant: string; resource: ResourceName }
  | MessageTraceEvent;

export type MessageTraceEvent =
  | {
      t: number;
      kind: 'msg.sent';
      id: number;
      from: NodeId;
      to: NodeId;
      type: MessageType;
      deliverAt: number;
    }
  | {
      t: number;
      kind: 'msg.delivered';
      id: number;
      from: NodeId;
      to: NodeId;
      type: MessageType;
      sentAt: number;
    }
  | {
      t: number;
      kind: 'msg.dropped';
      id: number;
      from: NodeId;
      to: NodeId;
      type: MessageType;
      reason: string;
    };

export type TraceKind = TraceEvent['kind'];

// ---------------------------------------------------------------------------------------------
// Messages between nodes. Every message a node receives is validated first (core/messages.ts).

export type MessageType = Message['type'];

export type Message =
  /** `joinedAt`: when the sender's current life joined the cluster; it orders backups (rejoined = last). */
  | { type: 'heartbeat'; from: NodeId; incarnation: number; joinedAt: number }
  /** The signed, pre-formed distress: `bytes` is exactly what was encoded at start-up. */
  | { type: 'distress'; from: NodeId; bytes: Uint8Array }
  /** A verdict about a silent or returning peer, shared so nodes that do not watch it learn it. */
  | {
      type: 'report';
      from: NodeId;
      peer: NodeId;
      verdict: 'alive' | 'failed' | 'partitioned';
      cause?: FailedCause;
      incarnation: number;
    }
  | { type: 'lease.renew'; from: NodeId; resource: ResourceName; term: number; round: number }
  | { type: 'lease.ack'; from: NodeId; resource: ResourceName; term: number; round: number; granted: boolean }
  | { type: 'vote.request'; from: NodeId; resource: ResourceName; term: number }
  | {
      type: 'vote.reply';
      from: NodeId;
      resource: ResourceName;
      term: number;
      granted: boolean;
      primary?: NodeId;
    }
  | { type: 'join'; from: NodeId; incarnation: number; joinedAt: number }
  /** Sent to a node that the cluster removed while it was silent: it must fence itself and rejoin. */
  | { type: 'evicted'; from: NodeId; incarnation: number }
  /** "Can you hear me?": a majority must answer before a side fences or declares a peer failed. */
  | { type: 'probe'; from: NodeId; nonce: number }
  | { type: 'probe.ack'; from: NodeId; nonce: number };

// ---------------------------------------------------------------------------------------------
// Metrics (DESIGN §4.3)

export interface ResourceMetrics {
  unavailableMs: number;
  splitBrainMs: number;
  failovers: number;
  failoverMs: number[];
}

export interface Metrics {
  resources: Record<ResourceName, ResourceMetrics>;
  adminInterventions: number;
  distress: { sent: number; delivered: number; lost: number; rejected: number };
  falseFailovers: number;
  /** Inbound messages that failed validation, per receiving node. */
  invalidMessages: number;
}

export interface RunOutput {
  metrics: Metrics;
  events: TraceEvent[];
}
