import { preformDistress, type DistressIdentity } from '../../core/distressSignal.ts';
import type { Envelope } from '../../core/liveEnvelope.ts';
import type { NodeId } from '../../core/types.ts';
import { distressBytes, type ReadyDistress } from '../../machines/distressSender.ts';

/** The ready distress of one life (§0045) as another task holds it: the page, or the distress task. */
export interface HeldDistress {
  node: NodeId;
  ready: ReadyDistress;
}

/** A copy of this life's pre-formed message for the page's own last task (pagehide). */
export function pageCopy(id: DistressIdentity): HeldDistress {
  const pre = preformDistress(id);
  return {
    node: id.node,
    ready: { kind: 'preformed', bytes: pre.bytes.slice(), reasonOffset: pre.reasonOffset },
  };
}

/**
 * A sender of ready bytes for one task (the page, or the distress-task Worker): the envelope is
 * built when the bytes arrive, so failure time costs writing the reason and one postMessage (§0045).
 * A distress needs no room seal: its bytes carry their own signature.
 */
export class ReadySender {
  private envelope: Envelope | null = null;
  private held: HeldDistress | null = null;
  private seq = 0;

  constructor(
    private readonly sid: string,
    private readonly channel: { postMessage(data: unknown): void },
  ) {}

  hold(held: HeldDistress | null): void {
    this.held = held;
    this.envelope = held && {
      v: 1,
      from: held.node,
      sid: this.sid,
      seq: 0,
      t: 0,
      to: null,
      body: { kind: 'cluster', message: { type: 'distress', from: held.node, bytes: new Uint8Array(0) } },
      mac: '',
    };
  }

  get holding(): boolean {
    return this.envelope !== null;
  }

  /** Sends on the current task; false if there was nothing to send (no life, or already sent). */
  send(reason: string, now: number): boolean {
    const e = this.envelope;
    if (!e || !this.held) return false;
    if (e.body.kind === 'cluster' && e.body.message.type === 'distress') {
      e.body.message.bytes = distressBytes(this.held.ready, reason);
    }
    e.seq = this.seq++;
    e.t = now;
    this.channel.postMessage(e);
    this.envelope = null;
    return true;
  }
}
