// The same distress bytes as distressSignal.ts, signed and checked with WebCrypto (live mode, §7).
// `subtle` is passed in (crypto.subtle in browsers and Node 20), so core touches no global.
import {
  badSignature,
  checkCluster,
  distressMessage,
  encodeUnsigned,
  judgeSender,
  parseDistress,
  writeReason,
} from './distressSignal.ts';
import type {
  Bytes,
  DistressIdentity,
  DistressVerdict,
  PreformedDistress,
  UnsignedDistress,
  VerifyDistressOptions,
} from './distressSignal.ts';

const HMAC_SHA256 = { name: 'HMAC', hash: 'SHA-256' } as const;

/** Import once and keep the CryptoKey: importing costs more than signing. */
export function importDistressKey(key: Uint8Array, subtle: SubtleCrypto): Promise<CryptoKey> {
  return subtle.importKey('raw', new Uint8Array(key), HMAC_SHA256, false, ['sign', 'verify']);
}

const asCryptoKey = (key: Uint8Array | CryptoKey, subtle: SubtleCrypto): Promise<CryptoKey> =>
  key instanceof Uint8Array ? importDistressKey(key, subtle) : Promise.resolve(key);

async function signInPlace(unsigned: UnsignedDistress, key: CryptoKey, subtle: SubtleCrypto): Promise<void> {
  const { bytes, macOffset } = unsigned;
  const mac = await subtle.sign('HMAC', key, bytes.subarray(0, macOffset));
  bytes.set(new Uint8Array(mac), macOffset);
}

/** preformDistress with WebCrypto: identical bytes (test/unit/distressSignal.test.ts checks it). */
export async function preformDistressWebCrypto(
  id: DistressIdentity,
  subtle: SubtleCrypto,
  cryptoKey?: CryptoKey,
): Promise<PreformedDistress> {
  const message = Object.freeze(distressMessage(id));
  const unsigned = encodeUnsigned(message);
  await signInPlace(unsigned, cryptoKey ?? (await importDistressKey(id.key, subtle)), subtle);
  return Object.freeze({ message, bytes: unsigned.bytes, reasonOffset: unsigned.reasonOffset });
}

/** The baseline with WebCrypto: encode and sign at failure time (with a key imported beforehand). */
export async function composeDistressWebCrypto(
  id: DistressIdentity,
  reason: string,
  subtle: SubtleCrypto,
  cryptoKey?: CryptoKey,
): Promise<Bytes> {
  const unsigned = encodeUnsigned(distressMessage(id));
  await signInPlace(unsigned, cryptoKey ?? (await importDistressKey(id.key, subtle)), subtle);
  writeReason(unsigned.bytes, unsigned.reasonOffset, reason);
  return unsigned.bytes;
}

export interface VerifyDistressWebCryptoOptions extends Omit<VerifyDistressOptions, 'key'> {
  key: Uint8Array | CryptoKey;
}

/** verifyDistress with WebCrypto: same checks, same order, same verdicts. Never rejects on any `bytes`. */
export async function verifyDistressWebCrypto(
  bytes: unknown,
  opts: VerifyDistressWebCryptoOptions,
  subtle: SubtleCrypto,
): Promise<DistressVerdict> {
  const parsed = parseDistress(bytes);
  if (!parsed.ok) return parsed;
  const wrongCluster = checkCluster(parsed, opts.clusterId);
  if (wrongCluster) return wrongCluster;
  const key = await asCryptoKey(opts.key, subtle);
  // subtle.verify compares in constant time; the copies give it ArrayBuffer-backed views.
  const valid = await subtle.verify('HMAC', key, parsed.mac.slice(), parsed.signed.slice());
  return valid ? judgeSender(parsed, opts.currentIncarnation) : badSignature(parsed);
}
