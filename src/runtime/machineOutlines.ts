// Every machine a node runs, as plain data drawn from the machine definitions themselves (the Lab's
// Machine tab draws them; ui may not import machines).
import { outline, type MachineOutline } from '../machines/describe.ts';
import { clusterDecisionMachine } from '../machines/clusterDecisionMachine.ts';
import { distressTaskMachine } from '../machines/distressTaskMachine.ts';
import { failureDetectorMachine } from '../machines/failureDetectorMachine.ts';
import { nodeLifecycleMachine } from '../machines/nodeLifecycleMachine.ts';
import { resourceRoleMachine } from '../machines/resourceRoleMachine.ts';

export type MachineKind = 'lifecycle' | 'distressTask' | 'detector' | 'role' | 'decision';

export const MACHINE_OUTLINES: Record<MachineKind, MachineOutline> = {
  lifecycle: outline(nodeLifecycleMachine),
  distressTask: outline(distressTaskMachine),
  detector: outline(failureDetectorMachine),
  role: outline(resourceRoleMachine),
  decision: outline(clusterDecisionMachine),
};
