// Linked views: the topology, the space-time lanes and the event log share one highlighted node
// (LabController.highlighted). Each view reports what the pointer is over; all three draw from it.
import type { NodeId } from '../../core/types.ts';

export interface Highlighting {
  highlighted: NodeId | null;
}

/**
 * The pointer (or focus) moved onto `event.target` inside a drawing whose nodes or lanes carry
 * `data-node`: highlight that node. Over the bare background, nothing is; over a message line or a
 * mark drawn on top of a lane, the highlight stays as it was, so crossing a line does not flicker.
 */
export function pointAt(lab: Highlighting, event: Event): void {
  const target = event.target as Element | null;
  const id = target?.closest?.('[data-node]')?.getAttribute('data-node');
  if (id) lab.highlighted = id;
  else if (target === event.currentTarget) lab.highlighted = null;
}
