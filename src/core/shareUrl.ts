// A scenario in a link: `#s=` + lz-string of its minimal JSON, so the whole Lab setup fits in a
// URL. What comes back from a link is untrusted input and goes through the same parser as a file.
import * as lzModule from 'lz-string';
import { minimalScenario, parseScenario } from './scenario.ts';
import type { ParseResult } from './scenario.ts';
import { eventToPlain, scenarioToPlain } from './scenarioJson.ts';
import type { Scenario, ScenarioEvent } from './types.ts';

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

/** The `&`-separated parameters of a link's hash, without the leading '#'. */
function hashParam(hash: string, key: string): string | undefined {
  return hash
    .replace(/^#/, '')
    .split('&')
    .find((p) => p.startsWith(`${key}=`))
    ?.slice(key.length + 1);
}

export const ACTIONS_KEY = 'a';

/** `&a=…`: the sharer's own actions (scenario events), kept apart from the scenario's events. */
export function encodeActions(actions: readonly ScenarioEvent[]): string {
  return actions.length === 0
    ? ''
    : `&${ACTIONS_KEY}=${lz.compressToEncodedURIComponent(JSON.stringify(actions.map(eventToPlain)))}`;
}

/**
 * The actions of a link, checked as scenario events of `base` (same rules as a file: nodes exist,
 * times inside the run); [] when the link has none. Untrusted input: a damaged list is refused.
 */
export function decodeActions(
  hash: string,
  base: Scenario,
): { ok: true; actions: ScenarioEvent[] } | { ok: false; errors: string[] } {
  const payload = hashParam(hash, ACTIONS_KEY);
  if (payload === undefined) return { ok: true, actions: [] };
  let value: unknown;
  try {
    value = JSON.parse(lz.decompressFromEncodedURIComponent(payload) || 'null');
  } catch {
    value = null;
  }
  if (!Array.isArray(value)) return { ok: false, errors: ['link: the actions are damaged'] };
  // Parsed alone (the scenario without its own events), so what comes back is exactly the actions.
  const result = parseScenario({ ...scenarioToPlain(base), events: value });
  return result.ok
    ? { ok: true, actions: result.scenario.events }
    : { ok: false, errors: result.errors.map((e) => `link actions: ${e}`) };
}
