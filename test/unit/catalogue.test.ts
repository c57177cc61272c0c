import { describe, expect, it } from 'vitest';
import {
  CATALOGUE,
  FAILURE_MENU,
  catalogueEntry,
  defaultWarningMs,
  isKnownFailure,
  preferredMode,
} from '../../src/core/catalogue.ts';
import { PRESETS, PRESET_NAMES, presetByName } from '../../src/core/presets.ts';

describe('failure catalogue (DESIGN §5)', () => {
  it('has every type of §5 with its default warning', () => {
    const defaults = Object.fromEntries(CATALOGUE.map((e) => [e.type, e.defaultWarningMs]));
    expect(defaults).toEqual({
      'power-loss-battery': 60_000,
      'power-loss': 16,
      'hardware-fault': 2,
      'ip-stack-takedown': 20,
      'os-crash': 5,
      'disk-failing': 20_000,
      'adapter-failing': 5,
      crash: 0,
      pause: 0,
    });
  });

  it('puts each default warning inside its range', () => {
    for (const e of CATALOGUE) {
      const [min, max] = e.warningRangeMs;
      expect(min, e.type).toBeLessThanOrEqual(e.defaultWarningMs);
      expect(e.defaultWarningMs, e.type).toBeLessThanOrEqual(max);
    }
  });

  it('gives the mode of §5: async only with time to spare, nothing for silent failures', () => {
    expect(preferredMode('power-loss-battery')).toBe('async');
    expect(preferredMode('disk-failing')).toBe('async');
    for (const t of ['power-loss', 'hardware-fault', 'ip-stack-takedown', 'os-crash', 'adapter-failing']) {
      expect(preferredMode(t), t).toBe('sync');
    }
    expect(preferredMode('crash')).toBe('none');
    expect(preferredMode('pause')).toBe('none');
    expect(catalogueEntry('crash')?.detectable).toBe(false);
    expect(catalogueEntry('os-crash')?.detectable).toBe(true);
  });

  it('sends an unknown type synchronously, with no default warning (§0049)', () => {
    expect(isKnownFailure('cosmic-ray')).toBe(false);
    expect(catalogueEntry('cosmic-ray')).toBeUndefined();
    expect(preferredMode('cosmic-ray')).toBe('sync');
    expect(defaultWarningMs('cosmic-ray')).toBe(0);
    // Not fooled by names that exist on every object.
    expect(isKnownFailure('constructor')).toBe(false);
    expect(preferredMode('__proto__')).toBe('sync');
  });

  it('says the failing adapter cannot carry its own message', () => {
    expect(catalogueEntry('adapter-failing')?.note).toBe(
      'the failing adapter cannot carry the message: it goes out another path',
    );
  });

  it('lists detectable failures for menus, then crash and pause flagged as their own events', () => {
    expect(FAILURE_MENU.map((e) => e.type)).toEqual([
      'power-loss-battery',
      'power-loss',
      'hardware-fault',
      'ip-stack-takedown',
      'os-crash',
      'disk-failing',
      'adapter-failing',
      'crash',
      'pause',
    ]);
    expect(FAILURE_MENU.filter((e) => e.event !== 'failure').map((e) => [e.type, e.event])).toEqual([
      ['crash', 'crash'],
      ['pause', 'pause'],
    ]);
  });
});

describe('policy presets (DESIGN §6)', () => {
  it('has the five presets with the documented figures', () => {
    expect(PRESET_NAMES).toEqual(['ibm-i', 'pacemaker', 'swim', 'akka', 'kubernetes']);
    expect(presetByName('ibm-i')).toMatchObject({
      policy: 'manual',
      heartbeat: { intervalMs: 3000, timeoutMs: 12_000 },
    });
    expect(presetByName('pacemaker')).toMatchObject({
      policy: 'fencing',
      heartbeat: { intervalMs: 1000, timeoutMs: 6600 },
      fence: { delayMs: 5000, successRate: 0.95, retryMs: 10_000 },
    });
    expect(presetByName('swim')).toMatchObject({
      policy: 'aggressive',
      heartbeat: { intervalMs: 1000, timeoutMs: 4500 },
    });
    expect(presetByName('akka')).toMatchObject({ policy: 'quorum', leaseMs: 20_000 });
    expect(presetByName('kubernetes')).toMatchObject({
      policy: 'aggressive',
      heartbeat: { intervalMs: 10_000, timeoutMs: 50_000 },
    });
    expect(presetByName('k8s')).toBeUndefined();
  });

  it('keeps every preset sensible: timeout above interval, text for the UI', () => {
    for (const p of PRESETS) {
      expect(p.heartbeat.timeoutMs, p.name).toBeGreaterThan(p.heartbeat.intervalMs);
      expect(p.leaseMs, p.name).toBeGreaterThan(0);
      expect(p.label && p.system && p.note, p.name).toBeTruthy();
      expect(Object.isFrozen(p.heartbeat), p.name).toBe(true);
    }
  });
});
