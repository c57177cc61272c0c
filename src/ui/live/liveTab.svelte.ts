// The page side of a live node tab: claims a slot, starts the node's Worker and its distress-task
// Worker, maps the page's lifecycle onto the patent's failures (DESIGN §7) and exposes window.mayday.
import { defaultWarningMs } from '../../core/catalogue.ts';
import { keyTag, type RoomSettings } from '../../core/liveRoom.ts';
import type { ScenarioEvent, TraceEvent } from '../../core/types.ts';
import { liveClock, sessionId } from '../../runtime/live/liveClock.ts';
import type { LiveNodeView } from '../../runtime/live/liveNode.ts';
import {
  channelName,
  type Command,
  type FromNodeWorker,
  type ToNodeWorker,
} from '../../runtime/live/protocol.ts';
import { spawnNodeWorkers } from '../../runtime/live/spawn.ts';
import { ReadySender } from '../../runtime/live/readyDistress.ts';

export interface NodeRoute {
  room: string;
  key: Uint8Array;
  settings: RoomSettings;
}

type Untimed = TraceEvent extends infer E ? (E extends { t: number } ? Omit<E, 't'> : never) : never;

type Status = 'claiming' | 'full' | 'running' | 'error';

const slotKey = (tag: string): string => `mayday-live-slot/${tag}`;
const lastWordsKey = (tag: string, id: string): string => `mayday-live-lastwords/${tag}/${id}`;

export class LiveTab {
  status = $state<Status>('claiming');
  error = $state('');
  id = $state('');
  view = $state.raw<LiveNodeView | null>(null);
  traceCount = $state(0);
  /** The last answer to a button or script command. */
  said = $state('');
  readonly tag: string;
  private readonly trace: TraceEvent[] = [];
  private worker: Worker | null = null;
  private task: Worker | null = null;
  private sender: ReadySender | null = null;
  // Plain bookkeeping of pending replies, never rendered.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly replies = new Map<number, (r: { ok: boolean; message: string }) => void>();
  private seq = 0;
  private releaseSlot: (() => void) | null = null;
  private readonly clock = liveClock();
  private readonly cleanups: Array<() => void> = [];

  constructor(private readonly route: NodeRoute) {
    this.tag = `${route.room}-${keyTag(route.key)}`;
  }

  async start(): Promise<void> {
    try {
      const id = await this.claimSlot();
      if (!id) {
        this.status = 'full';
        return;
      }
      this.id = id;
      sessionStorage.setItem(slotKey(this.tag), id);
      this.startWorkers(id);
      this.hookPageLifecycle();
      this.status = 'running';
    } catch (e) {
      this.status = 'error';
      this.error = e instanceof Error ? e.message : String(e);
    }
  }

  command(command: Command): Promise<{ ok: boolean; message: string }> {
    const seq = ++this.seq;
    return new Promise((resolve) => {
      if (!this.worker) return resolve({ ok: false, message: 'this tab has no node (yet)' });
      this.replies.set(seq, (r) => {
        this.said = r.message;
        resolve(r);
      });
      this.post({ type: 'command', seq, command });
    });
  }

  traceEvents(): TraceEvent[] {
    return [...this.trace];
  }

  stop(): void {
    for (const c of this.cleanups.splice(0)) c();
    this.worker?.terminate();
    this.task?.terminate();
    this.releaseSlot?.();
  }

  // ------------------------------------------------------------------ slots

  /**
   * One tab per slot, held by a Web Lock named after the room, its key and the slot: the browser
   * releases it when the tab dies, so a reload gets its own slot back and a closed tab frees it.
   */
  private async claimSlot(): Promise<string | null> {
    const locks = navigator.locks;
    const lockName = (id: string): string => `mayday-live/${this.tag}/${id}`;
    const hold = (id: string, opts: LockOptions): Promise<boolean> =>
      new Promise((resolve, reject) => {
        locks
          .request(lockName(id), opts, (lock) => {
            if (!lock) return resolve(false);
            resolve(true);
            return new Promise<void>((release) => (this.releaseSlot = release));
          })
          .catch((e: unknown) =>
            e instanceof DOMException && e.name === 'AbortError' ? resolve(false) : reject(e),
          );
      });
    const mine = sessionStorage.getItem(slotKey(this.tag));
    // A reload: the old page's lock goes as it unloads; wait for it a little.
    if (mine && /^n\d+$/.test(mine) && (await hold(mine, { signal: AbortSignal.timeout(3000) }))) return mine;
    for (let i = 1; i <= this.route.settings.nodes; i++) {
      if (await hold(`n${i}`, { ifAvailable: true })) return `n${i}`;
    }
    return null;
  }

  // ------------------------------------------------------------------ workers

  private startWorkers(id: string): void {
    const { worker, task, taskPort } = spawnNodeWorkers(id, this.route.room);
    this.worker = worker;
    this.task = task;
    this.sender = new ReadySender(sessionId(), new BroadcastChannel(channelName(this.route.room)));
    worker.onmessage = (e: MessageEvent<FromNodeWorker>) => this.onWorker(e.data);
    worker.onerror = (e) => {
      this.status = 'error';
      this.error = `the node's Worker failed: ${e.message}`;
    };
    const { words, injected } = this.takeLastWords(id);
    this.post(
      {
        type: 'start',
        id,
        room: this.route.room,
        roomTag: this.tag,
        key: this.route.key,
        settings: this.route.settings,
        taskPort,
        lastWords: words,
        lastInjected: injected,
      },
      [taskPort],
    );
  }

  private post(m: ToNodeWorker, transfer: Transferable[] = []): void {
    this.worker?.postMessage(m, transfer);
  }

  private onWorker(m: FromNodeWorker): void {
    if (m.type === 'view') this.view = m.view;
    else if (m.type === 'trace') {
      this.trace.push(...m.events);
      this.traceCount = this.trace.length;
    } else if (m.type === 'ready') this.sender?.hold(m.ready);
    else if (m.type === 'reply') {
      this.replies.get(m.seq)?.(m);
      this.replies.delete(m.seq);
    } else {
      this.error = m.message;
    }
  }

  // ------------------------------------------------------------------ the page's own failures

  /**
   * Sends the ready distress on the page's own task (no time left: §0042), and notes it, with the
   * death, where a dying page can still write synchronously (localStorage): the next page of this
   * slot moves it into the trace.
   */
  private lastTask(reason: string, failure: string, dies: boolean): void {
    const snap = this.view?.snapshot;
    const alive = !!snap && snap.truth !== 'dead';
    const sends = !!this.view?.armed && !!this.sender?.holding;
    if (!sends && !(dies && alive)) return;
    const t = this.clock.now();
    if (sends) this.sender!.send(reason, t); // first: the one thing that must happen
    if (!dies) {
      // The page lives on (frozen, offline): its node's Worker records the rest, on resume if need be.
      this.post({ type: 'page-sent', failure });
      return;
    }
    const warningMs = defaultWarningMs(failure);
    const words: Untimed[] = [];
    const injected: ScenarioEvent[] = [];
    if (sends) {
      words.push({ kind: 'failure.detected', node: this.id, failure, warningMs });
      injected.push({ at: t, kind: 'failure', node: this.id, type: failure, warningMs });
    } else injected.push({ at: t, kind: 'crash', node: this.id }); // distress off: it just goes silent
    // It drops every role as it goes (§0052); the page notes what its Worker has no time to record.
    for (const [resource, role] of Object.entries(snap?.roles ?? {})) {
      if (role !== 'none') words.push({ kind: 'role.changed', node: this.id, resource, role: 'none' });
    }
    if (sends) words.push({ kind: 'distress.sent', node: this.id, mode: 'sync', failure });
    words.push({ kind: 'node.died', node: this.id, reason });
    this.saveLastWords(words, injected);
  }

  private saveLastWords(words: Untimed[], injected: ScenarioEvent[]): void {
    const t = this.clock.now();
    try {
      localStorage.setItem(
        lastWordsKey(this.tag, this.id),
        JSON.stringify({ words: words.map((w) => ({ ...w, t })), injected }),
      );
    } catch {
      // Storage full or denied: the distress has left all the same.
    }
  }

  private takeLastWords(id: string): { words: TraceEvent[]; injected: ScenarioEvent[] } {
    const key = lastWordsKey(this.tag, id);
    const text = localStorage.getItem(key);
    localStorage.removeItem(key);
    try {
      const parsed = JSON.parse(text ?? 'null') as { words?: unknown; injected?: unknown } | null;
      const words = Array.isArray(parsed?.words)
        ? (parsed.words as TraceEvent[]).filter((w) => typeof w?.t === 'number')
        : [];
      const injected = Array.isArray(parsed?.injected)
        ? (parsed.injected as ScenarioEvent[]).filter((e) => typeof e?.at === 'number')
        : [];
      return { words, injected };
    } catch {
      return { words: [], injected: [] };
    }
  }

  private hookPageLifecycle(): void {
    const on = (target: EventTarget, type: string, fn: () => void): void => {
      target.addEventListener(type, fn);
      this.cleanups.push(() => target.removeEventListener(type, fn));
    };
    // Tab closed or reloaded: the handler is the page's last task.
    on(window, 'pagehide', () => this.lastTask('tab closed', 'power-loss', true));
    on(document, 'freeze', () => this.lastTask('page frozen', 'os-crash', false));
    on(window, 'offline', () => this.lastTask('network offline', 'ip-stack-takedown', false));
    void this.watchBattery();
  }

  /** A low, discharging battery is time to go in order: the async path, with the real time left. */
  private async watchBattery(): Promise<void> {
    type Battery = EventTarget & { charging: boolean; level: number; dischargingTime: number };
    const get = (navigator as Navigator & { getBattery?: () => Promise<Battery> }).getBattery;
    if (!get) return;
    const battery = await get.call(navigator).catch(() => null);
    if (!battery) return;
    let fired = false;
    const check = (): void => {
      if (fired || battery.charging || battery.level > 0.05 || !this.view?.armed) return;
      fired = true;
      const left = Number.isFinite(battery.dischargingTime) ? battery.dischargingTime * 1000 : 60_000;
      void this.command({ name: 'inject', type: 'power-loss-battery', warningMs: left });
    };
    battery.addEventListener('levelchange', check);
    battery.addEventListener('chargingchange', check);
    this.cleanups.push(() => {
      battery.removeEventListener('levelchange', check);
      battery.removeEventListener('chargingchange', check);
    });
  }
}
