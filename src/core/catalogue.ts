// The failure catalogue of DESIGN §5: what each kind of failure warns, whether the node's own OS can
// see it coming, and how the distress signal should go out (§0039–§0043, §0048–§0049).
// Every figure is a default: scenarios and the UI may set any warning time.

/** How the distress leaves: 'none' for failures that give no warning, so nothing is sent. */
export type PreferredMode = 'sync' | 'async' | 'none';

export type KnownFailureType =
  | 'power-loss-battery'
  | 'power-loss'
  | 'hardware-fault'
  | 'ip-stack-takedown'
  | 'os-crash'
  | 'disk-failing'
  | 'adapter-failing'
  | 'crash'
  | 'pause';

export interface CatalogueEntry {
  type: KnownFailureType;
  /** Plain words for menus and logs. */
  label: string;
  /** Typical warning the node gets, [minMs, maxMs]. */
  warningRangeMs: readonly [number, number];
  /** A sensible point in the range, used when a scenario gives no `warningMs`. */
  defaultWarningMs: number;
  /** Whether the node's own OS sees the failure coming (§0048). */
  detectable: boolean;
  mode: PreferredMode;
  /** Which scenario event injects it: crash and pause are event kinds of their own (DESIGN §4.1). */
  event: 'failure' | 'crash' | 'pause';
  /**
   * What a `failure` event of this type does, which the runtime follows: the power goes when the
   * warning runs out, the node crashes at once, or it freezes for `ms` and comes back by itself.
   */
  atDeath: AtDeath;
  note: string;
}

export type AtDeath = { does: 'power-off' } | { does: 'crash' } | { does: 'pause'; ms: number };

const POWER_OFF: AtDeath = Object.freeze({ does: 'power-off' });

const entry = (e: CatalogueEntry): Readonly<CatalogueEntry> => Object.freeze(e);

/** In the order of DESIGN §5: detectable failures first, then the two silent ones. */
export const CATALOGUE: readonly Readonly<CatalogueEntry>[] = Object.freeze([
  entry({
    type: 'power-loss-battery',
    label: 'Power loss, on battery',
    // A UPS or battery holds the node up for tens of seconds to many minutes (§0039).
    warningRangeMs: [30_000, 600_000],
    defaultWarningMs: 60_000,
    detectable: true,
    mode: 'async',
    event: 'failure',
    atDeath: POWER_OFF,
    note: 'the battery leaves time for an orderly shutdown, so the dedicated task sends the distress',
  }),
  entry({
    type: 'power-loss',
    label: 'Power loss, no battery',
    // ATX power supplies must hold their outputs ≥ 16 ms after AC is lost; more at light load.
    warningRangeMs: [10, 30],
    defaultWarningMs: 16,
    detectable: true,
    mode: 'sync',
    event: 'failure',
    atDeath: POWER_OFF,
    note: 'only the power supply hold-up time is left: send at once on the current task',
  }),
  entry({
    type: 'hardware-fault',
    label: 'Hardware fault',
    warningRangeMs: [0, 5],
    defaultWarningMs: 2,
    detectable: true,
    mode: 'sync',
    event: 'failure',
    atDeath: POWER_OFF,
    note: 'a machine check gives a few milliseconds at best',
  }),
  entry({
    type: 'ip-stack-takedown',
    label: 'Network stack going down',
    warningRangeMs: [1, 50],
    defaultWarningMs: 20,
    detectable: true,
    mode: 'sync',
    event: 'failure',
    atDeath: POWER_OFF,
    note: 'the message must leave before the stack it travels on is gone',
  }),
  entry({
    type: 'os-crash',
    label: 'Imminent OS crash',
    warningRangeMs: [0, 10],
    defaultWarningMs: 5,
    detectable: true,
    mode: 'sync',
    event: 'failure',
    atDeath: POWER_OFF,
    note: 'a panic in progress: nothing else may run, so the current task sends',
  }),
  entry({
    type: 'disk-failing',
    label: 'Disk failing',
    // SMART and I/O error trends warn seconds to minutes ahead (§0048: "drives").
    warningRangeMs: [1_000, 600_000],
    defaultWarningMs: 20_000,
    detectable: true,
    mode: 'async',
    event: 'failure',
    atDeath: POWER_OFF,
    note: 'the node keeps running long enough for an orderly shutdown',
  }),
  entry({
    type: 'adapter-failing',
    label: 'Network adapter failing',
    warningRangeMs: [1, 20],
    defaultWarningMs: 5,
    detectable: true,
    mode: 'sync',
    event: 'failure',
    atDeath: POWER_OFF,
    note: 'the failing adapter cannot carry the message: it goes out another path',
  }),
  entry({
    type: 'crash',
    label: 'Instant crash (checkstop, kill -9)',
    warningRangeMs: [0, 0],
    defaultWarningMs: 0,
    detectable: false,
    mode: 'none',
    event: 'crash',
    atDeath: Object.freeze({ does: 'crash' }),
    note: 'no warning, so no distress: survivors only hear silence',
  }),
  entry({
    type: 'pause',
    label: 'Pause (GC, SIGSTOP)',
    warningRangeMs: [0, 0],
    defaultWarningMs: 0,
    detectable: false,
    mode: 'none',
    event: 'pause',
    // A typical long stop-the-world GC; the `pause` event kind gives any other length.
    atDeath: Object.freeze({ does: 'pause', ms: 5000 }),
    note: 'the node freezes and comes back by itself, unaware it was away',
  }),
]);

const byType = new Map<string, Readonly<CatalogueEntry>>(CATALOGUE.map((e) => [e.type, e]));

/**
 * The list for "inject a failure" menus: every detectable type, then crash and pause, which a
 * menu must inject as their own event kinds (`event` says which).
 */
export const FAILURE_MENU: readonly Readonly<CatalogueEntry>[] = Object.freeze([
  ...CATALOGUE.filter((e) => e.detectable),
  ...CATALOGUE.filter((e) => !e.detectable),
]);

export function catalogueEntry(type: string): Readonly<CatalogueEntry> | undefined {
  return byType.get(type);
}

export function isKnownFailure(type: string): type is KnownFailureType {
  return byType.has(type);
}

/** The warning a scenario gets when it names a type but no `warningMs`; 0 for a type we do not know. */
export function defaultWarningMs(type: string): number {
  return byType.get(type)?.defaultWarningMs ?? 0;
}

/** §0049: a type the OS does not recognise is sent synchronously, so the message surely leaves. */
export function preferredMode(type: string): PreferredMode {
  return byType.get(type)?.mode ?? 'sync';
}
