// Lessons 1–3: how a cluster watches itself, why silence is ambiguous, and the price of guessing.
import { cluster } from './cluster.ts';
import type { Lesson } from './types.ts';

export const heartbeats: Lesson = {
  id: 'heartbeats',
  title: 'Heartbeats: how a cluster watches itself',
  summary: 'Ring neighbours, a timeout, and retries before a verdict.',
  steps: [
    {
      title: 'The ring',
      text:
        'Five nodes form a logical ring. n1 runs the database db; n2 and n3 are its backups. ' +
        'Every second each node sends a small "I am alive" message, a heartbeat. ' +
        'The dots are heartbeats in flight. Crossing the network takes only 1 to 5 ms, ' +
        'so the clock slows down while they fly.',
      scenario: cluster({ durationMs: 6000 }),
      fastForward: false,
      beats: [
        {
          on: { kind: 'msg.delivered' },
          text: 'Each heartbeat lands at a neighbour, who notes the time it last heard from the sender.',
        },
      ],
      question: {
        prompt: 'Whom does each node send its heartbeats to?',
        choices: ['Every other node', 'Its two neighbours on the ring', 'Only the primary, n1'],
        answer: 1,
        explain:
          'Two neighbours each: a ring keeps the traffic small however big the cluster grows (§0019). Watch n1: its heartbeats go to n2 and n5 only.',
      },
    },
    {
      title: 'A silent neighbour',
      text:
        'At t = 2 s node n4 stops sending — we will not say why yet. ' +
        'Its ring neighbours are n3 and n5. ' +
        'A neighbour that stays silent for the heartbeat timeout, 3 s here, becomes a suspect. ' +
        'A suspicion is not a verdict: it only means "I have not heard from you lately".',
      scenario: cluster({ durationMs: 8000, events: [{ at: 2000, kind: 'crash', node: 'n4' }] }),
      watch: 'n5',
      beats: [
        {
          on: { kind: 'node.died', node: 'n4' },
          text: 'n4 went silent. For now nothing looks different: its neighbours just hear nothing.',
        },
        {
          on: { kind: 'peer.suspect', node: 'n5', peer: 'n4' },
          text: "n5 last heard n4 3 s ago: n4 is now a suspect in n5's eyes.",
        },
        {
          on: { kind: 'peer.partitioned', node: 'n5', peer: 'n4' },
          text: 'The retries got no answer either: n5 gives its verdict and tells the others.',
        },
      ],
      question: {
        prompt: 'n4 goes silent at t = 2 s. When does n5 first suspect it?',
        choices: [
          'At once, at about t = 2 s',
          'About 3 s after it last heard n4, near t = 5 s',
          'Never: n5 waits for an administrator',
        ],
        answer: 1,
        explain:
          'A node cannot see another stop; it only notices a heartbeat that does not come. The timeout is how long it is willing to wait.',
      },
    },
    {
      title: 'Retries',
      text:
        'After the timeout a node retries for one more heartbeat period before it gives a verdict (§0020). ' +
        'Here n4 freezes for 2.5 s — a long garbage-collection pause — and then carries on by itself. ' +
        'Nothing is wrong with the network.',
      scenario: cluster({ durationMs: 8000, events: [{ at: 2000, kind: 'pause', node: 'n4', ms: 2500 }] }),
      watch: 'n5',
      beats: [
        { on: { kind: 'node.paused', node: 'n4' }, text: 'n4 froze: it sends and receives nothing.' },
        { on: { kind: 'peer.suspect', node: 'n5', peer: 'n4' }, text: 'n5 suspects n4 and starts retrying…' },
        {
          on: { kind: 'peer.alive', node: 'n5', peer: 'n4' },
          text: '…and hears n4 again before the retries ran out: alive, no verdict, nothing else happens.',
        },
      ],
      question: {
        prompt: 'n4 freezes for 2.5 s, then resumes. What do its neighbours end up believing?',
        choices: [
          'n4 failed: its resources move',
          'n4 was suspect for a moment, then alive again',
          'Nothing: 2.5 s is too short to notice',
        ],
        answer: 1,
        askAt: { kind: 'node.paused', node: 'n4' },
        explain:
          'The suspicion came at the timeout; the retry period gave n4 time to answer, so no verdict was needed.',
      },
    },
  ],
};

const partitionN4 = { at: 2000, kind: 'partition' as const, groups: [['n4'], ['n1', 'n2', 'n3', 'n5']] };

export const silence: Lesson = {
  id: 'silence',
  title: 'Silence is ambiguous',
  summary: 'From outside, a crash and a partition look exactly the same.',
  steps: [
    {
      title: 'Dead or cut off?',
      text:
        'n4 goes silent again at t = 2 s. This time the view shows only what n5 believes: ' +
        'the truth about n4 is hidden, as it is for n5. ' +
        'The run will stop when n5 gives its verdict. Then it is your turn.',
      scenario: cluster({ durationMs: 8000, events: [{ at: 2000, kind: 'crash', node: 'n4' }] }),
      watch: 'n5',
      beats: [
        {
          on: { kind: 'peer.suspect', node: 'n5', peer: 'n4' },
          text: 'n5 has not heard n4 for 3 s: suspect.',
        },
        {
          on: { kind: 'peer.partitioned', node: 'n5', peer: 'n4' },
          text: 'Verdict: "partitioned?" — silent, cause unknown. That is all n5 can honestly say.',
        },
      ],
      question: {
        prompt: 'n5 has heard nothing from n4 for 4 s. What happened to n4?',
        choices: ['n4 crashed', 'The network cut n4 off', 'n5 cannot know which'],
        answer: 2,
        askAt: { kind: 'peer.partitioned', node: 'n5', peer: 'n4' },
        hideTruth: true,
        explain:
          'The truth is shown again now: this time n4 had crashed. But n5 received exactly nothing either way — the next step shows the other case.',
      },
    },
    {
      title: 'The other case',
      text:
        'Same cluster, same seed, same moment. This time n4 is alive: the network cuts it off from the others. ' +
        "Watch n5's beliefs and compare with the last step. " +
        'Heartbeats sent across the cut are drawn fading out: they are dropped on the way.',
      scenario: cluster({ durationMs: 8000, events: [partitionN4] }),
      watch: 'n5',
      beats: [
        {
          on: { kind: 'network.partition' },
          text: 'The network split: n4 alone on one side. n4 is fine and keeps sending.',
        },
        {
          on: { kind: 'peer.suspect', node: 'n5', peer: 'n4' },
          text: 'n5 suspects n4 — at the same instant as when n4 had crashed.',
        },
        {
          on: { kind: 'peer.partitioned', node: 'n5', peer: 'n4' },
          text: 'Same verdict, same time. n4, for its part, now suspects its own neighbours.',
        },
      ],
      question: {
        prompt: 'Compared with the crash, when will n5 give its verdict about n4?',
        choices: ['Sooner', 'At exactly the same time', 'Later', 'Never'],
        answer: 1,
        explain:
          'Both runs give n5 the same silence, so the same verdict at the same moment. From outside, a crash and a partition look the same.',
      },
    },
  ],
};

const split = {
  at: 2000,
  kind: 'partition' as const,
  groups: [
    ['n1', 'n2'],
    ['n3', 'n4', 'n5'],
  ],
};

export const guessingWrong: Lesson = {
  id: 'guessing-wrong',
  title: 'Guessing wrong',
  summary: 'Assume dead: split brain. Assume cut off: the service waits.',
  steps: [
    {
      title: 'Assume it is dead',
      text:
        'A cluster must act on silence somehow. The aggressive policy says: silent means failed, fail over. ' +
        'At t = 2 s the network splits n1 (primary) and n2 away from n3, n4 and n5. ' +
        'At t = 14 s it heals.',
      scenario: cluster({
        policy: 'aggressive',
        durationMs: 17000,
        events: [split, { at: 14000, kind: 'heal' }],
      }),
      watch: 'n3',
      beats: [
        {
          on: { kind: 'network.partition' },
          text: 'Split: n1 and n2 on one side, n3–n5 on the other. Both sides keep running.',
        },
        {
          on: { kind: 'peer.failed', node: 'n3', peer: 'n1' },
          text: 'n3 hears nothing from n1 and, under aggressive, calls it failed…',
        },
        {
          on: { kind: 'invariant.violated' },
          text: 'SPLIT BRAIN: n3 took db over while n1 still serves it. Clients on each side write different data.',
        },
        { on: { kind: 'network.heal' }, text: 'The network healed. The nodes can talk again…' },
        {
          on: { kind: 'invariant.restored' },
          text: '…n1 learns it was judged failed, steps down and rejoins as a backup. Split brain over — the diverged data is not.',
        },
      ],
      question: {
        prompt: 'Under aggressive, what happens to db while the network is split?',
        choices: [
          'n1 keeps serving it alone',
          'Two primaries serve it at once',
          'Nobody serves it until an administrator acts',
        ],
        answer: 1,
        explain:
          'n3 guessed "dead" about a node that was alive. Fast failover, but the guess was wrong: two primaries for about 9 s.',
      },
    },
    {
      title: 'Assume it is cut off',
      text:
        'The manual policy (the IBM i way) never guesses: silence means "partitioned?", and only an administrator ' +
        'may declare a node failed. At t = 2 s n1 — the primary — really crashes. ' +
        'If you are asked as the administrator, you may answer, or leave it.',
      scenario: cluster({
        policy: 'manual',
        durationMs: 14000,
        events: [{ at: 2000, kind: 'crash', node: 'n1' }],
      }),
      watch: 'n2',
      beats: [
        { on: { kind: 'node.died', node: 'n1' }, text: 'n1 crashed. Nobody serves db now.' },
        {
          on: { kind: 'peer.partitioned', node: 'n2', peer: 'n1' },
          text: 'n2 judges n1 "partitioned?" and will not take over on a guess.',
        },
        {
          on: { kind: 'admin.required' },
          text: 'The cluster asks a person. Until someone answers, db stays down.',
        },
      ],
      question: {
        prompt: 'Under manual, n1 crashes. What happens to db?',
        choices: [
          'n2 takes over after the timeout',
          'Split brain',
          'db is down until an administrator marks n1 failed',
        ],
        answer: 2,
        explain:
          'No split brain, ever — but a dead primary means an outage that lasts as long as the administrator takes. The distress signal attacks exactly this.',
      },
    },
  ],
};
