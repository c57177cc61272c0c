import { preformDistress, writeReason, type DistressIdentity } from '../../core/distressSignal.ts';
import type { Envelope } from '../../core/liveEnvelope.ts';
import type { NodeId } from '../../core/types.ts';

/** The pre-formed distress of one life (§0045), as a page or the distress task holds it. */
export interface ReadyDistress {
  node: NodeId;
  incarnation: number;
  bytes: Uint8Array;
  reasonOffset: number;
}

export function readyDistress(id: DistressIdentity): ReadyDistress {
  const pre = preformDistress(id);
  return {
    node: id.node,
    incarnation: id.incarnation,
    bytes: pre.bytes.slice(),
    reasonOffset: pre.reasonOffset,
  };
}

/**
 * A sender of ready bytes for one task (the page, or the distress-task Worker): the envelope is
 * built when the bytes arrive, so failure time costs writing the reason and one postMessage (§0045).
 * A distress needs no room seal: its bytes carry their own signature.
 */
export class ReadySender {
  private envelope: Envelope | null = null;
  private ready: ReadyDistress | null = null;
  private seq = 0;

  constructor(
    private readonly sid: string,
    private readonly channel: { postMessage(data: unknown): void },
  ) {}

  hold(ready: ReadyDistress | null): void {
    this.ready = ready;
    this.envelope = ready && {
      v: 1,
      from: ready.node,
      sid: this.sid,
      seq: 0,
      t: 0,
      to: null,
      body: { kind: 'cluster', message: { type: 'distress', from: ready.node, bytes: ready.bytes } },
      mac: '',
    };
  }

  get holding(): boolean {
    return this.envelope !== null;
  }

  /** Sends on the current task; false if there was nothing to send (no life, or already sent). */
  send(reason: string, now: number): boolean {
    const e = this.envelope;
    if (!e || !this.ready) return false;
    writeReason(this.ready.bytes, this.ready.reasonOffset, reason);
    e.seq = this.seq++;
    e.t = now;
    this.channel.postMessage(e);
    this.envelope = null;
    return true;
  }
}
