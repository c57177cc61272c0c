// Share a scenario (with its seed and the user's actions) as a link: `#s=` + the compact JSON,
// compressed by lz-string into URL-safe characters. A damaged link is refused like a bad file.
// (The brief expected this in src/core/shareUrl.ts; it is not there yet, so the Lab keeps it here.)
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { parseScenarioText, type ParseResult } from '../../core/scenario.ts';
import { scenarioToPlain } from '../../core/scenarioJson.ts';
import type { Scenario } from '../../core/types.ts';

export const HASH_PREFIX = '#s=';

export function encodeScenarioHash(s: Scenario): string {
  return HASH_PREFIX + compressToEncodedURIComponent(JSON.stringify(scenarioToPlain(s)));
}

/** null when the hash holds no scenario at all (an ordinary link); otherwise the parse result. */
export function decodeScenarioHash(hash: string): ParseResult | null {
  if (!hash.startsWith(HASH_PREFIX)) return null;
  const body = hash.slice(HASH_PREFIX.length);
  let text: string | null = null;
  try {
    text = decompressFromEncodedURIComponent(body);
  } catch {
    text = null;
  }
  if (!text) return { ok: false, errors: ['the link is damaged: its scenario could not be decompressed'] };
  const result = parseScenarioText(text);
  return result.ok ? result : { ok: false, errors: result.errors.map((e) => `in the link: ${e}`) };
}
