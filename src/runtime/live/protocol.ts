// What a live page and its Workers say to each other (same origin, trusted; the room channel is not).
import type { RoomSettings } from '../../core/liveRoom.ts';
import type { ScenarioEvent, TraceEvent } from '../../core/types.ts';
import type { LiveNodeView } from './liveNode.ts';
import type { ReadyDistress } from '../../machines/distressSender.ts';
import type { HeldDistress } from './readyDistress.ts';

export type Command =
  | { name: 'inject'; type: string; warningMs: number }
  | { name: 'kill' }
  | { name: 'pause'; ms: number }
  | { name: 'rejoin' }
  | { name: 'partition'; peers: string[] }
  | { name: 'heal' }
  | { name: 'admin'; action: 'mark-failed' | 'keep-waiting'; peer: string };

export type ToNodeWorker =
  | {
      type: 'start';
      id: string;
      room: string;
      /** Room name + key fingerprint: what the stores and locks are named by. */
      roomTag: string;
      key: Uint8Array;
      settings: RoomSettings;
      /** To the distress-task Worker. */
      taskPort: MessagePort;
      /** Events the page wrote synchronously as it went (pagehide): they join the stored trace. */
      lastWords: TraceEvent[];
      lastInjected: ScenarioEvent[];
    }
  | { type: 'command'; seq: number; command: Command }
  | { type: 'page-sent'; failure: string };

export type FromNodeWorker =
  | { type: 'view'; view: LiveNodeView }
  | { type: 'trace'; events: TraceEvent[] }
  | { type: 'ready'; ready: HeldDistress | null }
  | { type: 'reply'; seq: number; ok: boolean; message: string }
  | { type: 'error'; message: string };

export type ToDistressTask =
  | { type: 'setup'; channel: string; port: MessagePort }
  | { type: 'hold'; held: { node: string; ready: ReadyDistress } | null }
  | { type: 'send'; reason: string };
export type FromDistressTask = { type: 'sent'; t: number } | { type: 'nothing-held' };

/**
 * One channel per room name, whatever the key: a tab with a wrong key is heard, and rejected.
 * (Slots and stores are named by room and key, so such a tab cannot take a slot of the real room.)
 */
export const channelName = (room: string): string => `mayday-live/${room}`;
