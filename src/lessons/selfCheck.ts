// The self-check after the lessons: five predictions, each answered by a seeded run, each pointing
// back to the lesson to revisit when it was answered wrong. Settings differ from the lessons' own
// steps (other seeds, nodes and timings), so it checks the idea rather than the memory of a run.
import { cluster } from './cluster.ts';
import type { CheckStep } from './types.ts';

export const SELF_CHECK_ID = 'check';

export const selfCheck: CheckStep[] = [
  {
    title: 'A quiet neighbour',
    text: 'Heartbeats every second, timeout 2 s. n3 crashes at t = 1 s; n2 watches it. The truth is hidden.',
    scenario: cluster({
      seed: 21,
      durationMs: 6000,
      heartbeat: { intervalMs: 1000, timeoutMs: 2000 },
      events: [{ at: 1000, kind: 'crash', node: 'n3' }],
    }),
    watch: 'n2',
    beats: [
      { on: { kind: 'peer.partitioned', node: 'n2', peer: 'n3' }, text: 'n2\'s verdict: "partitioned?".' },
    ],
    question: {
      prompt: 'n2 has heard nothing from n3 for 3 s. Which verdict can it give?',
      choices: ['Failed', 'Partitioned? — silent, cause unknown', 'Alive'],
      answer: 1,
      askAt: { kind: 'peer.partitioned', node: 'n2', peer: 'n3' },
      hideTruth: true,
      explain: 'Silence alone never says why: a crash and a cut look the same from outside.',
    },
    revisit: 'silence',
  },
  {
    title: 'Fast and wrong',
    text: 'Policy aggressive. At t = 2 s the network splits n1 (primary of db) and n4 from n2, n3 and n5.',
    scenario: cluster({
      seed: 22,
      policy: 'aggressive',
      durationMs: 9000,
      events: [
        {
          at: 2000,
          kind: 'partition',
          groups: [
            ['n1', 'n4'],
            ['n2', 'n3', 'n5'],
          ],
        },
      ],
    }),
    beats: [{ on: { kind: 'invariant.violated' }, text: 'Two primaries: split brain.' }],
    question: {
      prompt: 'What happens to db?',
      choices: [
        'n1 keeps it alone',
        'Split brain: n1 and a backup both serve it',
        'It waits for an administrator',
      ],
      answer: 1,
      explain: 'Aggressive guessed "dead" about a node that was only cut off.',
    },
    revisit: 'guessing-wrong',
  },
  {
    title: 'A failing adapter',
    text: 'n2 is primary of web. Its network adapter is failing: 40 ms of warning. Who sends its MAYDAY?',
    scenario: cluster({
      seed: 23,
      durationMs: 3000,
      resources: [{ name: 'web', primary: 'n2', backups: ['n4', 'n1'] }],
      events: [{ at: 1000, kind: 'failure', node: 'n2', type: 'ip-stack-takedown', warningMs: 40 }],
    }),
    beats: [{ on: { kind: 'distress.sent', node: 'n2' }, text: 'Sent on the current task, synchronously.' }],
    question: {
      prompt: '40 ms left. How does n2 send its MAYDAY?',
      choices: ['Synchronously, on the current task', 'Asynchronously, on the dedicated task'],
      answer: 0,
      askAt: { kind: 'failure.detected', node: 'n2' },
      explain: 'Too little time to hand the message over: sync.',
    },
    revisit: 'sync-or-async',
  },
  {
    title: 'Built too late',
    text: 'n1 composes its message at failure time (20 ms assumed) and its OS will panic in 10 ms.',
    scenario: cluster({
      seed: 24,
      durationMs: 3000,
      options: { preformed: false },
      events: [{ at: 1000, kind: 'failure', node: 'n1', type: 'os-crash', warningMs: 10 }],
    }),
    beats: [
      { on: { kind: 'distress.lost', node: 'n1' }, text: 'Lost: n1 died before its message was ready.' },
    ],
    question: {
      prompt: 'Does the MAYDAY get out?',
      choices: ['Yes', 'No'],
      answer: 1,
      explain: 'Composing at failure time loses the race: the reason to prepare it at start-up.',
    },
    revisit: 'pre-formed',
  },
  {
    title: 'An impostor',
    text: 'n4 forges a MAYDAY from n1, the primary, at t = 1 s.',
    scenario: cluster({
      seed: 25,
      durationMs: 3000,
      events: [{ at: 1000, kind: 'forge-distress', from: 'n4', claim: 'n1' }],
    }),
    beats: [{ on: { kind: 'distress.rejected' }, text: 'Rejected: bad signature.' }],
    question: {
      prompt: 'Does db fail over?',
      choices: ['Yes, n2 takes it', 'No, the forgery is rejected'],
      answer: 1,
      explain: 'The message is signed with a key n4 does not have.',
    },
    revisit: 'trust',
  },
];
