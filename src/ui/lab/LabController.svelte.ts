// The Lab's state: one running Simulation, the virtual clock the user plays, pauses, steps and
// scrubs, the actions the user took (recorded as scenario events, so the run can always be rebuilt
// and replayed exactly), and what the panels show. Components stay thin and only call methods here.
//
// Time travel is rebuild-and-replay: a Simulation is deterministic, so going back means building a
// fresh one from the scenario plus the user's actions and running it to the chosen time. Every
// action is replayed that way too (not applied live), so what the Lab shows is exactly what
// `npm run cli -- run` gives for the exported scenario.
import { parseScenario, parseScenarioText, type ParseResult } from '../../core/scenario.ts';
import type { ClusterSnapshot, MachineStates } from '../../core/snapshot.ts';
import type { Metrics, NodeId, Scenario, ScenarioEvent, TraceEvent } from '../../core/types.ts';
import { Simulation, type Action } from '../../runtime/simulation.ts';
import { STORIES, type StoryName, type StoryText } from '../../lessons/defaultStory.ts';
import { LogBuilder } from './eventLog.ts';
import { formatClock } from './format.ts';
import type { MetricsSample } from '../../view/metricsChart.ts';
import { sampleStep } from './metricSamples.ts';
import { withActions, withoutNode, type EditResult } from './scenarioEdits.ts';
import { lensFor, stopOn, type Lens, type LensSettings } from './timeLens.ts';

export interface Branch {
  id: number;
  /** Furthest time the branch had reached. */
  horizon: number;
  actions: ScenarioEvent[];
  label: string;
}

export interface Notice {
  tone: 'info' | 'warn' | 'error';
  text: string;
  /** A branch the notice offers to go back to. */
  branch?: number;
}

export interface LoadResult {
  ok: boolean;
  errors: string[];
}

/** Panels are refreshed at most this often while playing; the drawing every frame. */
const PANEL_REFRESH_MS = 120;
/** How long after the question the administrator's answer is recorded (see adminAnswer). */
const ANSWER_AFTER_MS = 0.001;
/** A frame never simulates more than this much wall time (a background tab, a debugger pause). */
const MAX_FRAME_MS = 100;
/**
 * How far back before a seek's target messages are recorded: the widest space-time window (60 s)
 * plus the longest flight it draws into it (10 s). Jumping to minute 50 then costs the simulation,
 * not 2 million message events nobody draws; playing on from there records everything again.
 */
const MESSAGE_HISTORY_MS = 70_000;

type FrameListener = (snapshot: ClusterSnapshot) => void;

export class LabController {
  /** The scenario as loaded or edited: the file's own events, without the user's actions. */
  base = $state.raw<Scenario>(undefined as unknown as Scenario);
  /** What the user did, as scenario events with their times. */
  actions = $state.raw<ScenarioEvent[]>([]);
  /** Futures set aside when the user acted in the past. */
  branches = $state.raw<Branch[]>([]);
  /** The scenario that runs: base + actions. Export and share write exactly this. */
  scenario = $derived(withActions(this.base, this.actions));

  playing = $state(false);
  /**
   * Pause the clock when the cluster asks the administrator, so the run does not move on (a second
   * failure, say) while the learner reads the question. A setting: a speaker may keep it running.
   * Off unless asked for: a lesson paces its own runs and asks its own questions.
   */
  pauseForAdmin = $state(false);
  speed = $state(1);
  slowMotion = $state(true);
  /** The node whose beliefs are shown. */
  selected = $state<NodeId | null>(null);
  /**
   * The node under the pointer (or keyboard focus) in any of the linked views: topology, space-time
   * lanes, event log. Set by whichever view the user points at; all three only read it.
   */
  highlighted = $state<NodeId | null>(null);
  showTruth = $state(true);
  /** The story whose captions are shown while it runs; null once anything else is loaded. */
  story = $state.raw<StoryText | null>(null);

  /** Virtual time now (ms); updated every frame. */
  t = $state(0);
  lens = $state.raw<Lens>({ rate: 1, slow: null });
  /** The cluster as the panels show it (refreshed a few times a second while playing). */
  view = $state.raw<ClusterSnapshot>(undefined as unknown as ClusterSnapshot);
  metrics = $state.raw<Metrics>(undefined as unknown as Metrics);
  /** Bumped when log entries or metric samples are added. */
  logVersion = $state(0);
  notice = $state.raw<Notice | null>(null);

  readonly log = new LogBuilder();
  samples: MetricsSample[] = [];
  /** The latest snapshot, for the renderers (every frame). */
  frameSnapshot!: ClusterSnapshot;

  private sim!: Simulation;
  private horizon = 0;
  private nextSampleAt = 0;
  private lastPanelRefresh = -Infinity;
  private logGrew = false;
  private branchIds = 0;
  // Plain Sets on purpose: listeners are called, never rendered.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly listeners = new Set<FrameListener>();
  private readonly failedListeners = new WeakSet<FrameListener>();

  constructor(initial: Scenario, options: { story?: StoryText; pauseForAdmin?: boolean } = {}) {
    this.base = initial;
    this.story = options.story ?? null;
    this.pauseForAdmin = options.pauseForAdmin ?? false;
    this.selected = defaultSelection(initial);
    this.rebuild(0);
  }

  // ------------------------------------------------------------------------------ loading

  /** Loads a scenario object (or JSON text). Bad input changes nothing and says why. */
  load(input: unknown): LoadResult {
    const result: ParseResult = typeof input === 'string' ? parseScenarioText(input) : parseScenario(input);
    if (!result.ok) return { ok: false, errors: result.errors };
    this.pause();
    this.base = result.scenario;
    this.actions = [];
    this.branches = [];
    this.story = null;
    this.selected = defaultSelection(result.scenario);
    this.highlighted = null;
    this.horizon = 0;
    this.rebuild(0);
    this.notice = null;
    return { ok: true, errors: [] };
  }

  /**
   * A shared link's moment: the sharer's actions as actions (so they can be cleared or forked), the
   * clock at the sharer's time, playing if the sharer was playing.
   */
  openShared(actions: readonly ScenarioEvent[], t: number, playing: boolean): void {
    this.actions = [...actions];
    this.rebuild(Math.min(Math.max(0, t), this.base.durationMs));
    this.horizon = Math.max(this.horizon, ...actions.map((a) => a.at));
    if (playing) this.play();
  }

  /** Opens a built-in story from its start, captions on, and plays it. */
  openStory(name: StoryName): void {
    const { scenario, text } = STORIES[name];
    if (!this.load(scenario).ok) return;
    this.story = text;
    this.play();
  }

  // ------------------------------------------------------------------------------ the clock

  play(): void {
    if (this.sim.finished) this.rebuild(0);
    this.playing = true;
  }

  pause(): void {
    this.playing = false;
    this.lens = { rate: this.speed, slow: null };
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  get finished(): boolean {
    return this.t >= this.base.durationMs;
  }

  /** One animation frame of `wallMs` real milliseconds. */
  frame(wallMs: number): void {
    if (!this.playing) return;
    const lens = lensFor(this.lensSettings(), this.frameSnapshot.messages, this.sim.now());
    // Assigned only when it changes: the status line re-renders on every assignment.
    if (lens.rate !== this.lens.rate || lens.slow !== this.lens.slow) this.lens = lens;
    const target = this.sim.now() + Math.min(wallMs, MAX_FRAME_MS) * lens.rate;
    const asked = this.advance(target, stopOn(this.lensSettings()), this.pauseForAdmin) === 'admin';
    if (asked) {
      this.playing = false;
      const who = this.sim.snapshot().adminPending;
      this.notice = {
        tone: 'info',
        text: `Paused: the cluster asks you about ${who.join(', ')}. Answer above, then press Play.`,
      };
    } else if (this.sim.finished) {
      this.playing = false;
      this.notice = {
        tone: 'info',
        text: `End of the run at ${formatClock(this.base.durationMs)}. Press Play to start again.`,
      };
    }
    this.publish(false);
  }

  /** Go to time `ms`: forward by running on, backward by rebuilding and replaying. */
  seek(ms: number): number {
    const target = Math.min(Math.max(0, Number.isFinite(ms) ? ms : 0), this.base.durationMs);
    if (target >= this.sim.now()) {
      // A jump further than any window reaches back: the messages in between would never be drawn.
      const from = target - MESSAGE_HISTORY_MS;
      if (from > this.sim.now()) this.sim.skipMessagesUntil(from);
      this.advance(target, 'none');
    } else this.rebuild(target);
    this.publish(true);
    return this.t;
  }

  /** Run to the next moment something happens (every event at that same instant). */
  step(): void {
    this.pause();
    const trace = this.sim.trace();
    const before = trace.length;
    // Timers that change nothing visible are skipped; a bound keeps a quiet run from spinning.
    for (let i = 0; i < 10_000 && trace.length === before; i++) {
      const next = this.sim.nextEventTime();
      if (!(next <= this.base.durationMs)) {
        this.advance(this.base.durationMs, 'none');
        break;
      }
      this.advance(next, 'none');
    }
    this.publish(true);
  }

  restart(): void {
    this.pause();
    this.rebuild(0);
    this.notice = null;
  }

  // ------------------------------------------------------------------------------ acting

  /** Do something to the cluster now. Acting in the past forks: later actions are set aside. */
  act(action: Action): { ok: boolean; message: string } {
    const check = this.sim.act(action);
    if (!check.ok) {
      // The refusal changed nothing; rebuild anyway so the live sim never drifts from a replay.
      this.rebuild(this.sim.now());
      this.notice = { tone: 'error', text: `Not done: ${check.message}.` };
      return check;
    }
    const t = this.sim.now();
    const forked = this.fork(t);
    this.actions = [...this.actions, { ...action, at: t } as ScenarioEvent];
    this.rebuild(t);
    if (forked) this.notice = forked;
    return check;
  }

  /** Administrator's answer about a silent node (`keep-waiting` only closes the prompt). */
  adminAnswer(node: NodeId, action: 'mark-failed' | 'keep-waiting'): void {
    // The verdict is judged by the model's own count (metrics.falseFailovers), never guessed here:
    // a node that fenced itself or is dead was rightly marked failed.
    // Replayed, an action recorded at instant t runs before the cluster's own events at t — before
    // the very question it answers (the clock pauses at that instant), which would then be asked
    // again and the answer lost. The administrator answers 1 µs later, after the question.
    const now = this.sim.now();
    const trace = this.sim.trace();
    if (
      trace.length > 0 &&
      trace[trace.length - 1].t >= now &&
      now + ANSWER_AFTER_MS <= this.base.durationMs
    ) {
      this.advance(Math.round((now + ANSWER_AFTER_MS) * 1000) / 1000, 'none');
      this.publish(true);
    }
    const before = this.sim.metrics().falseFailovers;
    if (!this.act({ kind: 'admin', action, node }).ok || action !== 'mark-failed') return;
    const after = this.sim.metrics().falseFailovers;
    const truth = this.frameSnapshot.nodes.find((n) => n.id === node)?.truth;
    if (after > before) {
      this.notice = {
        tone: 'warn',
        text: `You marked ${node} failed, but it was ${truth === 'paused' ? 'only paused' : 'alive'}: a false failover — FALSE FAILED is now ${after}. Watch for two primaries.`,
      };
    }
  }

  /** Restore a branch set aside by a fork; the current future becomes a branch in its place. */
  restoreBranch(id: number): void {
    const branch = this.branches.find((b) => b.id === id);
    if (!branch) return;
    const current: Branch = {
      id: ++this.branchIds,
      horizon: this.horizon,
      actions: this.actions,
      label: `the branch you left at ${formatClock(this.t)}`,
    };
    this.branches = [...this.branches.filter((b) => b.id !== id), current];
    this.actions = branch.actions;
    this.rebuild(this.t);
    this.horizon = Math.max(this.horizon, branch.horizon);
    this.notice = { tone: 'info', text: `Back on ${branch.label}.` };
  }

  /** Forget what the user did: the scenario as loaded. */
  clearActions(): void {
    this.actions = [];
    this.branches = [];
    this.rebuild(Math.min(this.t, this.base.durationMs));
    this.notice = { tone: 'info', text: 'Your actions were cleared: the scenario runs as it was loaded.' };
  }

  /** A changed scenario (size, resources, settings): replayed from t = 0 up to now, time kept. */
  applyEdit(result: EditResult, what: string, removed: NodeId[] = []): LoadResult {
    if (!result.ok) return { ok: false, errors: result.errors };
    let actions = this.actions;
    for (const id of removed) actions = actions.flatMap((e) => withoutNode(e, id));
    this.base = result.scenario;
    this.actions = actions;
    if (this.selected && !result.scenario.nodes.includes(this.selected)) this.selected = null;
    if (this.highlighted && !result.scenario.nodes.includes(this.highlighted)) this.highlighted = null;
    const t = Math.min(this.t, this.base.durationMs);
    this.rebuild(t);
    const note = result.note ? ` (${result.note})` : '';
    this.notice = {
      tone: 'info',
      text: `${what}${note}. The run was replayed from t = 0 with this change and continues at ${formatClock(t)}.`,
    };
    return { ok: true, errors: [] };
  }

  // ------------------------------------------------------------------------------ reading

  trace(): readonly TraceEvent[] {
    return this.sim.trace();
  }

  /** Every machine of node `id` and its state now (the Machine tab). */
  machineStates(id: NodeId): MachineStates | null {
    return this.sim.machineStates(id);
  }

  /** Virtual time from which the trace holds every message (see MESSAGE_HISTORY_MS). */
  messagesFrom(): number {
    return this.sim.messagesFrom;
  }

  currentMetrics(): Metrics {
    return this.sim.metrics();
  }

  nextEventTime(): number {
    return this.sim.nextEventTime();
  }

  /** Renderers subscribe here: called after every change, with the latest snapshot. */
  onFrame(listener: FrameListener): () => void {
    this.listeners.add(listener);
    listener(this.frameSnapshot);
    return () => this.listeners.delete(listener);
  }

  // ------------------------------------------------------------------------------ inside

  private lensSettings(): LensSettings {
    const s = this.base;
    return {
      speed: this.speed,
      slowMotion: this.slowMotion,
      nodes: s.nodes.length,
      heartbeatIntervalMs: s.heartbeat.intervalMs,
      latencyMaxMs: s.network.latencyMs[1],
    };
  }

  /** Set aside the future when acting before the furthest time reached. */
  private fork(t: number): Notice | null {
    if (t >= this.horizon - 1e-6) return null;
    const later = this.actions.filter((e) => e.at > t);
    const branch: Branch = {
      id: ++this.branchIds,
      horizon: this.horizon,
      actions: this.actions,
      label: `the branch that ran to ${formatClock(this.horizon)}`,
    };
    this.branches = [...this.branches.slice(-4), branch];
    this.actions = this.actions.filter((e) => e.at <= t);
    this.horizon = t;
    const dropped = later.length
      ? ` ${later.length} later action${later.length > 1 ? 's' : ''} of yours ${later.length > 1 ? 'were' : 'was'} set aside.`
      : '';
    return {
      tone: 'warn',
      text: `You acted in the past, at ${formatClock(t, true)}: the run forks here and everything after is recomputed.${dropped}`,
      branch: branch.id,
    };
  }

  private rebuild(t: number): void {
    this.sim = new Simulation(this.scenario, {
      trackInFlight: true,
      recordMessages: true,
      recordMessagesFrom: Math.max(0, t - MESSAGE_HISTORY_MS),
    });
    this.log.reset();
    this.samples = [];
    this.nextSampleAt = 0;
    this.advance(t, 'none');
    this.publish(true);
  }

  /**
   * Run the simulation to `target`, taking a metrics sample at each grid time on the way (the same
   * grid whatever the frame rate, so the chart is reproducible). With `stop`, halt at the first
   * instant a message of interest is sent, so the next frame shows its flight in slow motion.
   */
  /**
   * Run to `target`, or stop early right after an instant where a message of interest was sent
   * (slow motion) or, with `stopAtAdmin`, where the cluster asked the administrator. Returns why it
   * stopped early, or null.
   */
  private advance(
    target: number,
    stop: 'none' | 'distress' | 'all',
    stopAtAdmin = false,
  ): 'message' | 'admin' | null {
    const sim = this.sim;
    const end = Math.min(target, this.base.durationMs);
    const trace = sim.trace();
    const step = sampleStep(this.base.durationMs);
    // Only `manual` asks an administrator: other policies keep the cheaper stride.
    const watchAdmin = stopAtAdmin && this.base.policy === 'manual';
    let stopped: 'message' | 'admin' | null = null;
    while (stopped === null) {
      const sampleAt = this.nextSampleAt;
      if (stop !== 'none' || watchAdmin) {
        const next = sim.nextEventTime();
        if (next <= end && next <= sampleAt) {
          const before = trace.length;
          sim.runUntil(next);
          if (watchAdmin && askedAdmin(trace, before)) stopped = 'admin';
          else if (stop !== 'none' && sentOfInterest(trace, before, stop)) stopped = 'message';
          continue;
        }
      }
      if (sampleAt > end) break;
      sim.runUntil(sampleAt);
      this.samples.push({ t: sampleAt, metrics: sim.metrics() });
      this.nextSampleAt = sampleAt + step;
    }
    if (stopped === null) sim.runUntil(end);
    this.horizon = Math.max(this.horizon, sim.now());
    return stopped;
  }

  private publish(force: boolean): void {
    const snap = this.sim.snapshot();
    this.frameSnapshot = snap;
    this.t = snap.t;
    this.logGrew = this.log.update(this.sim.trace()) > 0 || this.logGrew;
    for (const l of this.listeners) {
      // One failing renderer must not stop the clock or the other drawings.
      try {
        l(snap);
      } catch (error) {
        if (!this.failedListeners.has(l)) console.error('Mayday: a drawing failed', error);
        this.failedListeners.add(l);
      }
    }
    const now = typeof performance === 'undefined' ? 0 : performance.now();
    if (force || !this.playing || now - this.lastPanelRefresh >= PANEL_REFRESH_MS) {
      this.lastPanelRefresh = now;
      // The log is re-filtered on each bump: a few times a second is plenty for reading.
      if (this.logGrew || force) this.logVersion++;
      this.logGrew = false;
      this.view = snap;
      this.metrics = this.sim.metrics();
      if (!this.playing) this.lens = { rate: this.speed, slow: null };
    }
  }
}

/** Whose beliefs are shown at first: a backup's view is the interesting one (the third node). */
function defaultSelection(s: Scenario): NodeId | null {
  return s.nodes[Math.min(2, s.nodes.length - 1)] ?? null;
}

function askedAdmin(trace: readonly TraceEvent[], from: number): boolean {
  for (let i = from; i < trace.length; i++) if (trace[i].kind === 'admin.required') return true;
  return false;
}

function sentOfInterest(trace: readonly TraceEvent[], from: number, stop: 'distress' | 'all'): boolean {
  for (let i = from; i < trace.length; i++) {
    const e = trace[i];
    if (e.kind === 'msg.sent' && (stop === 'all' || e.type === 'distress')) return true;
  }
  return false;
}
