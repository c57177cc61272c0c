// Lessons 8–10: where the distress signal cannot help, why it must be signed, and the same machines
// running live in the learner's own browser.
import { DEFAULT_SETTINGS, roomLink } from '../core/liveRoom.ts';
import { cluster } from './cluster.ts';
import type { Lesson } from './types.ts';

/** The open practice room of lesson 10: three nodes, the live defaults otherwise. */
export const LIVE_ROOM = 'lesson-ten';
const LIVE_SETTINGS = { ...DEFAULT_SETTINGS, nodes: 3 };

const crashN1 = { at: 2000, kind: 'crash', node: 'n1' } as const;

export const limits: Lesson = {
  id: 'limits',
  title: 'Where it cannot help',
  summary: 'No-warning crashes; quorum, leases and fencing as the backstop; what real systems do.',
  steps: [
    {
      title: 'No warning, no MAYDAY',
      text:
        'Some failures give no warning at all: a processor checkstop, kill -9, a cut cable. ' +
        'The distress signal is on, policy manual. At t = 2 s n1 crashes.',
      scenario: cluster({ durationMs: 9000, events: [crashN1] }),
      watch: 'n2',
      beats: [
        {
          on: { kind: 'node.died', node: 'n1' },
          text: 'n1 is gone in an instant. Nothing warned it, so nothing was sent.',
        },
        {
          on: { kind: 'admin.required' },
          text: 'Back to silence and an administrator: the distress signal cannot help here.',
        },
      ],
      question: {
        prompt: 'Distress is on and n1 crashes without warning. Do the others fail over at once?',
        choices: ['Yes: the MAYDAY goes out', 'No: nothing is sent, they only hear silence'],
        answer: 1,
        explain:
          'A node can only announce a failure it sees coming. Every other failure still needs a rule for silence.',
      },
    },
    {
      title: 'Quorum and leases',
      text:
        'The quorum policy is such a rule. A primary serves only while a majority renews its lease; ' +
        "a backup takes over only with a majority of votes, after the silent primary's lease must have run out. " +
        'A minority can never elect a second primary. n1 crashes again.',
      scenario: cluster({ durationMs: 11000, policy: 'quorum', events: [crashN1] }),
      watch: 'n2',
      beats: [
        {
          on: { kind: 'peer.partitioned', node: 'n2', peer: 'n1' },
          text: "n2 judges n1 silent. It does not know why, so it waits out n1's lease…",
        },
        {
          on: { kind: 'role.changed', node: 'n2' },
          text: "…then, with a majority's votes, takes db over. No administrator, no split brain — but seconds of outage.",
        },
      ],
      question: {
        prompt: 'Policy quorum, n1 crashes. How does db come back?',
        choices: [
          'At once, by a MAYDAY',
          'After the timeout and the lease, by majority vote',
          'Only when an administrator acts',
        ],
        answer: 1,
        explain: 'Safe without a person, but slow: the timeout and the lease are the price of not knowing.',
      },
    },
    {
      title: 'Fencing',
      text:
        "Pacemaker's way: before taking over, the survivors power the silent node off through a fence device, " +
        'so it surely cannot serve. It is slow (5 s here) and can fail. ' +
        'At t = 2 s the network splits n1 and n2 from the rest, and nobody crashes.',
      scenario: cluster({
        durationMs: 17000,
        policy: 'fencing',
        events: [
          {
            at: 2000,
            kind: 'partition',
            groups: [
              ['n1', 'n2'],
              ['n3', 'n4', 'n5'],
            ],
          },
        ],
      }),
      watch: 'n3',
      beats: [
        {
          on: { kind: 'lease.lost', node: 'n1' },
          text: 'n1 lost its majority, so its lease: it steps down by itself.',
        },
        {
          on: { kind: 'fence.started', node: 'n3', peer: 'n1' },
          text: 'The majority side orders the fence device to power n1 off.',
        },
        {
          on: { kind: 'fence.succeeded', node: 'n3', peer: 'n1' },
          text: 'n1 is off: a healthy node was killed to be sure.',
        },
        {
          on: { kind: 'role.changed', node: 'n3' },
          text: 'n2 is fenced too, and n3 takes db over: no split brain, after about 11 s of outage.',
        },
      ],
      question: {
        prompt: 'Policy fencing, the network splits. Will db have two primaries?',
        choices: ['Yes, for a while', 'No, never'],
        answer: 1,
        explain:
          'Fencing trades time, and sometimes a healthy node, for safety. A MAYDAY would have skipped the fence: the node fenced itself.',
      },
    },
    {
      title: 'What real systems do',
      text:
        'Presets model real systems\' defaults. IBM i: silence is "partitioned", an administrator decides. ' +
        'Pacemaker: quorum and fencing. Akka: the majority keeps going, the minority downs itself. ' +
        'Kubernetes: evict after minutes. SWIM (Consul, Serf): dead after about 4.5 s of silence. ' +
        "Here SWIM's defaults meet a node that is only paused, for 8 s.",
      scenario: cluster({
        durationMs: 13000,
        preset: 'swim',
        events: [{ at: 2000, kind: 'pause', node: 'n1', ms: 8000 }],
      }),
      watch: 'n2',
      beats: [
        {
          on: { kind: 'peer.failed', node: 'n2', peer: 'n1' },
          text: 'SWIM declared n1 dead and n2 took db over.',
        },
        {
          on: { kind: 'invariant.violated' },
          text: 'n1 woke up, still believing it is primary: split brain…',
        },
        { on: { kind: 'invariant.restored' }, text: '…until it hears it was declared dead and steps down.' },
      ],
      question: {
        prompt: "Under SWIM's defaults, n1 freezes for 8 s. What happens when it wakes?",
        choices: [
          'Nothing: it was too short to notice',
          'For a moment, two primaries',
          'db waits for an administrator',
        ],
        answer: 1,
        explain:
          'Every rule for silence is wrong in some case. The distress signal shrinks that case to failures nobody could see coming.',
      },
    },
  ],
};

export const trust: Lesson = {
  id: 'trust',
  title: 'Trust',
  summary: 'A forged MAYDAY would fence a healthy node; signatures and incarnations stop it.',
  steps: [
    {
      title: 'A forged MAYDAY',
      text:
        'A MAYDAY makes the others act at once, without checking. So anyone who can forge one can take a healthy ' +
        'primary out. Real "I am leaving" messages (memberlist\'s leave, telecom dying gasps) are not authenticated. ' +
        "Mayday signs each node's message at start-up with a cluster key. n5, without n1's key, forges a MAYDAY from n1.",
      scenario: cluster({
        durationMs: 5000,
        events: [{ at: 2000, kind: 'forge-distress', from: 'n5', claim: 'n1' }],
      }),
      watch: 'n2',
      beats: [
        {
          on: { kind: 'distress.rejected' },
          text: 'The signature does not match: rejected. n1 keeps serving db.',
        },
      ],
      question: {
        prompt: 'n5 sends a MAYDAY claiming to be n1. What happens?',
        choices: ['n1 is declared failed and db fails over', 'The others reject it; n1 keeps db'],
        answer: 1,
        explain: "Without the key, n5 cannot produce n1's signature. A forged MAYDAY fences nobody.",
      },
    },
    {
      title: 'A replayed MAYDAY',
      text:
        'A cleverer attacker records a genuine MAYDAY and sends it again later. ' +
        'n2 loses power at t = 2 s and sends a real one; it recovers and rejoins at 5 s. ' +
        'At 8 s n5 replays that old, correctly signed message.',
      scenario: cluster({
        durationMs: 10000,
        events: [
          { at: 2000, kind: 'failure', node: 'n2', type: 'power-loss', warningMs: 16 },
          { at: 4000, kind: 'recover', node: 'n2' },
          { at: 5000, kind: 'rejoin', node: 'n2' },
          { at: 8000, kind: 'forge-distress', from: 'n5', claim: 'n2', replay: true },
        ],
      }),
      watch: 'n1',
      beats: [
        { on: { kind: 'distress.sent', node: 'n2' }, text: 'A genuine MAYDAY from n2: accepted.' },
        { on: { kind: 'node.rejoined', node: 'n2' }, text: 'n2 rejoined as a new incarnation.' },
        {
          on: { kind: 'distress.rejected' },
          text: "The replay carries n2's old incarnation: rejected as stale.",
        },
      ],
      question: {
        prompt: "n5 replays n2's genuine, signed MAYDAY after n2 rejoined. What happens?",
        choices: ['n2 is fenced again', 'It is rejected: it belongs to an earlier life of n2'],
        answer: 1,
        askAt: { kind: 'node.rejoined', node: 'n2' },
        explain:
          'Each life of a node has its own incarnation number, signed into the message. An old MAYDAY cannot end a new life.',
      },
    },
  ],
};

export const live: Lesson = {
  id: 'live',
  title: 'In your own browser',
  summary: 'The same machines on a real clock: one browser tab per node.',
  steps: [
    {
      title: 'Three tabs, one closes',
      text:
        'In live mode each browser tab is a real node running the same machines on the real clock, ' +
        'talking to the other tabs of this browser. Closing a tab is a real imminent failure with almost no time left: ' +
        'the tab sends its pre-formed MAYDAY synchronously as it goes. ' +
        "First, the simulated version: three nodes, and n3's tab closes.",
      scenario: cluster({
        durationMs: 4000,
        nodes: ['n1', 'n2', 'n3'],
        events: [{ at: 2000, kind: 'failure', node: 'n3', type: 'tab-closed', warningMs: 5 }],
      }),
      watch: 'n1',
      beats: [
        {
          on: { kind: 'distress.sent', node: 'n3' },
          text: 'The closing tab got its MAYDAY out synchronously.',
        },
        {
          on: { kind: 'peer.failed', node: 'n1', peer: 'n3' },
          text: 'n1 knows n3 failed — it did not just go quiet.',
        },
      ],
      question: {
        prompt: 'A tab closes with a few milliseconds left. What verdict do the other tabs reach about it?',
        choices: ['Failed, at once', 'Partitioned, after the timeout'],
        answer: 0,
        explain: 'A closing tab sees its end coming, like a power supply losing mains: it can say so.',
      },
    },
    {
      title: 'Now for real',
      text:
        'Open the node tab link three times: three tabs of this browser, each a real node of the practice ' +
        'room "lesson-ten", running on the real clock. Open the observer too: it draws the whole room. ' +
        'When all three nodes are up, close one node tab. Read the verdict in the observer and in the other ' +
        'two tabs: "failed", by its MAYDAY, within milliseconds, with no timeout. ' +
        'Then press "Kill without warning" in a node tab: nothing is sent, and the others only hear silence.',
      beats: [],
      links: [
        { href: roomLink(LIVE_ROOM, null, LIVE_SETTINGS), label: 'Open a node tab (three times)' },
        { href: roomLink(LIVE_ROOM, null, LIVE_SETTINGS, true), label: 'Open the observer' },
      ],
    },
  ],
};
