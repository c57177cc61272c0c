// Starting a live tab's Workers and channels: the page asks, runtime wires (ui never reaches transport).
import { RoomChannel } from '../../transport/roomChannel.ts';
import { liveClock, sessionId } from './liveClock.ts';
import { LiveObserver } from './liveObserver.ts';
import type { RoomSettings } from '../../core/liveRoom.ts';
import { channelName, type ToDistressTask } from './protocol.ts';

/** The node's Worker and its dedicated distress-task Worker, linked by a MessageChannel. */
export function spawnNodeWorkers(
  id: string,
  room: string,
): { worker: Worker; task: Worker; taskPort: MessagePort } {
  const worker = new Worker(new URL('./nodeWorker.ts', import.meta.url), {
    type: 'module',
    name: `node ${id}`,
  });
  const task = new Worker(new URL('./distressTaskWorker.ts', import.meta.url), {
    type: 'module',
    name: `distress task ${id}`,
  });
  const link = new MessageChannel();
  task.postMessage({ type: 'setup', channel: channelName(room), port: link.port1 } satisfies ToDistressTask, [
    link.port1,
  ]);
  return { worker, task, taskPort: link.port2 };
}

/** An observer of a room: reads every post on its channel, with the room key. */
export function observeRoom(
  room: string,
  key: Uint8Array,
  settings: RoomSettings,
): { observer: LiveObserver; channel: RoomChannel } {
  const clock = liveClock();
  const channel = new RoomChannel({
    self: `observer-${sessionId().slice(0, 8)}`,
    sid: sessionId(),
    key,
    channel: new BroadcastChannel(channelName(room)),
    now: clock.now,
    readAll: true,
  });
  return { observer: new LiveObserver(channel, clock, settings), channel };
}
