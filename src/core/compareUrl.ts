// A comparison in a link (`#/compare?s=…&set=distress%3Dfalse`): the scenario as the Lab's share
// links carry it, and the settings of each run. Untrusted input: the scenario goes through the same
// parser as a file, each setting through applySettings when the page runs it.
import { decodeScenarioHash, encodeScenarioHash } from './shareUrl.ts';
import { formatSetting, parseSetting, type Setting } from './scenarioSet.ts';
import type { Scenario } from './types.ts';

export const COMPARE_ROUTE = '#/compare';

export interface CompareLink {
  /** Null when the link has no scenario (then the page uses its default). */
  scenario: Scenario | null;
  base: Setting[];
  set: Setting[];
  errors: string[];
}

export function compareHash(s: Scenario, base: readonly Setting[], set: readonly Setting[]): string {
  const params = [encodeScenarioHash(s).slice(1)];
  for (const b of base) params.push(`base=${encodeURIComponent(formatSetting(b))}`);
  for (const x of set) params.push(`set=${encodeURIComponent(formatSetting(x))}`);
  return `${COMPARE_ROUTE}?${params.join('&')}`;
}

export function isCompareHash(hash: string): boolean {
  return hash === COMPARE_ROUTE || hash.startsWith(`${COMPARE_ROUTE}?`);
}

export function parseCompareHash(hash: string): CompareLink {
  const query = hash.slice(COMPARE_ROUTE.length + 1);
  const out: CompareLink = { scenario: null, base: [], set: [], errors: [] };
  const params = query === '' ? [] : query.split('&');
  if (params.some((p) => p.startsWith('s='))) {
    const r = decodeScenarioHash(query);
    if (r.ok) out.scenario = r.scenario;
    else out.errors.push(...r.errors);
  }
  for (const p of params) {
    const eq = p.indexOf('=');
    const key = p.slice(0, eq);
    if (key !== 'set' && key !== 'base') continue;
    let text = '';
    try {
      text = decodeURIComponent(p.slice(eq + 1));
    } catch {
      out.errors.push(`link: a ${key} setting is damaged`);
      continue;
    }
    const setting = parseSetting(text);
    if (setting === null) out.errors.push(`link: '${text}' is not PATH=VALUE`);
    else out[key].push(setting);
  }
  return out;
}
