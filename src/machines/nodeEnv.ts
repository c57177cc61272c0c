import type { Clock, Transport } from '../core/ports.ts';
import type { NodeId, Scenario, TraceEvent } from '../core/types.ts';
import type { StartDistressTask } from './distressSender.ts';

type WithoutTime<E> = E extends { t: number } ? Omit<E, 't'> : never;
/** A trace event before the runtime stamps it with the time. */
export type TraceBody = WithoutTime<TraceEvent>;

/** The fence device of the `fencing` policy: powers a node off out of band (slow, can fail). */
export interface FenceDevice {
  powerOff(by: NodeId, target: NodeId, done: (ok: boolean) => void): void;
}

/** Everything a node gets from the world; the simulator and a live tab each provide one. */
export interface NodeEnv {
  clock: Clock;
  transport: Transport;
  scenario: Scenario;
  clusterId: string;
  clusterKey: Uint8Array;
  record(event: TraceBody): void;
  fenceDevice: FenceDevice;
  /** The policy waits on an administrator for this silent peer (deduplicated by the runtime). */
  requestAdmin(peer: NodeId): void;
  /** A silent peer was heard again: any pending administrator prompt about it is moot. */
  peerBack(peer: NodeId): void;
  /** Something that decides who acts as primary changed; the runtime re-checks the invariants. */
  changed(): void;
  /** An inbound message failed validation. */
  invalidMessage(reason: string): void;
  /**
   * Where the dedicated distress task runs (§0044). Default: in this thread, on the node's clock.
   * A live node may start it in a Web Worker that holds the ready bytes (machines/distressSender.ts).
   */
  distressTask?: StartDistressTask;
}
