// Runtime validation of every message a node receives (live mode: BroadcastChannel, WebRTC), and the
// JSON-safe wire form. Nothing from another tab or device is trusted until it passes here (DESIGN §7).
import * as v from 'valibot';
import { NODE_ID_PATTERN } from './distressSignal.ts';
import type { Message, NodeId } from './types.ts';

/** Transport-level cap; the distress codec itself never exceeds DISTRESS_MAX_BYTES (364). */
export const MAX_DISTRESS_BYTES = 512;
const MAX_BASE64_CHARS = Math.ceil(MAX_DISTRESS_BYTES / 3) * 4;
const MAX_UINT32 = 0xffffffff;

export type MessageResult = { ok: true; message: Message } | { ok: false; reason: string };

/** A message as JSON can carry it: the distress bytes as base64, everything else unchanged. */
export type WireMessage =
  Exclude<Message, { type: 'distress' }> | { type: 'distress'; from: NodeId; bytes: string };

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value !== 'object' || value === null) return String(value);
  if (value instanceof Uint8Array) return `a Uint8Array of ${value.length} bytes`;
  return Array.isArray(value) ? `an array of ${value.length} items` : 'an object';
}

const expected =
  (what: string) =>
  (issue: v.BaseIssue<unknown>): string =>
    `expected ${what}, got ${show(issue.input)}`;

function field<T>(what: string, schema: (message: (issue: v.BaseIssue<unknown>) => string) => T): T {
  return schema(expected(what));
}

const nodeId = field('a node id (1–32 of A–Z a–z 0–9 _ . -)', (m) =>
  v.pipe(v.string(m), v.regex(NODE_ID_PATTERN, m)),
);
const resource = field('a resource name (1–64 characters)', (m) =>
  v.pipe(v.string(m), v.minLength(1, m), v.maxLength(64, m)),
);
const count = field('a non-negative integer', (m) => v.pipe(v.number(m), v.safeInteger(m), v.minValue(0, m)));
const incarnation = field('a non-negative integer up to 4294967295', (m) =>
  v.pipe(v.number(m), v.integer(m), v.minValue(0, m), v.maxValue(MAX_UINT32, m)),
);
const flag = v.boolean(expected('true or false'));
const time = field('a time in ms (finite, not negative)', (m) =>
  v.pipe(v.number(m), v.finite(m), v.minValue(0, m)),
);
const bytes = field(`a Uint8Array of 1–${MAX_DISTRESS_BYTES} bytes`, (m) =>
  v.pipe(
    v.instance(Uint8Array, m),
    v.check((b) => b.length >= 1 && b.length <= MAX_DISTRESS_BYTES, m),
  ),
);
const verdict = v.picklist(
  ['alive', 'failed', 'partitioned'],
  expected('"alive", "failed" or "partitioned"'),
);
const cause = v.picklist(
  ['distress', 'timeout', 'admin', 'fenced'],
  expected('"distress", "timeout", "admin" or "fenced"'),
);

// One message serves a strict object's three issues: not an object, a missing field, an unknown field.
const objectIssue = (issue: v.BaseIssue<unknown>): string => {
  if (issue.kind === 'schema' && issue.expected === 'never') return 'unexpected field';
  if (issue.path && issue.input === undefined) return 'missing';
  return `expected an object, got ${show(issue.input)}`;
};

const shape = <T extends v.ObjectEntries>(entries: T) => v.strictObject(entries, objectIssue);

/** Every message type on the wire (the trace-file reader checks `msg.*` events against it too). */
export const MESSAGE_TYPES = [
  'heartbeat',
  'distress',
  'report',
  'lease.renew',
  'lease.ack',
  'vote.request',
  'vote.reply',
  'join',
  'evicted',
  'probe',
  'probe.ack',
] as const satisfies readonly Message['type'][];

const messageSchema = v.variant(
  'type',
  [
    shape({ type: v.literal('heartbeat'), from: nodeId, incarnation, joinedAt: time }),
    shape({ type: v.literal('distress'), from: nodeId, bytes }),
    shape({
      type: v.literal('report'),
      from: nodeId,
      peer: nodeId,
      verdict,
      cause: v.optional(cause),
      incarnation,
    }),
    shape({ type: v.literal('lease.renew'), from: nodeId, resource, term: count, round: count }),
    shape({ type: v.literal('lease.ack'), from: nodeId, resource, term: count, round: count, granted: flag }),
    shape({ type: v.literal('vote.request'), from: nodeId, resource, term: count }),
    shape({
      type: v.literal('vote.reply'),
      from: nodeId,
      resource,
      term: count,
      granted: flag,
      primary: v.optional(nodeId),
    }),
    shape({ type: v.literal('join'), from: nodeId, incarnation, joinedAt: time }),
    shape({ type: v.literal('evicted'), from: nodeId, incarnation }),
    shape({ type: v.literal('probe'), from: nodeId, nonce: count }),
    shape({ type: v.literal('probe.ack'), from: nodeId, nonce: count }),
  ],
  (issue) =>
    issue.path
      ? `expected one of ${MESSAGE_TYPES.join(', ')}, got ${show(issue.input)}`
      : `expected an object, got ${show(issue.input)}`,
) satisfies v.GenericSchema<unknown, Message>;

// Compile-time: types.ts may not gain a message type that this file does not list.
type Unlisted = Exclude<Message['type'], (typeof MESSAGE_TYPES)[number]>;
const allTypesListed: [Unlisted] extends [never] ? true : Unlisted = true;
void allTypesListed;

function where(issue: v.BaseIssue<unknown>): string {
  const keys = issue.path?.map((item) => String(item.key)) ?? [];
  return ['message', ...keys].join('.');
}

/**
 * Strict check of a received message: every field's type and range, node ids, no unknown type and no
 * unknown field. Returns a fresh object (shallow: `bytes` is the same array). Reasons name the field:
 * `message.term: expected a non-negative integer, got -1`. Never throws.
 */
export function validateMessage(raw: unknown): MessageResult {
  try {
    if (Array.isArray(raw)) return { ok: false, reason: `message: expected an object, got ${show(raw)}` };
    const result = v.safeParse(messageSchema, raw, { abortEarly: true });
    if (result.success) return { ok: true, message: result.output };
    const issue = result.issues[0];
    return { ok: false, reason: `${where(issue)}: ${issue.message}` };
  } catch (error) {
    return { ok: false, reason: `message: could not be read (${String(error)})` };
  }
}

// ---------------------------------------------------------------------------------------------
// Wire form: structured clone (BroadcastChannel, workers) carries Uint8Array; JSON (WebRTC) does not.

function toBase64(data: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < data.length; i++) binary += String.fromCharCode(data[i]);
  return btoa(binary);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function fromBase64(text: string): Uint8Array | undefined {
  if (text.length > MAX_BASE64_CHARS || !BASE64.test(text)) return undefined;
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** A JSON-safe copy of `message` (distress bytes as base64), ready for JSON.stringify. */
export function messageToWire(message: Message): WireMessage {
  return message.type === 'distress' ? { ...message, bytes: toBase64(message.bytes) } : { ...message };
}

/** The inverse of messageToWire, on an already JSON-parsed value; validates like validateMessage. */
export function messageFromWire(raw: unknown): MessageResult {
  try {
    if (typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'distress') {
      const encoded: unknown = (raw as { bytes?: unknown }).bytes;
      const decoded = typeof encoded === 'string' ? fromBase64(encoded) : undefined;
      if (!decoded) {
        return {
          ok: false,
          reason: `message.bytes: expected base64 of 1–${MAX_DISTRESS_BYTES} bytes, got ${show(encoded)}`,
        };
      }
      return validateMessage({ ...raw, bytes: decoded });
    }
    return validateMessage(raw);
  } catch (error) {
    return { ok: false, reason: `message: could not be read (${String(error)})` };
  }
}
