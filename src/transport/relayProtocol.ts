// What the LAN server's relay says to a node, and the close codes it uses. Shared by the server
// (server/relay.ts) and the node's relay client, so both sides read the same contract.
import { NODE_ID_PATTERN } from '../core/distressSignal.ts';
import { MAX_FRAME_CHARS } from './linkFrames.ts';

export const RELAY_CLOSE = { badJoin: 4000, roomFull: 4001, replaced: 4002 } as const;

/** Server → node. (Node → server is `{ to, data }`: data is a link frame as text.) */
export type RelayEvent =
  | { t: 'peers'; ids: string[] }
  | { t: 'joined'; id: string }
  | { t: 'left'; id: string }
  | { t: 'from'; from: string; data: string };

const isId = (value: unknown): value is string => typeof value === 'string' && NODE_ID_PATTERN.test(value);

/** Reads one server frame; undefined when it is not one (counted by the caller). */
export function parseRelayEvent(text: unknown): RelayEvent | undefined {
  if (typeof text !== 'string' || text.length > MAX_FRAME_CHARS + 256) return undefined;
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  switch (raw.t) {
    case 'peers':
      return Array.isArray(raw.ids) && raw.ids.length <= 64 && raw.ids.every(isId)
        ? { t: 'peers', ids: raw.ids }
        : undefined;
    case 'joined':
    case 'left':
      return isId(raw.id) ? { t: raw.t, id: raw.id } : undefined;
    case 'from':
      return isId(raw.from) && typeof raw.data === 'string'
        ? { t: 'from', from: raw.from, data: raw.data }
        : undefined;
    default:
      return undefined;
  }
}
