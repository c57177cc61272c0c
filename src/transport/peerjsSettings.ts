// Where the LAN server mounts PeerJS, shared by the server and the node's client, so the two cannot
// drift apart. The key is PeerJS's own API key (not the room key): PeerJS insists on one.
export const PEERJS_PATH = '/peerjs';
export const PEERJS_KEY = 'mayday';

/** PeerJS ids are global to the server (it has no rooms) and must be alphanumeric with - or _ inside. */
export function peerJsId(room: string, node: string): string {
  const hex = (s: string): string =>
    Array.from(new TextEncoder().encode(s), (b) => b.toString(16).padStart(2, '0')).join('');
  return `mayday-${hex(room)}-${hex(node)}`;
}

/** The inverse of peerJsId for this room; undefined for an id of another room or not ours. */
export function nodeFromPeerJsId(room: string, id: string): string | undefined {
  const prefix = peerJsId(room, '');
  if (!id.startsWith(prefix)) return undefined;
  const hex = id.slice(prefix.length);
  if (!/^(?:[0-9a-f]{2}){1,32}$/.test(hex)) return undefined;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return new TextDecoder().decode(bytes);
}
