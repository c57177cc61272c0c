// Wording of scenario errors. A problem names the field (`events[3].node`) and says what is wrong in
// words a student can act on (CONVENTIONS habit 12).
import { MAX_ERRORS } from './scenarioDefaults.ts';

export type PathKey = string | number;

export interface Problem {
  path: PathKey[];
  message: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** `['events', 3, 'node']` → `events[3].node`; the whole scenario is `scenario`. */
export function formatPath(path: readonly PathKey[]): string {
  if (path.length === 0) return 'scenario';
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

/** A value as it should appear after "got": short, quoted like the examples in the docs. */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'nothing';
    case 'string':
      return quote(value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

/** `'n9'`, escaped and cut short so one odd value cannot flood the error list. */
export function quote(text: string): string {
  const escaped = JSON.stringify(text).slice(1, -1).replace(/'/g, "\\'");
  return `'${escaped.length > 40 ? `${escaped.slice(0, 39)}…` : escaped}'`;
}

/** The cluster's nodes in an error message: `n1–n5` when they are numbered, else the first few names. */
export function describeCluster(nodes: readonly string[]): string {
  const numbered = nodes.every((name, i) => name === `n${i + 1}`);
  if (numbered) return nodes.length === 1 ? 'n1' : `n1–n${nodes.length}`;
  if (nodes.length <= 8) return nodes.join(', ');
  return `${nodes.slice(0, 8).join(', ')} and ${nodes.length - 8} more`;
}

export function notANode(name: string, nodes: readonly string[]): string {
  return `${quote(name)} is not a node of this cluster (${describeCluster(nodes)})`;
}

/** "unknown field 'foo'", with the closest known name when one is close enough to be a typo. */
export function unknownField(key: string, known: readonly string[]): string {
  const guess = closest(key, known);
  if (guess !== undefined) return `unknown field ${quote(key)} (did you mean ${quote(guess)}?)`;
  return `unknown field ${quote(key)} (known fields here: ${known.join(', ')})`;
}

export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    // `duration` for `durationMs`, `latency` for `latencyMs`: a missing unit is the usual slip.
    const distance = lower.length >= 3 && c.startsWith(lower) ? 1 : editDistance(lower, c);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return Infinity;
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}

/**
 * Order: by top-level field in document order, then by item (`resources[0]` before `resources[1]`),
 * keeping the original order otherwise.
 */
export function formatProblems(problems: readonly Problem[], fieldOrder: readonly string[]): string[] {
  const rank = (p: Problem): number => {
    const head = p.path[0];
    const i = typeof head === 'string' ? fieldOrder.indexOf(head) : -1;
    return i === -1 ? fieldOrder.length : i;
  };
  const item = (p: Problem): number => (typeof p.path[1] === 'number' ? p.path[1] : -1);
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const p of [...problems].sort((a, b) => rank(a) - rank(b) || item(a) - item(b))) {
    const path = formatPath(p.path);
    // One complaint per field: a value that is both infinite and negative needs one fix, not two.
    if (seen.has(path)) continue;
    seen.add(path);
    lines.push(`${path}: ${p.message}`);
  }
  if (lines.length <= MAX_ERRORS) return lines;
  const shown = lines.slice(0, MAX_ERRORS - 1);
  shown.push(`scenario: and ${lines.length - shown.length} more problems not shown (fix these first)`);
  return shown;
}
