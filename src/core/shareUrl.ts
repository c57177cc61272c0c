// A scenario in a link: `#s=` + lz-string of its minimal JSON, so the whole Lab setup fits in a
// URL. What comes back from a link is untrusted input and goes through the same parser as a file.
import * as lzModule from 'lz-string';
import { minimalScenario, parseScenario } from './scenario.ts';
import type { ParseResult } from './scenario.ts';
import type { Scenario } from './types.ts';

// lz-string is CommonJS: Node's ESM loader exposes it only as `default`, Vite's pre-bundle as
// named exports as well. Take whichever is there.
const lz: typeof lzModule = (lzModule as unknown as { default?: typeof lzModule }).default ?? lzModule;

export const HASH_KEY = 's';
/** Far beyond any real scenario; stops a pasted monster link before decompression. */
export const MAX_HASH_CHARS = 200_000;

const DAMAGED = 'the link is damaged: could not decompress it';

export function encodeScenarioHash(s: Scenario): string {
  return `#${HASH_KEY}=${lz.compressToEncodedURIComponent(JSON.stringify(minimalScenario(s)))}`;
}

/** Accepts `#s=…`, `s=…`, or `s=…` among other `&`-separated parameters. */
export function decodeScenarioHash(hash: string): ParseResult {
  const params = hash.replace(/^#/, '').split('&');
  const payload = params.find((p) => p.startsWith(`${HASH_KEY}=`))?.slice(HASH_KEY.length + 1);
  if (!payload) return { ok: false, errors: ['the link holds no scenario (no #s=…)'] };
  if (payload.length > MAX_HASH_CHARS) return { ok: false, errors: [DAMAGED] };
  // A truncated link decompresses to nothing, to garbage, or throws: whichever, it is the link, not
  // the scenario, that is wrong.
  let value: unknown;
  try {
    const text = lz.decompressFromEncodedURIComponent(payload);
    if (!text) return { ok: false, errors: [DAMAGED] };
    value = JSON.parse(text);
  } catch {
    return { ok: false, errors: [DAMAGED] };
  }
  const result = parseScenario(value);
  return result.ok ? result : { ok: false, errors: result.errors.map((e) => `link: ${e}`) };
}
