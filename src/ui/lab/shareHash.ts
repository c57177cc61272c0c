// Share a scenario (with its seed and the user's actions) as a link: the core's `#s=` encoding
// (src/core/shareUrl.ts). The Lab only adds: an ordinary hash (`#about`) is not a damaged link.
import type { ParseResult } from '../../core/scenario.ts';
import { decodeScenarioHash as decode } from '../../core/shareUrl.ts';

import { encodeActions, encodeScenarioHash } from '../../core/shareUrl.ts';
import type { Scenario, ScenarioEvent } from '../../core/types.ts';

export { decodeActions, encodeScenarioHash } from '../../core/shareUrl.ts';

/** A link to this moment: the scenario, the actions apart, the time and whether it plays. */
export function shareHash(
  base: Scenario,
  actions: readonly ScenarioEvent[],
  t: number,
  playing: boolean,
): string {
  return `${encodeScenarioHash(base)}${encodeActions(actions)}&t=${Math.round(t * 1000) / 1000}${playing ? '&play=1' : ''}`;
}

/** `&play=1`: the sharer's clock was running. */
export function playingFromHash(hash: string): boolean {
  return hash.replace(/^#/, '').split('&').includes('play=1');
}

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
