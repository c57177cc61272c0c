// Share a scenario (with its seed and the user's actions) as a link: the core's `#s=` encoding
// (src/core/shareUrl.ts). The Lab only adds: an ordinary hash (`#about`) is not a damaged link.
import type { ParseResult } from '../../core/scenario.ts';
import { decodeScenarioHash as decode } from '../../core/shareUrl.ts';

export { encodeScenarioHash } from '../../core/shareUrl.ts';

export const HASH_PREFIX = '#s=';

/** null when the hash holds no scenario at all (an ordinary link); otherwise the parse result. */
export function decodeScenarioHash(hash: string): ParseResult | null {
  return hash.startsWith(HASH_PREFIX) ? decode(hash) : null;
}

/** The moment a link points at (`&t=12000`, ms of virtual time), or null when it names none. */
export function momentFromHash(hash: string): number | null {
  const param = hash
    .replace(/^#/, '')
    .split('&')
    .find((p) => p.startsWith('t='));
  const t = param ? Number(param.slice(2)) : NaN;
  return Number.isFinite(t) && t >= 0 ? t : null;
}
