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

/**
 * Captions for the story, each shown once its trace event has happened — never ahead of the model
 * (UX-NOTES). `kind` and `node` pick the first matching trace event.
 */
export const DEFAULT_STORY_TEXT = {
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
      text: 'You answered. Was n2 really dead? Look at its truth, then try the same with the network cut instead.',
    },
  ],
} as const;
