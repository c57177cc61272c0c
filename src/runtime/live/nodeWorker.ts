// A live tab's node runs here, in a Dedicated Worker: Chromium throttles a hidden page's timers (1 s
// alignment, then about once a minute), a Worker's keep time, so a background tab keeps heartbeating.
import type { TraceEvent } from '../../core/types.ts';
import { RoomChannel } from '../../transport/roomChannel.ts';
import { liveClock, sessionId } from './liveClock.ts';
import { LiveNode } from './liveNode.ts';
import { channelName, type Command, type FromNodeWorker, type ToNodeWorker } from './protocol.ts';
import { TraceStore } from './traceStore.ts';
import { workerDistressTask } from './workerDistressTask.ts';

/** The slice of the worker scope used here (a `webworker` lib reference would redeclare `self`). */
interface WorkerScope {
  postMessage(message: FromNodeWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToNodeWorker>) => void): void;
}
const scope = self as unknown as WorkerScope;
let node: LiveNode | null = null;

scope.addEventListener('message', (event) => {
  const m = event.data;
  if (m.type === 'start')
    void start(m).catch((e: unknown) => scope.postMessage({ type: 'error', message: String(e) }));
  else if (m.type === 'command') {
    try {
      if (!node) throw new Error('the node has not started yet');
      scope.postMessage({ type: 'reply', seq: m.seq, ok: true, message: run(node, m.command) });
    } catch (e) {
      scope.postMessage({
        type: 'reply',
        seq: m.seq,
        ok: false,
        message: e instanceof Error ? e.message : String(e),
      });
    }
  } else if (m.type === 'page-sent') node?.pageSent(m.failure);
});

function run(n: LiveNode, c: Command): string {
  switch (c.name) {
    case 'inject':
      return n.inject(c.type, c.warningMs);
    case 'kill':
      return n.kill();
    case 'pause':
      return n.pause(c.ms);
    case 'rejoin':
      return n.rejoin();
    case 'partition':
      return n.partition(c.peers);
    case 'heal':
      return n.heal();
    case 'admin':
      return n.admin(c.action, c.peer);
  }
}

async function start(m: Extract<ToNodeWorker, { type: 'start' }>): Promise<void> {
  const store = await TraceStore.open();
  if (m.lastWords.length) await store.append(m.roomTag, m.id, m.lastWords);
  for (const e of m.lastInjected) await store.inject(m.roomTag, m.id, e);
  const history = await store.history(m.roomTag, m.id);
  const slot = await store.slot(m.roomTag, m.id);
  if (history.length) scope.postMessage({ type: 'trace', events: history });
  const clock = liveClock();
  const channel = new RoomChannel({
    self: m.id,
    sid: sessionId(),
    key: m.key,
    channel: new BroadcastChannel(channelName(m.room)),
    now: clock.now,
  });
  let writes = Promise.resolve();
  const persist = (f: () => Promise<void>): void => {
    writes = writes
      .then(f)
      .catch((e: unknown) => scope.postMessage({ type: 'error', message: `trace store: ${String(e)}` }));
  };
  node = new LiveNode({
    id: m.id,
    room: m.room,
    key: m.key,
    settings: slot?.settings ?? m.settings,
    channel,
    clock,
    previousIncarnation: slot?.incarnation ?? null,
    host: {
      recorded: (events: TraceEvent[]) => {
        persist(() => store.append(m.roomTag, m.id, events));
        scope.postMessage({ type: 'trace', events });
      },
      injected: (e) => persist(() => store.inject(m.roomTag, m.id, e)),
      changed: (view) => scope.postMessage({ type: 'view', view }),
      ready: (ready) => scope.postMessage({ type: 'ready', ready }),
      distressTask: workerDistressTask(m.id, m.taskPort),
      incarnation: (incarnation) =>
        persist(() => store.setSlot({ room: m.roomTag, node: m.id, incarnation, settings: node!.settings })),
    },
  });
  node.begin();
}
