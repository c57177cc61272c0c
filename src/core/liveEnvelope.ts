// What live tabs say to each other (DESIGN §7): every post on a room's channel is an envelope,
// sealed with an HMAC of the room key, so a tab without the key is heard, rejected and counted,
// never obeyed. Pure: the channel, the counts and the clock live in src/transport.
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import * as v from 'valibot';
import { constantTimeEqual, NODE_ID_PATTERN } from './distressSignal.ts';
import { checkSettings, type RoomSettings } from './liveRoom.ts';
import { validateMessage } from './messages.ts';
import type { NodeSnapshot } from './snapshot.ts';
import type { Message, NodeId, TraceEvent } from './types.ts';

/** Larger posts are refused unread: a status or a trace batch is a few KB. */
export const MAX_ENVELOPE_CHARS = 64_000;
export const MAX_TRACE_BATCH = 400;

export type Phase = 'forming' | 'running' | 'down';

export type Body =
  | { kind: 'cluster'; message: Message }
  /** Presence: who holds which slot, in which phase, with which settings (new tabs adopt them). */
  | {
      kind: 'hello';
      phase: Phase;
      incarnation: number;
      joinedAt: number;
      /** When the sender's cluster formed (0 while forming): a tab that joined before it was part of it. */
      formedAt: number;
      settings: RoomSettings;
    }
  | {
      kind: 'status';
      snapshot: NodeSnapshot;
      rejected: Record<string, number>;
      frozenMs: number;
      adminPending: NodeId[];
      cutOff: NodeId[];
    }
  | { kind: 'trace'; events: TraceEvent[] }
  | { kind: 'admin'; action: 'mark-failed' | 'keep-waiting'; peer: NodeId }
  /** The fencing policy's power switch: the target powers itself off (a live tab has no PDU). */
  | { kind: 'fence'; target: NodeId };

export interface Envelope {
  v: 1;
  /** A node id, or an observer's name. */
  from: string;
  /** One per running page or worker: sequence numbers count within it (replays are refused). */
  sid: string;
  seq: number;
  /** Sender's clock: the page's time origin plus its monotonic time (passed in), shared by every tab of a browser. */
  t: number;
  to: NodeId | null;
  body: Body;
  /** HMAC-SHA256 of the rest, hex. Empty for a distress: its bytes carry their own signature. */
  mac: string;
}

export type Opened = { ok: true; envelope: Envelope } | { ok: false; from: string; reason: string };

const encoder = new TextEncoder();

function macOf(key: Uint8Array, e: Omit<Envelope, 'mac' | 'body'> & { body: unknown }): string {
  const text = JSON.stringify([e.v, e.from, e.sid, e.seq, e.t, e.to, e.body]);
  return bytesToHex(hmac(sha256, key, encoder.encode(text)));
}

/** A distress is pre-formed and pre-signed at start-up (§0045): nothing is signed when failing. */
function isDistress(body: Body): boolean {
  return body.kind === 'cluster' && body.message.type === 'distress';
}

export function seal(key: Uint8Array, e: Omit<Envelope, 'mac' | 'v'>): Envelope {
  const unsealed = { v: 1 as const, ...e };
  return { ...unsealed, mac: isDistress(e.body) ? '' : macOf(key, unsealed) };
}

const sender = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.:-]{1,48}$/));
const nodeId = v.pipe(v.string(), v.regex(NODE_ID_PATTERN));
const time = v.pipe(v.number(), v.finite(), v.minValue(0));
const envelopeSchema = v.strictObject({
  v: v.literal(1),
  from: sender,
  sid: v.pipe(v.string(), v.regex(/^[A-Za-z0-9]{1,32}$/)),
  seq: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  t: time,
  to: v.nullable(nodeId),
  body: v.looseObject({ kind: v.string() }),
  mac: v.pipe(v.string(), v.regex(/^([0-9a-f]{64})?$/)),
});

const role = v.picklist(['primary', 'backup', 'none']);
const belief = v.picklist(['alive', 'suspect', 'failed', 'partitioned']);
const snapshotSchema = v.strictObject({
  id: nodeId,
  truth: v.picklist(['alive', 'dead', 'paused', 'fenced', 'offline']),
  group: v.nullable(v.number()),
  lifecycle: v.pipe(v.string(), v.maxLength(80)),
  sendingNow: v.boolean(),
  sendPath: v.nullable(v.picklist(['sync', 'async'])),
  lostQuorum: v.boolean(),
  incarnation: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  roles: v.record(v.pipe(v.string(), v.maxLength(64)), role),
  beliefs: v.record(nodeId, belief),
  watching: v.pipe(v.array(nodeId), v.maxLength(64)),
  impending: v.nullable(
    v.strictObject({
      failure: v.pipe(v.string(), v.maxLength(64)),
      detectedAt: time,
      deathAt: v.number(),
      mode: v.nullable(v.picklist(['sync', 'async'])),
      distressLeavesAt: v.nullable(v.number()),
      shutdownDoneAt: v.nullable(v.number()),
    }),
  ),
});
// Trace events are shown and merged, never acted on: a shape check is enough (a time, a kind, flat fields).
const flat = v.union([v.string(), v.number(), v.boolean(), v.null(), v.array(v.unknown())]);
const traceEvent = v.pipe(
  v.record(v.string(), flat),
  v.check((e) => typeof e.t === 'number' && Number.isFinite(e.t) && typeof e.kind === 'string'),
);
const bodySchemas = {
  hello: v.strictObject({
    kind: v.literal('hello'),
    phase: v.picklist(['forming', 'running', 'down']),
    incarnation: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
    joinedAt: time,
    formedAt: time,
    settings: v.unknown(),
  }),
  status: v.strictObject({
    kind: v.literal('status'),
    snapshot: snapshotSchema,
    rejected: v.record(v.string(), v.number()),
    frozenMs: time,
    adminPending: v.pipe(v.array(nodeId), v.maxLength(64)),
    cutOff: v.pipe(v.array(nodeId), v.maxLength(64)),
  }),
  trace: v.strictObject({
    kind: v.literal('trace'),
    events: v.pipe(v.array(traceEvent), v.maxLength(MAX_TRACE_BATCH)),
  }),
  admin: v.strictObject({
    kind: v.literal('admin'),
    action: v.picklist(['mark-failed', 'keep-waiting']),
    peer: nodeId,
  }),
  fence: v.strictObject({ kind: v.literal('fence'), target: nodeId }),
} as const;

function where(issue: v.BaseIssue<unknown>): string {
  const path = issue.path?.map((p) => String(p.key)).join('.');
  return path ? `.${path}` : '';
}

function checkBody(
  raw: { kind: string } & Record<string, unknown>,
): { ok: true; body: Body } | { ok: false; reason: string } {
  if (raw.kind === 'cluster') {
    const message = validateMessage(raw.message);
    if (!message.ok) return { ok: false, reason: `body.${message.reason}` };
    if (Object.keys(raw).length !== 2)
      return { ok: false, reason: 'body: unknown field beside kind and message' };
    return { ok: true, body: { kind: 'cluster', message: message.message } };
  }
  const schema = bodySchemas[raw.kind as keyof typeof bodySchemas] as v.GenericSchema | undefined;
  if (!schema)
    return { ok: false, reason: `body.kind: unknown kind ${JSON.stringify(raw.kind).slice(0, 40)}` };
  const r = v.safeParse(schema, raw, { abortEarly: true });
  if (!r.success) return { ok: false, reason: `body${where(r.issues[0])}: ${r.issues[0].message}` };
  if (raw.kind === 'hello') {
    const settings = checkSettings(raw.settings, 'body.settings');
    if (!settings.ok) return { ok: false, reason: settings.errors[0] };
    return {
      ok: true,
      body: { ...(r.output as Extract<Body, { kind: 'hello' }>), settings: settings.value },
    };
  }
  return { ok: true, body: r.output as Body };
}

function claimedSender(raw: unknown): string {
  const from = (raw as { from?: unknown } | null)?.from;
  return typeof from === 'string' && /^[A-Za-z0-9_.:-]{1,48}$/.test(from) ? from : '(unnamed)';
}

/**
 * Reads one post: shape, size, then the seal. Never throws. Reasons name the field, e.g.
 * `body.snapshot.incarnation: Invalid type` or `mac: does not match the room key`.
 */
export function open(raw: unknown, key: Uint8Array): Opened {
  const from = claimedSender(raw);
  try {
    const shape = v.safeParse(envelopeSchema, raw, { abortEarly: true });
    if (!shape.success)
      return { ok: false, from, reason: `envelope${where(shape.issues[0])}: ${shape.issues[0].message}` };
    const e = shape.output;
    const size = JSON.stringify(e.body).length;
    if (size > MAX_ENVELOPE_CHARS) {
      return {
        ok: false,
        from,
        reason: `envelope: oversized (${size} characters, at most ${MAX_ENVELOPE_CHARS})`,
      };
    }
    const body = checkBody(e.body);
    if (!body.ok) return { ok: false, from, reason: body.reason };
    const envelope: Envelope = { ...e, body: body.body };
    if (isDistress(body.body)) {
      if (e.mac !== '')
        return { ok: false, from, reason: 'mac: a distress carries its own signature, not a seal' };
      const message = body.body as { kind: 'cluster'; message: Message };
      if (message.message.from !== e.from)
        return { ok: false, from, reason: 'body.message.from: differs from the sender' };
      return { ok: true, envelope };
    }
    if (e.mac === '') return { ok: false, from, reason: 'mac: missing' };
    // Over the body exactly as it arrived (the parsed copy may order its fields differently).
    const expected = macOf(key, { ...e, body: (raw as { body: unknown }).body });
    if (!constantTimeEqual(encoder.encode(expected), encoder.encode(e.mac))) {
      return {
        ok: false,
        from,
        reason: 'mac: does not match the room key (wrong key, or altered on the way)',
      };
    }
    if (body.body.kind === 'cluster' && body.body.message.from !== e.from) {
      return { ok: false, from, reason: 'body.message.from: differs from the sender' };
    }
    return { ok: true, envelope };
  } catch (error) {
    return { ok: false, from, reason: `envelope: could not be read (${String(error)})` };
  }
}
