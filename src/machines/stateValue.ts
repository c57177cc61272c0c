import type { StateValue } from 'xstate';

/** Dotted form of any machine's state value: { majority: 'fencing' } → "majority.fencing". */
export function dotted(value: StateValue): string {
  if (typeof value === 'string') return value;
  const entries = Object.entries(value);
  if (entries.length === 0) return '';
  const [key, inner] = entries[0];
  const rest = inner === undefined ? '' : dotted(inner);
  return rest ? `${key}.${rest}` : key;
}
