// Limits on what a browser may send the PeerJS signaling server. The PeerJS server trusts its
// clients; on a classroom LAN anyone can open a socket to it, so every signaling message is size-
// and rate-limited and its shape checked before PeerJS sees it (DESIGN §7).
import type { WebSocket } from 'ws';
import { TokenBucket } from '../src/transport/tokenBucket.ts';

/** An SDP offer with many candidates stays well under this. */
export const MAX_SIGNAL_BYTES = 16 * 1024;
const SIGNAL_TYPES = new Set(['HEARTBEAT', 'OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE', 'EXPIRE']);

export interface SignalingStats {
  passed: number;
  rejected: { tooFast: number; malformed: number };
}

/** Why a signaling message is refused, or null if it may pass. */
export function signalProblem(data: string): string | null {
  let message: unknown;
  try {
    message = JSON.parse(data);
  } catch {
    return 'not JSON';
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return 'expected an object';
  const { type, dst } = message as { type?: unknown; dst?: unknown };
  if (typeof type !== 'string' || !SIGNAL_TYPES.has(type))
    return `type: ${JSON.stringify(type)} is not a PeerJS message`;
  if (dst !== undefined && (typeof dst !== 'string' || dst.length > 128)) return 'dst: expected a peer id';
  return null;
}

/**
 * Wraps the socket's `message` listeners so PeerJS only hears messages that pass. ws has no hook
 * between a frame and its listeners, hence the wrapping of `on`.
 */
export function guardSignalingSocket(socket: WebSocket, stats: SignalingStats): void {
  const bucket = new TokenBucket(50, 200);
  const on = socket.on.bind(socket) as (event: string, listener: (...args: unknown[]) => void) => WebSocket;
  (socket as unknown as { on: typeof on }).on = (event, listener) => {
    if (event !== 'message') return on(event, listener);
    return on(event, (data: unknown, ...rest: unknown[]) => {
      if (!bucket.take(Date.now())) return void stats.rejected.tooFast++;
      if (signalProblem(String(data)) !== null) return void stats.rejected.malformed++;
      stats.passed++;
      listener(data, ...rest);
    });
  };
}
