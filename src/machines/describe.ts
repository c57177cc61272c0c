import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { nodeLifecycleMachine } from './nodeLifecycleMachine.ts';

/** A machine as plain data, for the statechart view (which must not import XState actors). */
export interface MachineOutline {
  /** Dotted state ids, parents before children: "healthy", "healthy.member", … */
  states: Array<{ id: string; parent: string | null; label: string }>;
  /** One edge per transition: the event that takes `from` to `to`. */
  edges: Array<{ from: string; to: string; event: string }>;
  /** Where the machine starts. */
  initial: string;
}

const path = (node: AnyStateNode): string => node.path.join('.');

export function outline(machine: AnyStateMachine): MachineOutline {
  const states: MachineOutline['states'] = [];
  const edges: MachineOutline['edges'] = [];
  const visit = (node: AnyStateNode): void => {
    if (node.path.length > 0) {
      states.push({
        id: path(node),
        parent: node.path.length > 1 ? node.path.slice(0, -1).join('.') : null,
        label: node.key,
      });
    }
    for (const [event, transitions] of node.transitions) {
      for (const t of transitions) {
        for (const target of t.target ?? []) {
          if (node.path.length > 0 && target.path.length > 0) {
            edges.push({
              from: path(node),
              to: path(target),
              event: event.startsWith('xstate.after') ? 'after' : event,
            });
          }
        }
      }
    }
    for (const t of node.always ?? []) {
      for (const target of t.target ?? []) {
        if (node.path.length > 0) edges.push({ from: path(node), to: path(target), event: 'always' });
      }
    }
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(machine.root);
  const first = machine.root.initial?.target[0];
  return { states, edges, initial: first ? path(first) : (states[0]?.id ?? '') };
}

/** The node lifecycle of the patent (§0046–§0052), as the Lab draws it. */
export const lifecycleOutline: MachineOutline = outline(nodeLifecycleMachine);
