import type { AnyStateMachine, AnyStateNode } from 'xstate';

/**
 * XState builds a state's delayed transitions and event table lazily, the first time they are
 * needed. When that first time falls inside an action of another actor it warns, and it costs
 * time on the hot path; so build them once, when the module loads.
 */
export function prepared<M extends AnyStateMachine>(machine: M): M {
  const visit = (node: AnyStateNode): void => {
    void node.after;
    void node.on;
    void node.initial;
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(machine.root);
  return machine;
}
