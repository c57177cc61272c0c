// The cluster node distress signal as signed bytes (US6442713 §0045, §0050): everything is built,
// encoded and signed once at start-up, so at failure time only the reason slot is written and the
// ready bytes go out. `composeDistress` is the pre-patent baseline that does all of it at failure time.
//
// Synchronous HMAC-SHA-256 (@noble/hashes) because the simulator is synchronous and deterministic;
// distressWebCrypto.ts produces and checks the same bytes with crypto.subtle for live mode.
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { NodeId } from './types.ts';

/**
 * Byte layout, version 1 (integers big-endian; C = cluster id bytes, N = node id bytes):
 *
 * | offset   | size | field                                                              |
 * | -------- | ---- | ------------------------------------------------------------------ |
 * | 0        | 6    | magic `MAYDAY` (ASCII)                                             |
 * | 6        | 1    | version = 1                                                        |
 * | 7        | 1    | C, 1–255                                                           |
 * | 8        | C    | cluster id, UTF-8                                                  |
 * | 8+C      | 1    | N, 1–32                                                            |
 * | 9+C      | N    | node id, ASCII `[A-Za-z0-9_.-]`                                    |
 * | 9+C+N    | 4    | incarnation, uint32                                                |
 * | 13+C+N   | 32   | HMAC-SHA-256(cluster key, bytes 0 … 12+C+N)                        |
 * | 45+C+N   | 32   | reason slot: length R (0–31), R bytes of UTF-8, zero padding       |
 *
 * Total 77+C+N bytes (79–364). The reason slot comes last and is outside the MAC, so every byte
 * before it is final at start-up (§0045: "room for a failure reason"). The reason is therefore
 * unauthenticated: it is informative only, and a receiver must not act on its content.
 */
export const DISTRESS_MAGIC = 'MAYDAY';
export const DISTRESS_VERSION = 1;
export const MAC_BYTES = 32;
export const REASON_SLOT_BYTES = 32;
/** Longest reason in UTF-8 bytes; longer reasons are cut on a character boundary. */
export const REASON_MAX_BYTES = REASON_SLOT_BYTES - 1;
export const CLUSTER_ID_MAX_BYTES = 255;
export const NODE_ID_PATTERN = /^[A-Za-z0-9_.-]{1,32}$/;
const FIXED_BYTES = 6 + 1 + 1 + 1 + 4 + MAC_BYTES + REASON_SLOT_BYTES;
export const DISTRESS_MIN_BYTES = FIXED_BYTES + 2;
export const DISTRESS_MAX_BYTES = FIXED_BYTES + CLUSTER_ID_MAX_BYTES + 32;
const MIN_KEY_BYTES = 16;

export type Bytes = Uint8Array<ArrayBuffer>;

export interface DistressIdentity {
  clusterId: string;
  node: NodeId;
  /** Which life of the node this is; bumped on every rejoin, so an old distress cannot be replayed. */
  incarnation: number;
  /** The cluster's HMAC key (32 bytes from clusterKeyFromSeed or randomClusterKey). */
  key: Uint8Array;
}

/** The pre-instantiated message object of §0045: a distress header and the sender's id. */
export interface PreformedMessage {
  readonly header: typeof DISTRESS_MAGIC;
  readonly clusterId: string;
  readonly node: NodeId;
  readonly incarnation: number;
}

export interface PreformedDistress {
  readonly message: PreformedMessage;
  /** Encoded and signed; the reason slot is still empty. Never mutated: fillReason copies it. */
  readonly bytes: Bytes;
  /** Where the reason slot starts; `bytes.length - REASON_SLOT_BYTES`. */
  readonly reasonOffset: number;
}

export type DistressRejection =
  'malformed' | 'wrong-cluster' | 'bad-signature' | 'stale-incarnation' | 'unknown-node';

/** On success `reason` is the sender's failure reason; on rejection it is why the message was refused. */
export type DistressVerdict =
  | { ok: true; node: NodeId; incarnation: number; reason: string }
  | { ok: false; reason: DistressRejection; detail: string };

export interface VerifyDistressOptions {
  /** The receiver's own cluster. */
  clusterId: string;
  key: Uint8Array;
  /** The receiver's view of each member's current incarnation; undefined = not a member it knows. */
  currentIncarnation(node: NodeId): number | undefined;
}

const encoder = new TextEncoder();
// ignoreBOM keeps a leading U+FEFF as data, so decoding is the exact inverse of encoding.
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// ---------------------------------------------------------------------------------------------
// Building

/** Throws a RangeError naming the field when an identity cannot be encoded (a start-up bug, not input). */
export function checkIdentity(id: DistressIdentity): void {
  const cluster = encoder.encode(id.clusterId);
  if (cluster.length < 1 || cluster.length > CLUSTER_ID_MAX_BYTES) {
    throw new RangeError(
      `clusterId: expected 1–${CLUSTER_ID_MAX_BYTES} bytes of UTF-8, got ${cluster.length}`,
    );
  }
  if (strictDecoder.decode(cluster) !== id.clusterId) {
    throw new RangeError('clusterId: contains an unpaired surrogate, which UTF-8 cannot carry');
  }
  if (!NODE_ID_PATTERN.test(id.node)) {
    throw new RangeError(`node: expected 1–32 of A–Z a–z 0–9 _ . -, got ${JSON.stringify(id.node)}`);
  }
  if (!Number.isInteger(id.incarnation) || id.incarnation < 0 || id.incarnation > 0xffffffff) {
    throw new RangeError(`incarnation: expected an integer in 0–4294967295, got ${id.incarnation}`);
  }
  if (!(id.key instanceof Uint8Array) || id.key.length < MIN_KEY_BYTES) {
    throw new RangeError(`key: expected a Uint8Array of at least ${MIN_KEY_BYTES} bytes`);
  }
}

/** The message object of §0045 for `id`, after checking that it can be encoded. */
export function distressMessage(id: DistressIdentity): PreformedMessage {
  checkIdentity(id);
  return { header: DISTRESS_MAGIC, clusterId: id.clusterId, node: id.node, incarnation: id.incarnation };
}

export interface UnsignedDistress {
  /** Header, cluster, node and incarnation written; MAC and reason slot still zero. */
  bytes: Bytes;
  /** Length of the signed prefix, which is also where the MAC goes. */
  macOffset: number;
  reasonOffset: number;
}

/** Encodes everything but the MAC and the reason. Exported for distressWebCrypto.ts. */
export function encodeUnsigned(message: PreformedMessage): UnsignedDistress {
  const cluster = encoder.encode(message.clusterId);
  const node = encoder.encode(message.node);
  const macOffset = 6 + 1 + 1 + cluster.length + 1 + node.length + 4;
  const reasonOffset = macOffset + MAC_BYTES;
  const bytes = new Uint8Array(reasonOffset + REASON_SLOT_BYTES);
  encoder.encodeInto(DISTRESS_MAGIC, bytes);
  bytes[6] = DISTRESS_VERSION;
  bytes[7] = cluster.length;
  bytes.set(cluster, 8);
  let at = 8 + cluster.length;
  bytes[at++] = node.length;
  bytes.set(node, at);
  at += node.length;
  new DataView(bytes.buffer).setUint32(at, message.incarnation);
  return { bytes, macOffset, reasonOffset };
}

function signInPlace(unsigned: UnsignedDistress, key: Uint8Array): void {
  const { bytes, macOffset } = unsigned;
  bytes.set(hmac(sha256, key, bytes.subarray(0, macOffset)), macOffset);
}

/**
 * Writes `reason` into the slot at `reasonOffset`: a length byte, then UTF-8. encodeInto never writes
 * half a character, so a long reason is cut on a character boundary. The rest of the slot is zeroed.
 */
export function writeReason(bytes: Uint8Array, reasonOffset: number, reason: string): void {
  const text = bytes.subarray(reasonOffset + 1, reasonOffset + REASON_SLOT_BYTES);
  const { written } = encoder.encodeInto(reason, text);
  bytes[reasonOffset] = written;
  text.fill(0, written);
}

/** Built once at node start (§0045, §0050): object, bytes and signature, with an empty reason slot. */
export function preformDistress(id: DistressIdentity): PreformedDistress {
  const message = Object.freeze(distressMessage(id));
  const unsigned = encodeUnsigned(message);
  signInPlace(unsigned, id.key);
  return Object.freeze({ message, bytes: unsigned.bytes, reasonOffset: unsigned.reasonOffset });
}

/**
 * A filled copy of the pre-formed bytes, leaving them reusable: for tests and for a replayed
 * distress (the attacker's copy of an earlier life). A node at failure time does not call this: it
 * writes the reason straight into the send buffer it copied at start-up (machines/distressSender.ts),
 * because allocating the copy costs more than the rest of the send (bench/distressSendPath.ts).
 */
export function fillReason(pre: PreformedDistress, reason: string): Bytes {
  const bytes = pre.bytes.slice();
  writeReason(bytes, pre.reasonOffset, reason);
  return bytes;
}

/** The pre-patent baseline: build the object, encode and sign, all at failure time. Same bytes as preform+fill. */
export function composeDistress(id: DistressIdentity, reason: string): Bytes {
  const unsigned = encodeUnsigned(distressMessage(id));
  signInPlace(unsigned, id.key);
  writeReason(unsigned.bytes, unsigned.reasonOffset, reason);
  return unsigned.bytes;
}

/** What an attacker without the cluster key sends: well formed, but signed with a key of its own. */
export function forgeDistress(claim: NodeId, clusterId: string, incarnation: number, reason: string): Bytes {
  const key = sha256(encoder.encode(`mayday/forged-key/v1/${claim}`));
  return composeDistress({ clusterId, node: claim, incarnation, key }, reason);
}

/** A deterministic 32-byte cluster key for the simulator: the same seed gives the same key everywhere. */
export function clusterKeyFromSeed(seed: number): Bytes {
  return sha256(encoder.encode(`mayday/cluster-key/v1/${seed}`)) as Bytes;
}

/**
 * A fresh 32-byte cluster key for live mode. Pass a bound function:
 * `randomClusterKey((a) => crypto.getRandomValues(a))` (an unbound getRandomValues throws in browsers).
 */
export function randomClusterKey(getRandomValues: (array: Bytes) => unknown): Bytes {
  const key = new Uint8Array(32);
  getRandomValues(key);
  if (key.every((b) => b === 0)) throw new Error('randomClusterKey: getRandomValues left the key all zeros');
  return key;
}

// ---------------------------------------------------------------------------------------------
// Checking

export interface ParsedDistress {
  ok: true;
  clusterId: string;
  node: NodeId;
  incarnation: number;
  reason: string;
  /** The bytes the MAC covers. */
  signed: Uint8Array;
  mac: Uint8Array;
}

type Rejected = Extract<DistressVerdict, { ok: false }>;

const reject = (reason: DistressRejection, detail: string): Rejected => ({ ok: false, reason, detail });
const malformed = (detail: string): Rejected => reject('malformed', detail);

function describe(value: unknown): string {
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : typeof value;
}

function isUint8Array(value: unknown): value is Uint8Array {
  try {
    return value instanceof Uint8Array;
  } catch {
    return false; // a Proxy whose getPrototypeOf trap throws
  }
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Reads and bounds-checks every field; checks nothing cryptographic. Never throws. */
export function parseDistress(input: unknown): ParsedDistress | Rejected {
  if (!isUint8Array(input)) return malformed(`expected a Uint8Array, got ${describe(input)}`);
  const b = input;
  if (b.length < DISTRESS_MIN_BYTES || b.length > DISTRESS_MAX_BYTES) {
    return malformed(`expected ${DISTRESS_MIN_BYTES}–${DISTRESS_MAX_BYTES} bytes, got ${b.length}`);
  }
  for (let i = 0; i < 6; i++) {
    if (b[i] !== DISTRESS_MAGIC.charCodeAt(i)) return malformed('bytes 0–5: not the MAYDAY header');
  }
  if (b[6] !== DISTRESS_VERSION) {
    return malformed(`byte 6: version ${b[6]}, this build reads ${DISTRESS_VERSION}`);
  }
  const clusterLength = b[7];
  const nodeAt = 8 + clusterLength;
  if (clusterLength < 1 || nodeAt >= b.length) return malformed(`byte 7: cluster id length ${clusterLength}`);
  const nodeLength = b[nodeAt];
  if (nodeLength < 1 || nodeLength > 32) {
    return malformed(`byte ${nodeAt}: node id length ${nodeLength} (1–32)`);
  }
  const macOffset = nodeAt + 1 + nodeLength + 4;
  if (b.length !== macOffset + MAC_BYTES + REASON_SLOT_BYTES) {
    return malformed(
      `expected ${macOffset + MAC_BYTES + REASON_SLOT_BYTES} bytes for these lengths, got ${b.length}`,
    );
  }
  const clusterId = decodeUtf8(b.subarray(8, nodeAt));
  if (clusterId === undefined) return malformed('cluster id: not valid UTF-8');
  const node = decodeUtf8(b.subarray(nodeAt + 1, nodeAt + 1 + nodeLength));
  if (node === undefined || !NODE_ID_PATTERN.test(node)) {
    return malformed('node id: not 1–32 of A–Z a–z 0–9 _ . -');
  }
  const incarnation = new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(macOffset - 4);
  const reasonOffset = macOffset + MAC_BYTES;
  const reasonLength = b[reasonOffset];
  if (reasonLength > REASON_MAX_BYTES) {
    return malformed(`reason slot: length ${reasonLength} > ${REASON_MAX_BYTES}`);
  }
  const reasonEnd = reasonOffset + 1 + reasonLength;
  const reason = decodeUtf8(b.subarray(reasonOffset + 1, reasonEnd));
  if (reason === undefined) return malformed('reason slot: not valid UTF-8');
  for (let i = reasonEnd; i < b.length; i++) {
    if (b[i] !== 0) return malformed(`reason slot: padding byte ${i} is not zero`);
  }
  return {
    ok: true,
    clusterId,
    node,
    incarnation,
    reason,
    signed: b.subarray(0, macOffset),
    mac: b.subarray(macOffset, reasonOffset),
  };
}

/** Compares two byte arrays in time that depends only on their lengths. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

const quote = (s: string): string => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

export function checkCluster(parsed: ParsedDistress, clusterId: string): Rejected | undefined {
  if (parsed.clusterId === clusterId) return undefined;
  return reject(
    'wrong-cluster',
    `cluster ${quote(parsed.clusterId)} is not this cluster ${quote(clusterId)}`,
  );
}

export const badSignature = (parsed: ParsedDistress): Rejected =>
  reject(
    'bad-signature',
    `the MAC claiming ${parsed.node} was not made with this cluster's key: forged or corrupted`,
  );

/** After the MAC checks out: is the sender a member, and is this its current life (not a replay)? */
export function judgeSender(
  parsed: ParsedDistress,
  currentIncarnation: (node: NodeId) => number | undefined,
): DistressVerdict {
  const current = currentIncarnation(parsed.node);
  if (current === undefined) return reject('unknown-node', `${parsed.node} is not a member this node knows`);
  if (parsed.incarnation < current) {
    return reject(
      'stale-incarnation',
      `${parsed.node} is in incarnation ${current}; this distress is from incarnation ${parsed.incarnation} (a replay)`,
    );
  }
  return { ok: true, node: parsed.node, incarnation: parsed.incarnation, reason: parsed.reason };
}

/**
 * Checks, in order: format (`malformed`), cluster (`wrong-cluster`), MAC (`bad-signature`), then the
 * sender against the receiver's membership (`unknown-node`, `stale-incarnation`). Membership comes after
 * the MAC so a forgery is never reported as anything but a forgery. Never throws on any `bytes`.
 */
export function verifyDistress(bytes: unknown, opts: VerifyDistressOptions): DistressVerdict {
  const parsed = parseDistress(bytes);
  if (!parsed.ok) return parsed;
  const wrongCluster = checkCluster(parsed, opts.clusterId);
  if (wrongCluster) return wrongCluster;
  if (!constantTimeEqual(hmac(sha256, opts.key, parsed.signed), parsed.mac)) return badSignature(parsed);
  return judgeSender(parsed, opts.currentIncarnation);
}
