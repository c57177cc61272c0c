// The caption of a story at this instant, from the model alone: the last beat whose trace event has
// happened, with the node of the latest such event (the node the learner last answered about, say)
// and that node's ground truth now filled in from the snapshot.
import type { StoryBeat, StoryText } from '../../lessons/defaultStory.ts';
import type { NodeSnapshot } from '../../core/snapshot.ts';
import type { TraceEvent } from '../../core/types.ts';
import { truthWord } from './nodeActions.ts';

export interface Caption {
  text: string;
  next: StoryBeat['next'] | null;
}

/** The node an event is about: `node`, or `peer` for the administrator's events. */
function subject(e: TraceEvent): string | null {
  if ('node' in e && typeof e.node === 'string') return e.node;
  if ('peer' in e && typeof e.peer === 'string') return e.peer;
  return null;
}

export function storyCaption(
  story: StoryText,
  trace: readonly TraceEvent[],
  nodes: readonly NodeSnapshot[],
): Caption {
  let caption: Caption = { text: story.intro, next: null };
  for (const beat of story.beats) {
    let hit: TraceEvent | undefined;
    for (const e of trace)
      if (e.kind === beat.kind && (beat.node === null || subject(e) === beat.node)) hit = e;
    if (!hit) continue;
    const node = subject(hit) ?? '';
    const snapshot = nodes.find((n) => n.id === node);
    const truth = snapshot ? truthWord(snapshot) : 'unknown';
    caption = {
      text: beat.text.replaceAll('{node}', node).replaceAll('{truth}', truth),
      next: beat.next ?? null,
    };
  }
  return caption;
}
