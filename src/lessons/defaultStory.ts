// The scenario the Lab opens with. It tells the whole story in under a minute, and something
// happens within ~2 s of opening (UX-NOTES: RaftScope shows nothing for 10–20 s):
//  1. t = 0.8 s: n1, primary of db, loses mains power; its battery gives 30 s (the low end of a
//     UPS's hold-up, DESIGN §5). It has time, so the dedicated task sends the MAYDAY (async),
//     n1 fences itself, and n2 takes over db at once — no timeout, no administrator.
//  2. t = 15 s: n2 crashes with no warning. Nothing can be sent: survivors only hear silence and,
//     under the `manual` policy, judge it PARTITIONED? and ask the administrator. db stays down
//     until someone answers — the honest limit of the distress signal.
//  3. t = 30.8 s: n1's battery runs out and it dies, long after everyone stopped counting on it.

export const DEFAULT_STORY = {
  version: 1,
  seed: 42,
  nodes: ['n1', 'n2', 'n3', 'n4', 'n5'],
  resources: [{ name: 'db', primary: 'n1', backups: ['n2', 'n3'] }],
  policy: 'manual',
  distress: true,
  heartbeat: { intervalMs: 1000, timeoutMs: 3000 },
  network: { latencyMs: [1, 5], loss: 0 },
  durationMs: 60_000,
  events: [
    { at: 800, kind: 'failure', node: 'n1', type: 'power-loss-battery', warningMs: 30_000 },
    { at: 15_000, kind: 'crash', node: 'n2' },
  ],
} as const;

/** A story: a scenario and its captions, each shown once its trace event has happened. */
export interface StoryText {
  title: string;
  intro: string;
  beats: readonly StoryBeat[];
}

export interface StoryBeat {
  /** The trace event that shows this caption: the first event of this kind (and node, if given). */
  kind: string;
  /** The node the event is about (`node`, or `peer` for admin events); null = any node. */
  node: string | null;
  /** `{node}` is replaced by the event's node, `{truth}` by that node's ground truth now (the model's). */
  text: string;
  /** A button under the caption that opens the next story. */
  next?: { label: string; story: StoryName };
}

/**
 * Captions for the story, never ahead of the model (UX-NOTES): each names the node of its own event.
 */
export const DEFAULT_STORY_TEXT: StoryText = {
  title: 'A MAYDAY, then a silent crash',
  intro: 'Five nodes; n1 runs the database (db), n2 and n3 are its backups. Watch n1.',
  beats: [
    {
      kind: 'distress.sent',
      node: 'n1',
      text: 'n1 lost power; its battery gives 30 s. It stepped down and sent a MAYDAY: watch it fly.',
    },
    {
      // n2 judges n1 failed on the MAYDAY and takes db over in the same instant.
      kind: 'peer.failed',
      node: 'n2',
      text: 'n2 got the MAYDAY and took over db at once: no timeout, no administrator.',
    },
    {
      kind: 'node.died',
      node: 'n2',
      text: 'n2 crashed with no warning, so it sent nothing. The others only hear silence…',
    },
    {
      kind: 'admin.required',
      node: null,
      text: '…and cannot tell dead from cut off. Under the manual policy they ask you, the administrator.',
    },
    {
      kind: 'admin.action',
      node: null,
      text: 'You answered about {node}. The truth: {node} is {truth}. Silence looks the same when only the network fails:',
      next: { label: 'Try it with n2 cut off instead of crashed', story: 'cut' },
    },
  ],
};

/** The same story with n2 cut off by the network instead of crashed: the silence is identical. */
export const CUT_STORY = {
  ...DEFAULT_STORY,
  events: [
    DEFAULT_STORY.events[0],
    { at: 15_000, kind: 'partition', groups: [['n2'], ['n1', 'n3', 'n4', 'n5']] },
  ],
} as const;

export const CUT_STORY_TEXT: StoryText = {
  title: 'A MAYDAY, then a cut network',
  intro: DEFAULT_STORY_TEXT.intro,
  beats: [
    DEFAULT_STORY_TEXT.beats[0],
    DEFAULT_STORY_TEXT.beats[1],
    {
      kind: 'network.partition',
      node: null,
      text: 'The network around n2 was cut. n2 is alive and still serves db, but the others only hear silence…',
    },
    {
      kind: 'admin.required',
      node: null,
      text: '…the same silence as a crash. They ask you again: dead, or cut off?',
    },
    {
      kind: 'admin.action',
      node: null,
      text: 'You answered about {node}. The truth: {node} is {truth}. Marking a live node failed gives db a second primary: watch for SPLIT BRAIN.',
    },
  ],
};

export type StoryName = 'crash' | 'cut';

export const STORIES: Record<
  StoryName,
  { scenario: typeof DEFAULT_STORY | typeof CUT_STORY; text: StoryText }
> = {
  crash: { scenario: DEFAULT_STORY, text: DEFAULT_STORY_TEXT },
  cut: { scenario: CUT_STORY, text: CUT_STORY_TEXT },
};
