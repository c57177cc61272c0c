import { dotted } from './stateValue.ts';
import { createActor } from 'xstate';
import {
  composeDistress,
  preformDistress,
  writeReason,
  type DistressIdentity,
} from '../core/distressSignal.ts';
import type { Clock } from '../core/ports.ts';
import type { Costs, SendMode } from '../core/types.ts';
import { distressTaskMachine } from './distressTaskMachine.ts';
import { prepared } from './prepare.ts';

/**
 * The sending side of the distress signal, in one place (§0042–§0045). The node lifecycle machine
 * decides *which* way the message goes; this sends it:
 *
 * - at start-up (and at each rejoin) it readies the message: built, encoded and signed once, and
 *   copied into the send buffer it will leave in (§0045), and it starts the idle dedicated task (§0044);
 * - `sendSync` puts it on the wire on the current task (§0042): nothing else runs meanwhile;
 * - `handOver` queues it to the dedicated task (§0043), which sends it by itself and reports back.
 *
 * The dedicated task gets only plain data (the ready bytes, or what it needs to compose) and two
 * callbacks, so it can live on another thread — a Web Worker holding the ready bytes — without any
 * change to the lifecycle machine: see `StartDistressTask`.
 */

/** The message as the dedicated task holds it: ready bytes (§0045), or the identity to compose from. */
export type ReadyDistress =
  | { kind: 'preformed'; bytes: Uint8Array; reasonOffset: number }
  | { kind: 'compose'; identity: DistressIdentity };

/** The bytes that leave, for `reason`: the reason slot written into the ready buffer, or composed now. */
export function distressBytes(ready: ReadyDistress, reason: string): Uint8Array {
  if (ready.kind === 'compose') return composeDistress(ready.identity, reason);
  // §0045: only the reason slot is written now; nothing is built, encoded or signed.
  writeReason(ready.bytes, ready.reasonOffset, reason);
  return ready.bytes;
}

/** A running dedicated task: idle until a message is queued to it. */
export interface DistressTask {
  /** §0043: wake the task with the reason; it sends, then calls the `left` it was started with. */
  queue(reason: string): void;
  /** The node died or stopped: nothing more may leave. */
  stop(): void;
  /** Its machine's state (`idle`, `waking`…), for the Machine tab; absent when it runs elsewhere. */
  state?(): string;
}

/**
 * Starts a dedicated task (§0044), idle, holding `ready`. When queued, it puts the bytes on `wire`
 * (a task on another thread may use a wire of its own) and then calls `left(reason)`.
 */
export type StartDistressTask = (
  ready: ReadyDistress,
  wire: (bytes: Uint8Array) => void,
  left: (reason: string) => void,
) => DistressTask;

const taskMachine = prepared(distressTaskMachine);

/** The dedicated task in this thread: the task machine on the node's clock (the simulator, the CLI). */
export function inThreadDistressTask(clock: Clock, costs: Costs): StartDistressTask {
  return (ready, wire, left) => {
    const actor = createActor(taskMachine, {
      clock,
      input: { costs, preformed: ready.kind === 'preformed' },
    });
    actor.on('distress.transmit', ({ reason }) => {
      wire(distressBytes(ready, reason));
      left(reason);
    });
    actor.start();
    return {
      queue: (reason) => actor.send({ type: 'distress.queue', reason }),
      stop: () => actor.stop(),
      state: () => dotted(actor.getSnapshot().value),
    };
  };
}

export interface DistressSenderSetup {
  /** Pre-form at start-up (§0045), or compose at failure time (the pre-patent baseline). */
  preformed: boolean;
  /** Puts the bytes on the wire: a broadcast to every peer. */
  wire(bytes: Uint8Array): void;
  /** The message is out, by the current task (sync) or the dedicated task (async). */
  left(mode: SendMode, reason: string): void;
  startTask: StartDistressTask;
}

export class DistressSender {
  private ready: ReadyDistress | null = null;
  private task: DistressTask | null = null;
  private sentInThisLife = false;

  constructor(private readonly setup: DistressSenderSetup) {}

  /** True from the moment the distress leaves until the node rejoins: it must never serve meanwhile. */
  get sent(): boolean {
    return this.sentInThisLife;
  }

  /** Node start or rejoin (a new incarnation): ready the message and start the idle task. */
  arm(identity: DistressIdentity): void {
    this.task?.stop();
    const [mine, tasks] = readyCopies(this.setup.preformed, identity);
    this.ready = mine;
    this.task = this.setup.startTask(
      tasks,
      (bytes) => this.setup.wire(bytes),
      (reason) => this.leave('async', reason),
    );
    this.sentInThisLife = false;
  }

  /** §0042: on the current task, now. The lifecycle machine has already waited the cost of sending. */
  sendSync(reason: string): void {
    if (!this.ready || this.sentInThisLife) return;
    this.setup.wire(distressBytes(this.ready, reason));
    this.leave('sync', reason);
  }

  /** §0043: queued to the dedicated task; the current task is free for the orderly shutdown. */
  handOver(reason: string): void {
    if (!this.sentInThisLife) this.task?.queue(reason);
  }

  /** The dedicated task's state, or null when there is none (or it cannot be read from here). */
  taskState(): string | null {
    return this.task?.state?.() ?? null;
  }

  /** Power off: the task dies with the node; whatever had not left never will. */
  stop(): void {
    this.task?.stop();
    this.task = null;
  }

  private leave(mode: SendMode, reason: string): void {
    this.sentInThisLife = true;
    this.setup.left(mode, reason);
  }
}

/**
 * One ready message for the current task and one for the dedicated task, each in its own buffer
 * (a buffer is never shared across threads). Copied now, because allocating at failure time costs
 * more than everything else on the pre-formed path (BENCHMARKS.md, send path in Chromium).
 */
function readyCopies(preformed: boolean, identity: DistressIdentity): [ReadyDistress, ReadyDistress] {
  if (!preformed)
    return [
      { kind: 'compose', identity },
      { kind: 'compose', identity },
    ];
  const pre = preformDistress(identity);
  const copy = (): ReadyDistress => ({
    kind: 'preformed',
    bytes: pre.bytes.slice(),
    reasonOffset: pre.reasonOffset,
  });
  return [copy(), copy()];
}
