// Policy presets modelled on real systems (DESIGN §6), so a student can ask "what would X do here?".
// A preset is only a parameter set over Mayday's own mechanisms (policy, heartbeat detector, lease,
// fence device): it approximates each system's documented defaults, it does not reimplement it.
import { DEFAULT_FENCE } from './scenarioDefaults.ts';
import type { FenceSettings, HeartbeatSettings, Policy, PresetName } from './types.ts';

export interface Preset {
  name: PresetName;
  /** Short name for menus. */
  label: string;
  /** The real system it stands for. */
  system: string;
  policy: Policy;
  heartbeat: Readonly<HeartbeatSettings>;
  leaseMs: number;
  fence: Readonly<FenceSettings>;
  /** What the system does about silence, and what the model leaves out. */
  note: string;
}

const preset = (p: Preset): Readonly<Preset> =>
  Object.freeze({ ...p, heartbeat: Object.freeze({ ...p.heartbeat }), fence: Object.freeze({ ...p.fence }) });

export const PRESETS: readonly Readonly<Preset>[] = Object.freeze([
  preset({
    name: 'ibm-i',
    label: 'IBM i',
    system: 'IBM i cluster resource services',
    policy: 'manual',
    // CRS heartbeats its ring neighbour every 3 s and declares the node partitioned after 4
    // missed heartbeats: 4 × 3 s = 12 s.
    heartbeat: { intervalMs: 3000, timeoutMs: 12_000 },
    // No leases under 'manual'; kept equal to the timeout so switching policy stays sensible.
    leaseMs: 12_000,
    fence: DEFAULT_FENCE,
    note: 'silence means partitioned: resources wait until a distress arrives or an administrator marks the node failed',
  }),
  preset({
    name: 'pacemaker',
    label: 'Pacemaker',
    system: 'Pacemaker + Corosync',
    policy: 'fencing',
    // Corosync 3 defaults: token timeout 3000 ms, consensus 1.2 × token = 3600 ms, so membership
    // changes after 3 s + 3.6 s = 6.6 s. The token itself circulates far more often; 1 s stands in
    // for its rotation as Mayday's heartbeat.
    heartbeat: { intervalMs: 1000, timeoutMs: 6600 },
    leaseMs: 6600,
    // A STONITH power-off through IPMI takes a few seconds (5 s assumed); Pacemaker's
    // stonith-timeout (60 s) only bounds one attempt. Success rate and retry are assumptions.
    fence: { delayMs: 5000, successRate: 0.95, retryMs: 10_000 },
    note: 'the quorate side fences the silent node (power it off) before failing over; the fence is slow and can fail',
  }),
  preset({
    name: 'swim',
    label: 'SWIM',
    system: 'SWIM / memberlist (Consul, Serf)',
    policy: 'aggressive',
    // memberlist DefaultLANConfig: ProbeInterval 1 s, ProbeTimeout 0.5 s, SuspicionMult 4, so
    // suspicion lasts 4 × max(1, log10 n) × 1 s ≥ 4 s: dead after 0.5 s + 4 s = 4.5 s.
    heartbeat: { intervalMs: 1000, timeoutMs: 4500 },
    leaseMs: 4500,
    fence: DEFAULT_FENCE,
    note: 'suspect, then dead after the suspicion timeout (a node may refute it with a new incarnation); a graceful leave is instant but unsigned',
  }),
  preset({
    name: 'akka',
    label: 'Akka',
    system: 'Akka Cluster split-brain resolver',
    policy: 'quorum',
    // Phi accrual detector, heartbeat-interval 1 s, threshold 8. With the default 3 s
    // acceptable-heartbeat-pause phi crosses 8 after roughly 4–5 s of silence; 10 s is taken
    // as a conservative figure for a loaded JVM.
    heartbeat: { intervalMs: 1000, timeoutMs: 10_000 },
    // SBR acts only after the membership has been stable for stable-after = 20 s.
    leaseMs: 20_000,
    fence: DEFAULT_FENCE,
    note: 'keep-majority: the side with most nodes downs the others after stable-after, the minority downs itself',
  }),
  preset({
    name: 'kubernetes',
    label: 'Kubernetes',
    system: 'Kubernetes node lifecycle controller',
    policy: 'aggressive',
    // The kubelet renews its node Lease every 10 s; node-monitor-grace-period is 50 s (40 s before
    // v1.32), after which the node is NotReady and its pods get the NoExecute taint.
    heartbeat: { intervalMs: 10_000, timeoutMs: 50_000 },
    leaseMs: 50_000,
    fence: DEFAULT_FENCE,
    note:
      'after the 50 s grace the node is NotReady and Mayday fails over at once; real pods are evicted only ' +
      '300 s later (default tolerationSeconds), left out so a run stays watchable',
  }),
]);

const byName = new Map<string, Readonly<Preset>>(PRESETS.map((p) => [p.name, p]));

export const PRESET_NAMES: readonly PresetName[] = Object.freeze(PRESETS.map((p) => p.name));

export function presetByName(name: string): Readonly<Preset> | undefined {
  return byName.get(name);
}
