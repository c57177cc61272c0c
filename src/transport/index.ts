// One Transport interface (defined in core, so machines never import this folder) and its real
// implementations. The simulated network lives in src/sim and implements the same interface.
// connectWebRtc() fetches the PeerJS client with a dynamic import on first use: only live mode pays.
export type { Transport } from '../core/ports.ts';
export { BroadcastChannelTransport, type ChannelLike } from './broadcastChannelTransport.ts';
export { RoomChannel, type RoomChannelOptions, type SenderRejections } from './roomChannel.ts';
export { RoomTransport } from './roomTransport.ts';
export { MergedTransport } from './mergedTransport.ts';
export { MeshTransport, type Link, type LinkPath, type LinkView } from './meshTransport.ts';
export { connectWebRtc, WebRtcTransport, type WebRtcOptions } from './webrtcTransport.ts';
