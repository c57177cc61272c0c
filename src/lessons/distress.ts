// Lessons 4–7: the distress signal itself (DESIGN §1), how it is sent, why it is built in advance,
// and how the node leaves the cluster.
import { cluster } from './cluster.ts';
import type { Lesson } from './types.ts';

const battery = {
  at: 2000,
  kind: 'failure',
  node: 'n1',
  type: 'power-loss-battery',
  warningMs: 30000,
} as const;
const powerLoss = { at: 2000, kind: 'failure', node: 'n1', type: 'power-loss', warningMs: 16 } as const;

export const distressSignal: Lesson = {
  id: 'distress',
  title: 'The distress signal',
  summary: 'A message prepared in advance: failover in milliseconds, no administrator.',
  steps: [
    {
      title: 'MAYDAY',
      text:
        'Many failures announce themselves: a power supply reports mains loss, a disk its failing sectors. ' +
        "IBM's idea: at start-up each node prepares a distress message, ready to go. " +
        'When its own system sees the end coming, the node sends it, steps down and leaves the cluster. ' +
        'Policy is manual, as before. At t = 2 s n1 loses mains power; its battery gives 30 s.',
      scenario: cluster({ durationMs: 6000, events: [battery] }),
      watch: 'n2',
      beats: [
        {
          on: { kind: 'failure.detected', node: 'n1' },
          text: "n1's power supply reports the loss: n1 knows it has 30 s left.",
        },
        {
          on: { kind: 'distress.sent', node: 'n1' },
          text: 'n1 dropped its roles and sent its MAYDAY to every node.',
        },
        {
          on: { kind: 'peer.failed', node: 'n2', peer: 'n1', cause: 'distress' },
          text: 'n2 got it: n1 failed — not partitioned. n2 is next in line and takes db over at once.',
        },
      ],
      question: {
        prompt: 'n1 will be gone in 30 s. Policy manual. How long until a backup serves db?',
        choices: ['A few milliseconds', 'About the 3 s timeout', 'Until an administrator acts'],
        answer: 0,
        askAt: { kind: 'failure.detected', node: 'n1' },
        explain:
          'The MAYDAY removes the doubt: a node that says it is failing is failed, so even the cautious policy fails over at once.',
      },
    },
    {
      title: 'The same failure, without it',
      text:
        'Same seed, same power loss — but the distress signal is turned off. ' +
        'n1 still shuts down in an orderly way, but it leaves without a word.',
      scenario: cluster({ durationMs: 11000, distress: false, events: [battery] }),
      watch: 'n2',
      beats: [
        {
          on: { kind: 'failure.detected', node: 'n1' },
          text: 'n1 sees the power loss coming, but has no way to say so.',
        },
        {
          on: { kind: 'node.fenced', node: 'n1' },
          text: 'n1 shut down and went quiet. To the others: silence.',
        },
        {
          on: { kind: 'peer.partitioned', node: 'n2', peer: 'n1' },
          text: 'Silence, so "partitioned?" — exactly like a crash or a cut cable.',
        },
        { on: { kind: 'admin.required' }, text: 'db is down, waiting for an administrator.' },
      ],
      question: {
        prompt: 'Without the distress signal, how long until a backup serves db?',
        choices: ['A few milliseconds', 'About the 3 s timeout', 'Until an administrator acts'],
        answer: 2,
        explain:
          'The cluster has only silence to go on, and manual never guesses. The knowledge n1 had died with it.',
      },
    },
  ],
};

export const syncOrAsync: Lesson = {
  id: 'sync-or-async',
  title: 'Sync or async',
  summary: 'The time left decides who sends: the current task, or a dedicated one.',
  steps: [
    {
      title: 'Plenty of time',
      text:
        'A node that detects a failure first classifies it and estimates the time left. ' +
        'With time to spare it hands the ready message to a dedicated distress task, ' +
        'waiting idle since start-up, and goes on with an orderly shutdown in parallel: asynchronously. ' +
        'n1 loses mains power; its battery gives 30 s.',
      scenario: cluster({ durationMs: 6000, events: [battery] }),
      beats: [
        {
          on: { kind: 'distress.sent', node: 'n1', mode: 'async' },
          text: 'Sent async: the dedicated task woke (1 ms) and sent it while the shutdown runs.',
        },
        {
          on: { kind: 'shutdown.completed', node: 'n1' },
          text: 'Orderly shutdown done, 3 s later. The survivors never waited for it.',
        },
      ],
      question: {
        prompt: 'n1 has 30 s of battery. Who sends its MAYDAY?',
        choices: [
          'The current task, which does nothing else until it is out',
          'The dedicated distress task, while the shutdown goes on',
        ],
        answer: 1,
        askAt: { kind: 'failure.detected', node: 'n1' },
        explain: "Enough time: async (§0043). Mayday follows the patent's description and claim 20 here.",
      },
    },
    {
      title: 'No time at all',
      text:
        'Without a battery, a power supply holds up its output for about 16 ms after the mains fail. ' +
        'Waking another task costs time the node may not have, so the current task sends the message itself, ' +
        'synchronously, and does nothing else until it is out.',
      scenario: cluster({ durationMs: 4000, events: [powerLoss] }),
      beats: [
        {
          on: { kind: 'distress.sent', node: 'n1', mode: 'sync' },
          text: 'Sent sync, in the same instant it was detected.',
        },
        {
          on: { kind: 'node.died', node: 'n1' },
          text: 'n1 died 16 ms after the warning — the MAYDAY had long left.',
        },
      ],
      question: {
        prompt: 'n1 has 16 ms of power left. Who sends its MAYDAY?',
        choices: ['The current task, synchronously', 'The dedicated distress task, asynchronously'],
        answer: 0,
        askAt: { kind: 'failure.detected', node: 'n1' },
        explain: 'Not enough time for a hand-over: sync, on the current task (§0042).',
      },
    },
    {
      title: 'A failure it does not recognise',
      text:
        'What if the operating system reports a failure type the node has never heard of, ' +
        'even one announcing a whole minute of warning? ' +
        'An unknown failure gives no reason to trust the estimate.',
      scenario: cluster({
        durationMs: 4000,
        events: [{ at: 2000, kind: 'failure', node: 'n1', type: 'cosmic-ray-bit-flip', warningMs: 60000 }],
      }),
      beats: [
        {
          on: { kind: 'distress.sent', node: 'n1' },
          text: 'Sent sync: for an unknown failure, the safe choice.',
        },
      ],
      question: {
        prompt: 'An unknown failure type, with 60 s of warning claimed. How is the MAYDAY sent?',
        choices: ['Synchronously, at once', 'Asynchronously: there is plenty of time'],
        answer: 0,
        askAt: { kind: 'failure.detected', node: 'n1' },
        explain:
          'Unrecognised failures are sent synchronously (§0042): the node cannot know how long it really has.',
      },
    },
  ],
};

export const preformed: Lesson = {
  id: 'pre-formed',
  title: 'Why pre-formed',
  summary: 'Composing and signing at failure time loses the race against 16 ms.',
  steps: [
    {
      title: 'Composed at failure time',
      text:
        'Suppose n1 only builds, encodes and signs its message once the failure is detected. ' +
        'On a healthy machine that takes tens of microseconds; on a failing one — memory pressure, ' +
        'locks held, a dying OS — far longer. Mayday assumes 20 ms (an editable assumption). ' +
        'n1 loses power with 16 ms of hold-up.',
      scenario: cluster({ durationMs: 8000, options: { preformed: false }, events: [powerLoss] }),
      watch: 'n2',
      beats: [
        {
          on: { kind: 'failure.detected', node: 'n1' },
          text: 'Power loss: 16 ms left. n1 starts composing its message…',
        },
        {
          on: { kind: 'distress.lost', node: 'n1' },
          text: 'n1 died before the message was ready: the MAYDAY is lost.',
        },
        {
          on: { kind: 'peer.partitioned', node: 'n2', peer: 'n1' },
          text: 'So the others hear only silence: "partitioned?", and an administrator is needed.',
        },
      ],
      question: {
        prompt: 'Composing takes 20 ms; the power lasts 16 ms. Does the MAYDAY get out?',
        choices: ['Yes', 'No: n1 dies first'],
        answer: 1,
        explain: 'The message was lost: the race against the power supply was over before it started.',
      },
    },
    {
      title: 'Prepared in advance',
      text:
        "Now the patent's way: message, bytes and signature were built at start-up (§0045). " +
        'At failure time the node only writes the reason into a slot and sends.',
      scenario: cluster({ durationMs: 4000, events: [powerLoss] }),
      watch: 'n2',
      beats: [
        {
          on: { kind: 'distress.sent', node: 'n1' },
          text: 'Out at once: sending ready bytes costs microseconds.',
        },
        {
          on: { kind: 'peer.failed', node: 'n2', peer: 'n1' },
          text: "n2 knows n1 failed and takes db over — all before n1's 16 ms ran out.",
        },
      ],
      question: {
        prompt: 'Same power loss, message pre-formed. Does the MAYDAY get out?',
        choices: ['Yes', 'No: n1 dies first'],
        answer: 0,
        explain: 'Pre-formed, it leaves in the same instant: the whole point of preparing it ahead.',
      },
    },
  ],
};

export const leaving: Lesson = {
  id: 'leaving',
  title: 'Leaving for good',
  summary: 'Self-fencing, rejoining, and why a primary steps down before it speaks.',
  steps: [
    {
      title: 'Back from the dead?',
      text:
        'After its MAYDAY a node has told everyone it failed, and they acted on it. ' +
        'Here n1 loses power at t = 2 s with 6 s of battery, dies at 8 s, gets its power back at 11 s, ' +
        'and is told to rejoin at 15 s.',
      scenario: cluster({
        durationMs: 17000,
        events: [
          { at: 2000, kind: 'failure', node: 'n1', type: 'power-loss-battery', warningMs: 6000 },
          { at: 11000, kind: 'recover', node: 'n1' },
          { at: 15000, kind: 'rejoin', node: 'n1' },
        ],
      }),
      watch: 'n2',
      beats: [
        { on: { kind: 'node.fenced', node: 'n1' }, text: 'n1 fenced itself: no roles, out of the cluster.' },
        {
          on: { kind: 'node.recovered', node: 'n1' },
          text: 'n1 has power again — but it stays offline: the cluster believes it failed.',
        },
        {
          on: { kind: 'node.rejoined', node: 'n1' },
          text: 'n1 rejoined explicitly, as a new incarnation and the last backup. n2 keeps db.',
        },
      ],
      question: {
        prompt: "n1's power comes back at t = 11 s. What does n1 do?",
        choices: [
          'Takes db back at once',
          'Stays offline until it explicitly rejoins',
          'Serves db alongside n2',
        ],
        answer: 1,
        askAt: { kind: 'node.recovered', node: 'n1' },
        explain:
          'It said it failed; coming back on its own would contradict what everyone acted on (§0052). It rejoins as the last backup.',
      },
    },
    {
      title: 'Speaking before stepping down',
      text:
        'Order matters. Here n1 sends its MAYDAY first and drops its roles only when its orderly shutdown ends, ' +
        '3 s later (option demoteBeforeSend off). Its disk is failing, with 10 s to go.',
      scenario: cluster({
        durationMs: 7000,
        options: { demoteBeforeSend: false },
        events: [{ at: 2000, kind: 'failure', node: 'n1', type: 'disk-failing', warningMs: 10000 }],
      }),
      beats: [
        {
          on: { kind: 'distress.sent', node: 'n1' },
          text: 'The MAYDAY left while n1 still acts as primary…',
        },
        {
          on: { kind: 'invariant.violated' },
          text: '…n2 took over on it at once: SPLIT BRAIN, two primaries.',
        },
        {
          on: { kind: 'invariant.restored' },
          text: 'n1 finally stepped down after its shutdown: 3 s of split brain, caused by the order alone.',
        },
      ],
      question: {
        prompt: 'n1 announces its failure first and steps down 3 s later. What happens?',
        choices: ['Nothing bad: the others wait', 'About 3 s of split brain', 'db is down for 3 s'],
        answer: 1,
        explain:
          "Survivors act on a MAYDAY at once, so the sender must already have stepped down. Mayday's default does that.",
      },
    },
  ],
};
