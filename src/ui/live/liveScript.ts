// window.mayday in a live node tab (DESIGN §7): the same actions as the buttons, for scripts and tests.
import { defaultWarningMs } from '../../core/catalogue.ts';
import type { LiveNodeView } from '../../runtime/live/liveNode.ts';
import type { TraceEvent } from '../../core/types.ts';
import type { LiveTab } from './liveTab.svelte.ts';

type Result = Promise<{ ok: boolean; message: string }>;

export interface LiveScriptApi {
  readonly id: string;
  state(): LiveNodeView | null;
  trace(): TraceEvent[];
  inject(type: string, warningMs?: number): Result;
  kill(): Result;
  pause(ms: number): Result;
  partition(peerIds: string[]): Result;
  heal(): Result;
  rejoin(): Result;
  admin(action: 'mark-failed' | 'keep-waiting', peer: string): Result;
}

export function installLiveScript(tab: LiveTab): () => void {
  const api: LiveScriptApi = {
    get id() {
      return tab.id;
    },
    state: () => (tab.view ? structuredClone(tab.view) : null),
    trace: () => tab.traceEvents(),
    inject: (type, warningMs) =>
      tab.command({
        name: 'inject',
        type: String(type),
        warningMs: Number(warningMs ?? defaultWarningMs(String(type))),
      }),
    kill: () => tab.command({ name: 'kill' }),
    pause: (ms) => tab.command({ name: 'pause', ms: Number(ms) }),
    partition: (peerIds) =>
      tab.command({ name: 'partition', peers: Array.isArray(peerIds) ? peerIds.map(String) : [] }),
    heal: () => tab.command({ name: 'heal' }),
    rejoin: () => tab.command({ name: 'rejoin' }),
    admin: (action, peer) => tab.command({ name: 'admin', action, peer: String(peer) }),
  };
  const w = window as unknown as { mayday?: unknown };
  w.mayday = api;
  return () => {
    if (w.mayday === api) delete w.mayday;
  };
}
