// What each state of each machine means, in a sentence a student can read aloud, with the patent
// paragraph it comes from (JP2000293497 / US6442713). Shown when a state is clicked in the Machine tab.
import type { MachineKind } from '../../runtime/machineOutlines.ts';

export interface StateNote {
  text: string;
  /** Patent paragraph(s), e.g. "§0043"; empty where the behaviour is Mayday's own (DESIGN §6). */
  cite: string;
}

export const MACHINE_TITLES: Record<MachineKind, string> = {
  lifecycle: 'Lifecycle',
  distressTask: 'Dedicated distress task',
  detector: 'Failure detector',
  role: 'Role',
  decision: 'Cluster decision',
};

export const MACHINE_HINTS: Record<MachineKind, string> = {
  lifecycle: 'The node itself: healthy, sees a failure coming, sends its distress, leaves the cluster.',
  distressTask: 'A task started at boot that waits idle, holding the ready message (§0044).',
  detector: 'One per watched peer: is it still heard?',
  role: 'One per resource: what this node is for it.',
  decision: 'One per silent peer: what this node does about it, by the policy.',
};

const NOTES: Record<MachineKind, Record<string, StateNote>> = {
  lifecycle: {
    healthy: { text: 'Running and in the cluster, heartbeating its neighbours.', cite: '§0019' },
    'healthy.member': { text: 'A full member: it may serve and fail others over.', cite: '§0019' },
    'healthy.lostQuorum': {
      text: 'Running but cut off from a majority: under quorum policies it may not fail anything over.',
      cite: '',
    },
    paused: {
      text: 'Frozen (GC, SIGSTOP): it sends and hears nothing, then comes back by itself.',
      cite: '',
    },
    impendingFailure: { text: 'Its OS saw a failure coming and it is acting on it.', cite: '§0046–§0047' },
    'impendingFailure.classifying': {
      text: 'Recognising the failure type to know how much time is left.',
      cite: '§0049',
    },
    'impendingFailure.sendingDistressSync': {
      text: 'Little time left: the current task sends the ready message itself, and does nothing else.',
      cite: '§0041–§0042',
    },
    'impendingFailure.sendingDistressAsync': {
      text: 'Time enough: the message is handed to the dedicated task; shutdown goes on meanwhile.',
      cite: '§0039–§0040, §0043',
    },
    'impendingFailure.noDistress': {
      text: 'Distress is off (or nothing can be sent): the others will only hear silence.',
      cite: '§0021',
    },
    distressSent: {
      text: 'The distress has left; the node drops its roles and shuts down.',
      cite: '§0050–§0052',
    },
    fenced: { text: 'It removed itself from the cluster: no primary or backup role.', cite: '§0052' },
    dead: { text: 'Powered off or crashed: nothing runs.', cite: '§0046' },
    offline: {
      text: 'Back up, but it stays out of the cluster until it explicitly rejoins.',
      cite: '§0052',
    },
    rejoining: { text: 'Asking to rejoin as a new incarnation; it comes back as the last backup.', cite: '' },
  },
  distressTask: {
    idle: { text: 'Waiting, with the pre-formed message ready to go.', cite: '§0044–§0045' },
    waking: { text: 'Woken with the failure reason (the cost of waking a task).', cite: '§0043' },
    composing: {
      text: 'Building and signing the message now: the pre-patent way, slow on a dying machine.',
      cite: '§0045',
    },
    sending: { text: 'Putting the message on the wire.', cite: '§0050' },
    sent: { text: 'The message is out; the task is done.', cite: '§0050' },
  },
  detector: {
    alive: { text: 'Heartbeats arrive on time.', cite: '§0019' },
    suspect: {
      text: 'Silent past the timeout; retrying for one more period before a verdict.',
      cite: '§0020',
    },
    partitioned: {
      text: 'Still silent: cause unknown. It may be dead, or alive but cut off.',
      cite: '§0021–§0022',
    },
    failed: {
      text: 'Judged failed: by its distress, an administrator, a fence, or (aggressive) silence.',
      cite: '§0021',
    },
  },
  role: {
    starting: { text: 'Taking the role the configuration gives it.', cite: '' },
    none: { text: 'No part in this resource (or it dropped its role).', cite: '§0052' },
    backup: { text: 'Next in line for this resource, ready to take over.', cite: '§0052' },
    candidate: { text: 'Asking the others to let it become primary.', cite: '' },
    primary: { text: 'Serving this resource.', cite: '§0052' },
  },
  decision: {
    watching: { text: 'Nothing to decide: the peer is heard.', cite: '' },
    deciding: { text: 'The peer fell silent: applying the policy.', cite: '§0021' },
    awaitingAdmin: {
      text: 'Manual policy: silence is not proof, so it waits for an administrator.',
      cite: '§0022',
    },
    minority: { text: 'This side is a minority: it must not fail the peer over.', cite: '' },
    majority: { text: 'This side holds a majority: it may act, safely.', cite: '' },
    'majority.confirming': { text: 'Probing that a majority really hears it.', cite: '' },
    'majority.waitingOutLease': {
      text: 'Waiting until the silent primary’s lease has surely run out.',
      cite: '',
    },
    'majority.fencing': { text: 'Powering the silent node off through the fence device.', cite: '' },
    'majority.fenceFailed': { text: 'The fence failed; it will retry.', cite: '' },
    'majority.awaitingFence': { text: 'Another node is fencing; waiting for the outcome.', cite: '' },
    failedOver: { text: 'The peer is out; its resources moved to the next backup.', cite: '§0052' },
  },
};

export function stateNote(kind: MachineKind, state: string): StateNote | null {
  return NOTES[kind][state] ?? null;
}
