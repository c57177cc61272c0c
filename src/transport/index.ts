// One Transport interface (defined in core, so machines never import this folder) and its real
// implementations. The simulated network lives in src/sim and implements the same interface.
export type { Transport } from '../core/ports.ts';
export { BroadcastChannelTransport, type ChannelLike } from './broadcastChannelTransport.ts';
export { RoomChannel, type RoomChannelOptions, type SenderRejections } from './roomChannel.ts';
export { RoomTransport } from './roomTransport.ts';
