// Live mode's room (DESIGN §7): the link that joins it, the settings its members share, and the
// scenario those settings mean. Pure: URLs and messages are untrusted input, checked here.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { parseScenario } from './scenario.ts';
import type { NodeId, Policy, Scenario } from './types.ts';

export interface RoomSettings {
  /** Node slots n1…nN: the cluster forms once every slot has a tab. */
  nodes: number;
  /** Resources db, web, queue: primaries n1, n2, n3; the others back them up in join order. */
  resources: number;
  policy: Policy;
  heartbeatMs: number;
  timeoutMs: number;
  /** Whether nodes send the distress at all (off = the silence path, for comparison). */
  distress: boolean;
}

export const DEFAULT_SETTINGS: Readonly<RoomSettings> = Object.freeze({
  nodes: 3,
  resources: 1,
  policy: 'manual',
  heartbeatMs: 1000,
  timeoutMs: 3000,
  distress: true,
});

export const LIMITS = {
  nodes: [2, 8],
  resources: [1, 3],
  heartbeatMs: [50, 10_000],
  timeoutMs: [100, 60_000],
} as const;

const POLICIES: readonly Policy[] = ['manual', 'quorum', 'fencing', 'aggressive'];
const RESOURCE_NAMES = ['db', 'web', 'queue'];
export const ROOM_NAME = /^[A-Za-z0-9_-]{1,40}$/;
const KEY_HEX = /^[0-9a-f]{64}$/;

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** Checks settings from a link or from another tab; every problem names its field. */
export function checkSettings(raw: unknown, where = 'settings'): Checked<RoomSettings> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: [`${where}: expected an object`] };
  }
  const r = raw as Record<string, unknown>;
  const errors: string[] = [];
  const int = (field: keyof typeof LIMITS): number => {
    const [min, max] = LIMITS[field];
    const value = r[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      errors.push(
        `${where}.${field}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`,
      );
      return min;
    }
    return value;
  };
  const settings: RoomSettings = {
    nodes: int('nodes'),
    resources: int('resources'),
    heartbeatMs: int('heartbeatMs'),
    timeoutMs: int('timeoutMs'),
    policy: 'manual',
    distress: true,
  };
  if (POLICIES.includes(r.policy as Policy)) settings.policy = r.policy as Policy;
  else
    errors.push(`${where}.policy: expected one of ${POLICIES.join(', ')}, got ${JSON.stringify(r.policy)}`);
  if (typeof r.distress === 'boolean') settings.distress = r.distress;
  else errors.push(`${where}.distress: expected true or false, got ${JSON.stringify(r.distress)}`);
  if (errors.length === 0 && settings.timeoutMs <= settings.heartbeatMs) {
    errors.push(`${where}.timeoutMs: must be longer than the heartbeat (${settings.heartbeatMs} ms)`);
  }
  if (errors.length === 0 && settings.resources > settings.nodes) {
    errors.push(`${where}.resources: at most one per node (${settings.nodes})`);
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: settings };
}

export function nodeIds(settings: RoomSettings): NodeId[] {
  return Array.from({ length: settings.nodes }, (_, i) => `n${i + 1}`);
}

/** What a room's settings mean for the machines: the same Scenario the simulator runs. */
export function roomScenario(settings: RoomSettings): Scenario {
  const nodes = nodeIds(settings);
  const parsed = parseScenario({
    version: 1,
    seed: 1,
    nodes: nodes.length,
    resources: RESOURCE_NAMES.slice(0, settings.resources).map((name, i) => ({
      name,
      primary: nodes[i],
      backups: nodes.filter((_, j) => j !== i),
    })),
    policy: settings.policy,
    distress: settings.distress,
    heartbeat: { intervalMs: settings.heartbeatMs, timeoutMs: settings.timeoutMs },
    // Real tabs pay real costs: nothing is modelled on top of them, except the shutdown work that
    // the async path lets run beside the distress (§0039).
    costs: { sendMs: 0, wakeTaskMs: 0, composeMs: 0, orderlyShutdownMs: 500 },
    durationMs: 24 * 3600_000,
  });
  if (!parsed.ok) throw new Error(`room settings make no valid scenario: ${parsed.errors.join('; ')}`);
  return parsed.scenario;
}

// ---------------------------------------------------------------------------------------------
// Routes: /#/live, /#/live?room=NAME&key=KEY[&observe][&nodes=…]

export type LiveRoute =
  | { page: 'start' }
  | {
      page: 'node' | 'observe';
      room: string;
      key: Uint8Array;
      /** True when the key came from the room's name (an open practice room). */
      practice: boolean;
      /** Settings carried by the link; the room's members, when there are any, win. */
      settings: RoomSettings;
    }
  | { page: 'error'; errors: string[] };

/** Parses the part of the hash after `#/live`. */
export function parseLiveRoute(hash: string): LiveRoute {
  const query = hash.replace(/^#\/live\/?/, '').replace(/^\?/, '');
  if (query === '') return { page: 'start' };
  const params = new URLSearchParams(query);
  const errors: string[] = [];
  const room = params.get('room') ?? '';
  if (!ROOM_NAME.test(room)) {
    errors.push(`link room: expected 1–40 letters, digits, '-' or '_', got ${JSON.stringify(room)}`);
  }
  const keyText = params.get('key');
  let key: Uint8Array = new Uint8Array(0);
  if (keyText !== null && !KEY_HEX.test(keyText)) {
    errors.push('link key: expected 64 hexadecimal digits (copy the whole link again)');
  } else if (keyText !== null) key = hexToBytes(keyText);
  const number = (name: string, field: keyof typeof LIMITS): number => {
    const text = params.get(name);
    return text === null ? DEFAULT_SETTINGS[field] : Number(text);
  };
  const checked = checkSettings(
    {
      nodes: number('nodes', 'nodes'),
      resources: number('resources', 'resources'),
      heartbeatMs: number('hb', 'heartbeatMs'),
      timeoutMs: number('timeout', 'timeoutMs'),
      policy: params.get('policy') ?? DEFAULT_SETTINGS.policy,
      distress: params.get('distress') !== 'off',
    },
    'link',
  );
  if (!checked.ok) errors.push(...checked.errors);
  if (errors.length || !checked.ok) return { page: 'error', errors };
  const practice = keyText === null;
  return {
    page: params.has('observe') ? 'observe' : 'node',
    room,
    key: practice ? practiceKey(room) : key,
    practice,
    settings: checked.value,
  };
}

/** The link of a room: settings travel in it too, so the first tab of a room knows them. */
export function roomLink(
  room: string,
  key: Uint8Array | null,
  settings: RoomSettings,
  observe = false,
): string {
  const p = new URLSearchParams({ room });
  if (key) p.set('key', bytesToHex(key));
  p.set('nodes', String(settings.nodes));
  p.set('resources', String(settings.resources));
  p.set('policy', settings.policy);
  p.set('hb', String(settings.heartbeatMs));
  p.set('timeout', String(settings.timeoutMs));
  if (!settings.distress) p.set('distress', 'off');
  return `#/live?${p.toString()}${observe ? '&observe' : ''}`;
}

const encoder = new TextEncoder();

/** An open practice room's key comes from its name: anyone who knows the name can join. */
export function practiceKey(room: string): Uint8Array {
  return sha256(encoder.encode(`mayday/practice-room/v1/${room}`));
}

/** A short fingerprint of a key: names Web Locks and stores, so rooms with other keys never mix. */
export function keyTag(key: Uint8Array): string {
  return bytesToHex(sha256(key)).slice(0, 12);
}

/** The id the distress signature binds (DistressIdentity.clusterId). */
export function liveClusterId(room: string): string {
  return `live:${room}`;
}

/** A readable random room name, e.g. "room-k3x9q2"; `random` returns [0, 1). */
export function randomRoomName(random: () => number): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  let s = '';
  for (let i = 0; i < 6; i++) s += alphabet[Math.floor(random() * alphabet.length)];
  return `room-${s}`;
}
