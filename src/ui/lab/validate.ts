// Form checks with messages a person can act on (CONVENTIONS habit 12): every message names the
// field, says what is wrong and what would be right. '' means the value is fine.

export interface Bounds {
  min?: number;
  max?: number;
  /** Whole numbers only. */
  integer?: boolean;
}

export function validateNumber(text: string, label: string, b: Bounds = {}): string {
  const s = String(text).trim();
  if (s === '') return `${label}: enter a number.`;
  const v = Number(s);
  if (!Number.isFinite(v)) return `${label}: "${s}" is not a number.`;
  if (b.integer && !Number.isInteger(v)) return `${label}: must be a whole number.`;
  const min = b.min ?? -Infinity;
  const max = b.max ?? Infinity;
  if (v < min || v > max) {
    if (max === Infinity) return `${label}: must be at least ${min}.`;
    if (min === -Infinity) return `${label}: must be at most ${max}.`;
    return `${label}: must be from ${min} to ${max}.`;
  }
  return '';
}

/** A duration in ms, 0 or more by default. */
export function validateMs(text: string, label: string, b: Bounds = {}): string {
  return validateNumber(text, `${label} (ms)`, { min: 0, ...b });
}

/** A percentage 0–100 (loss, duplication, reordering). */
export function validatePercent(text: string, label: string): string {
  return validateNumber(text, `${label} (%)`, { min: 0, max: 100 });
}

/** A name: a resource, a failure type. Letters, digits, dot, dash and underscore. */
export function validateName(text: string, label: string): string {
  const s = String(text).trim();
  if (s === '') return `${label}: enter a name.`;
  if (s.length > 40) return `${label}: at most 40 characters.`;
  if (!/^[A-Za-z0-9._-]+$/.test(s)) return `${label}: use letters, digits, ".", "-" or "_" only.`;
  return '';
}
