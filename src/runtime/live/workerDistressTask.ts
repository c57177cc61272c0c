import type { NodeId } from '../../core/types.ts';
import type { StartDistressTask } from '../../machines/distressSender.ts';
import type { FromDistressTask, ToDistressTask } from './protocol.ts';

interface TaskPort {
  postMessage(m: ToDistressTask): void;
  onmessage: ((e: MessageEvent<FromDistressTask>) => void) | null;
}

/**
 * The node's dedicated distress task (§0044) as a Web Worker: at each start or rejoin it gets its
 * own copy of the ready bytes and waits; queued (§0043), it sends them on a BroadcastChannel of its
 * own — the node's task goes on with its orderly shutdown — and reports back that they left.
 */
export function workerDistressTask(node: NodeId, port: TaskPort): StartDistressTask {
  let waiting: { left: (reason: string) => void; reason: string } | null = null;
  port.onmessage = (e) => {
    if (e.data.type !== 'sent' || !waiting) return;
    const { left, reason } = waiting;
    waiting = null;
    left(reason);
  };
  // The task has a wire of its own (its channel): the node's `wire` stays unused here.
  return (ready, _wire, left) => {
    port.postMessage({ type: 'hold', held: { node, ready } });
    let running = true;
    return {
      queue: (reason) => {
        if (!running) return;
        waiting = { left, reason };
        port.postMessage({ type: 'send', reason });
      },
      stop: () => {
        running = false;
        waiting = null;
        port.postMessage({ type: 'hold', held: null });
      },
    };
  };
}
