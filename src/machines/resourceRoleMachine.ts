import { setup } from 'xstate';

export interface RoleInput {
  resource: string;
  initial: 'primary' | 'backup' | 'none';
}

export type RoleEvent =
  | { type: 'role.promote' }
  | { type: 'role.stand' }
  | { type: 'role.backup' }
  | { type: 'role.drop' }
  | { type: 'lease.lost' };

/**
 * One node's role for one resource (a database, a web server…): primary, an ordered backup, or
 * nothing. Under lease policies a backup first becomes a `candidate` asking a majority for votes;
 * a primary whose lease runs out steps down (DESIGN §6).
 */
export const resourceRoleMachine = setup({
  types: {
    context: {} as RoleInput,
    input: {} as RoleInput,
    events: {} as RoleEvent,
  },
  guards: {
    startsPrimary: ({ context }) => context.initial === 'primary',
    startsBackup: ({ context }) => context.initial === 'backup',
  },
  actions: {
    // Provided by the node: trace `role.changed` and tell the ground-truth recorder.
    announceRole: (_, _params: { role: 'primary' | 'backup' | 'none' }) => {},
    askForVotes: () => {},
    announceLeaseLost: () => {},
  },
}).createMachine({
  id: 'resourceRole',
  context: ({ input }) => input,
  initial: 'starting',
  on: {
    'role.drop': { target: '.none' },
  },
  states: {
    starting: {
      always: [
        { guard: 'startsPrimary', target: 'primary' },
        { guard: 'startsBackup', target: 'backup' },
        { target: 'none' },
      ],
    },
    none: {
      entry: { type: 'announceRole', params: { role: 'none' } },
      on: { 'role.backup': 'backup', 'role.drop': {} },
    },
    backup: {
      entry: { type: 'announceRole', params: { role: 'backup' } },
      on: { 'role.promote': 'primary', 'role.stand': 'candidate' },
    },
    // Lease policies: a majority must grant this node the next term before it may serve.
    candidate: {
      entry: 'askForVotes',
      on: { 'role.promote': 'primary', 'role.backup': 'backup', 'role.stand': { actions: 'askForVotes' } },
    },
    primary: {
      entry: { type: 'announceRole', params: { role: 'primary' } },
      on: {
        'role.backup': 'backup',
        'lease.lost': { target: 'backup', actions: 'announceLeaseLost' },
      },
    },
  },
});
