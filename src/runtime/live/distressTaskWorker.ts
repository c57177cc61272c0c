// The dedicated distress task (§0043–§0044) of a live node: its own Worker, started with the node
// and idle, holding the pre-formed bytes. The async path hands it the send (one message with the
// reason) while the node's own task goes on with its orderly shutdown.
import { sessionId } from './liveClock.ts';
import type { FromDistressTask, ToDistressTask } from './protocol.ts';
import { ReadySender } from './readyDistress.ts';

interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent<ToDistressTask>) => void): void;
}
const scope = self as unknown as WorkerScope;
let sender: ReadySender | null = null;
let port: MessagePort | null = null;

function onMessage(m: ToDistressTask): void {
  if (m.type === 'setup') {
    sender = new ReadySender(sessionId(), new BroadcastChannel(m.channel));
    port = m.port;
    port.onmessage = (e: MessageEvent<ToDistressTask>) => onMessage(e.data);
  } else if (m.type === 'hold') sender?.hold(m.held);
  else if (m.type === 'send') {
    const t = performance.timeOrigin + performance.now();
    const reply: FromDistressTask = sender?.send(m.reason, t)
      ? { type: 'sent', t }
      : { type: 'nothing-held' };
    port?.postMessage(reply);
  }
}

scope.addEventListener('message', (e) => onMessage(e.data));
