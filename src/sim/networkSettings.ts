import type { NetworkSettings } from '../core/types.ts';

/** Validate network settings with messages that name the field (DESIGN §4.1 `network`). */
export function checkSettings(settings: NetworkSettings): NetworkSettings {
  const { latencyMs, loss, duplicate, reorder } = settings;
  if (
    !Array.isArray(latencyMs) ||
    latencyMs.length !== 2 ||
    !latencyMs.every((v) => typeof v === 'number' && Number.isFinite(v)) ||
    latencyMs[0] < 0 ||
    latencyMs[0] > latencyMs[1]
  ) {
    throw new RangeError(
      `network.latencyMs: expected [min, max] with 0 ≤ min ≤ max, got ${JSON.stringify(latencyMs)}`,
    );
  }
  for (const [field, p] of [
    ['loss', loss],
    ['duplicate', duplicate],
    ['reorder', reorder],
  ] as const) {
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new RangeError(
        `network.${field}: expected a probability between 0 and 1, got ${JSON.stringify(p)}`,
      );
    }
  }
  return { latencyMs: [latencyMs[0], latencyMs[1]], loss, duplicate, reorder };
}
