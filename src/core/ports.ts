// The services a node needs from the world, injected so the same machines run on the simulator's
// virtual clock and network (sim/) or on a real clock over BroadcastChannel/WebRTC (transport/).
import type { Message, NodeId } from './types.ts';

/** Shaped like XState v5's `clock` option, plus `now()`. */
export interface Clock {
  now(): number;
  setTimeout(fn: (...args: unknown[]) => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

/** One endpoint of the cluster network, as seen by one node. */
export interface Transport {
  /** Send to one peer; delivery is not guaranteed. */
  send(to: NodeId, message: Message): void;
  /** Send to every other node the transport knows. */
  broadcast(message: Message): void;
  /** Register the single handler for inbound messages (already validated by the transport). */
  onMessage(handler: (message: Message) => void): void;
}

/** Deterministic random source (core/rng.ts). */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max]. */
  between(min: number, max: number): number;
  chance(p: number): boolean;
  int(maxExclusive: number): number;
}
