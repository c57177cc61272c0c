// What a scenario gets for every field it leaves out (DESIGN §4.1). Frozen: the resolver copies
// these values, so no two scenarios ever share an array or object.
import type {
  Costs,
  DistressOptions,
  FenceSettings,
  HeartbeatSettings,
  NetworkSettings,
  Policy,
} from './types.ts';

export const SCENARIO_VERSION = 1;
/** The one node limit: scenario files, the CLI and the Lab alike (the Lab plays 256 nodes; see BENCHMARKS.md). */
export const MAX_NODES = 256;
/** More problems than this are summed up in one line: the first ones are what to fix anyway. */
export const MAX_ERRORS = 20;

export const DEFAULT_SEED = 1;
export const DEFAULT_POLICY: Policy = 'manual';
export const DEFAULT_DISTRESS = true;

export const DEFAULT_OPTIONS: Readonly<DistressOptions> = Object.freeze({
  preformed: true,
  mode: 'auto',
  demoteBeforeSend: true,
});

/**
 * §5 of the design. `composeMs` is a stated assumption, not a measurement: building and signing
 * takes ~61 µs on a healthy machine, far longer on one that is failing (memory pressure, locks).
 */
export const DEFAULT_COSTS: Readonly<Costs> = Object.freeze({
  sendMs: 0.05,
  wakeTaskMs: 1,
  composeMs: 20,
  orderlyShutdownMs: 3000,
});

export const DEFAULT_HEARTBEAT: Readonly<HeartbeatSettings> = Object.freeze({
  intervalMs: 1000,
  timeoutMs: 3000,
});

export const DEFAULT_NETWORK: Readonly<NetworkSettings> = Object.freeze({
  latencyMs: Object.freeze([1, 5]) as unknown as [number, number],
  loss: 0,
  duplicate: 0,
  reorder: 0,
});

export const DEFAULT_FENCE: Readonly<FenceSettings> = Object.freeze({
  delayMs: 5000,
  successRate: 0.9,
  retryMs: 5000,
});
