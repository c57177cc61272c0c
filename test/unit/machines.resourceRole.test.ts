import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import {
  resourceRoleMachine,
  type RoleEvent,
  type RoleInput,
} from '../../src/machines/resourceRoleMachine.ts';
import type { Role } from '../../src/core/types.ts';
import { VirtualClock } from '../../src/sim/virtualClock.ts';

// One node's role for one resource: primary, backup (or candidate under lease policies), none.
// `announceRole` is what the trace shows as `role.changed`, so each test checks what was announced.

function start(initial: RoleInput['initial']) {
  const clock = new VirtualClock();
  const said: string[] = [];
  const machine = resourceRoleMachine.provide({
    actions: {
      announceRole: (_, params: { role: Role }) => void said.push(params.role),
      askForVotes: () => void said.push('askForVotes'),
      announceLeaseLost: () => void said.push('lease.lost'),
    },
  });
  const actor = createActor(machine, { clock, input: { resource: 'db', initial } }).start();
  return {
    said,
    send: (e: RoleEvent) => actor.send(e),
    state: () => actor.getSnapshot().value,
  };
}

describe('resource role', () => {
  it.each(['primary', 'backup', 'none'] as const)(
    'starts as the configured %s and announces it',
    (initial) => {
      const r = start(initial);
      expect(r.state()).toBe(initial);
      expect(r.said).toEqual([initial]);
    },
  );

  it('a backup is promoted (manual/aggressive: at once) and can be sent back to backup', () => {
    const r = start('backup');
    r.send({ type: 'role.promote' });
    expect(r.state()).toBe('primary');
    r.send({ type: 'role.backup' });
    expect(r.state()).toBe('backup');
    expect(r.said).toEqual(['backup', 'primary', 'backup']);
  });

  it('lease policies: a backup stands as candidate, asks for votes (again on each retry), then serves', () => {
    const r = start('backup');
    r.send({ type: 'role.stand' });
    expect(r.state()).toBe('candidate');
    r.send({ type: 'role.stand' });
    r.send({ type: 'role.promote' });
    expect(r.state()).toBe('primary');
    expect(r.said).toEqual(['backup', 'askForVotes', 'askForVotes', 'primary']);
  });

  it('a candidate that loses the vote goes back to backup', () => {
    const r = start('backup');
    r.send({ type: 'role.stand' });
    r.send({ type: 'role.backup' });
    expect(r.state()).toBe('backup');
  });

  it('a primary whose lease runs out steps down to backup, saying why first', () => {
    const r = start('primary');
    r.send({ type: 'lease.lost' });
    expect(r.state()).toBe('backup');
    expect(r.said).toEqual(['primary', 'lease.lost', 'backup']);
  });

  it.each([
    ['primary', []],
    ['backup', []],
    ['candidate', [{ type: 'role.stand' }]],
  ] as const)('role.drop from %s → none, announced once', (from, path) => {
    const r = start(from === 'candidate' ? 'backup' : from);
    for (const e of path) r.send(e);
    r.send({ type: 'role.drop' });
    r.send({ type: 'role.drop' });
    expect(r.state()).toBe('none');
    expect(r.said.filter((s) => s === 'none')).toHaveLength(1);
  });

  it('a node with no role cannot be promoted; it becomes a backup first', () => {
    const r = start('none');
    r.send({ type: 'role.promote' });
    r.send({ type: 'role.stand' });
    expect(r.state()).toBe('none');
    r.send({ type: 'role.backup' });
    r.send({ type: 'role.promote' });
    expect(r.state()).toBe('primary');
    expect(r.said).toEqual(['none', 'backup', 'primary']);
  });
});
