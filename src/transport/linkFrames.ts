// What two nodes say to each other on one link (a WebRTC data channel or the server's relay), as JSON
// text. A link first proves the room key both ways (hello → proof), then carries cluster messages.
// Every frame is checked for size before it is parsed and for shape after: nothing a peer sends is
// trusted, and a bad frame yields a reason naming the field (DESIGN §7).
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { constantTimeEqual, NODE_ID_PATTERN } from '../core/distressSignal.ts';
import { messageFromWire, messageToWire } from '../core/messages.ts';
import type { Message, NodeId } from '../core/types.ts';

/** Largest frame a node reads (a distress in base64 is ~500 characters; everything else is smaller). */
export const MAX_FRAME_CHARS = 2048;
/** Room names: what fits in a join link and a PeerJS id once hex-encoded. */
export const ROOM_PATTERN = /^[A-Za-z0-9_.-]{1,32}$/;
const NONCE_PATTERN = /^[0-9a-f]{32}$/;
const MAC_PATTERN = /^[0-9a-f]{64}$/;

export type Frame =
  | { t: 'hello'; room: string; id: NodeId; nonce: string }
  | { t: 'proof'; mac: string }
  | { t: 'msg'; m: Message };

export type FrameResult = { ok: true; frame: Frame } | { ok: false; reason: string; tooBig?: boolean };

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function fromHex(text: string): Uint8Array {
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** A fresh challenge for one link (128 random bits), so a recorded proof cannot be replayed. */
export function newNonce(getRandomValues: (array: Uint8Array<ArrayBuffer>) => unknown): string {
  const bytes = new Uint8Array(16);
  getRandomValues(bytes);
  return hex(bytes);
}

/** The proof that `prover` holds the room key, answering `verifier`'s challenge `nonce`. */
export function proveKey(
  key: Uint8Array,
  room: string,
  prover: NodeId,
  verifier: NodeId,
  nonce: string,
): string {
  return hex(
    hmac(sha256, key, new TextEncoder().encode(`mayday-link|${room}|${prover}|${verifier}|${nonce}`)),
  );
}

export function checkProof(
  key: Uint8Array,
  room: string,
  prover: NodeId,
  verifier: NodeId,
  nonce: string,
  mac: string,
): boolean {
  return constantTimeEqual(fromHex(mac), fromHex(proveKey(key, room, prover, verifier, nonce)));
}

export function encodeFrame(frame: Frame): string {
  return JSON.stringify(frame.t === 'msg' ? { t: 'msg', m: messageToWire(frame.m) } : frame);
}

const show = (value: unknown): string =>
  typeof value === 'string'
    ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
    : String(value);

function field(
  raw: Record<string, unknown>,
  name: string,
  pattern: RegExp,
  what: string,
): string | undefined {
  const value = raw[name];
  return typeof value === 'string' && pattern.test(value)
    ? undefined
    : `frame.${name}: expected ${what}, got ${show(value)}`;
}

/** Parses one frame; never throws. Size first, so a huge frame is never parsed. */
export function decodeFrame(data: unknown): FrameResult {
  if (typeof data !== 'string') return { ok: false, reason: `frame: expected text, got ${typeof data}` };
  if (data.length > MAX_FRAME_CHARS) {
    return {
      ok: false,
      reason: `frame: ${data.length} characters, more than ${MAX_FRAME_CHARS}`,
      tooBig: true,
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch {
    return { ok: false, reason: 'frame: not JSON' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, reason: 'frame: expected an object' };
  }
  const r = raw as Record<string, unknown>;
  const keys = Object.keys(r).sort().join(',');
  switch (r.t) {
    case 'hello': {
      if (keys !== 'id,nonce,room,t')
        return { ok: false, reason: 'frame: a hello has exactly t, room, id, nonce' };
      const problem =
        field(r, 'room', ROOM_PATTERN, 'a room name') ??
        field(r, 'id', NODE_ID_PATTERN, 'a node id') ??
        field(r, 'nonce', NONCE_PATTERN, '32 hex digits');
      if (problem) return { ok: false, reason: problem };
      return {
        ok: true,
        frame: { t: 'hello', room: r.room as string, id: r.id as string, nonce: r.nonce as string },
      };
    }
    case 'proof': {
      if (keys !== 'mac,t') return { ok: false, reason: 'frame: a proof has exactly t, mac' };
      const problem = field(r, 'mac', MAC_PATTERN, '64 hex digits');
      return problem
        ? { ok: false, reason: problem }
        : { ok: true, frame: { t: 'proof', mac: r.mac as string } };
    }
    case 'msg': {
      if (keys !== 'm,t') return { ok: false, reason: 'frame: a msg has exactly t, m' };
      const message = messageFromWire(r.m);
      return message.ok ? { ok: true, frame: { t: 'msg', m: message.message } } : message;
    }
    default:
      return { ok: false, reason: `frame.t: expected "hello", "proof" or "msg", got ${show(r.t)}` };
  }
}
