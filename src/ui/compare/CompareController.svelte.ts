// The Compare page's state: one scenario and seed run twice — A with the `base` settings, B with the
// `set` settings on top — on one clock. Both runs are deterministic, so going back rebuilds both
// and replays them to the chosen time, as the Lab does; the first divergence and the end-of-run
// metrics come from running both to the end once, when the settings change.
import { metricRows, type Divergence, type MetricRow } from '../../core/compare.ts';
import { applySettings, type Setting } from '../../core/scenarioSet.ts';
import type { ClusterSnapshot } from '../../core/snapshot.ts';
import type { Metrics, Scenario, TraceEvent } from '../../core/types.ts';
import { compareRuns } from '../../runtime/compareRuns.ts';
import { Simulation } from '../../runtime/simulation.ts';

/** A frame never simulates more than this much wall time (a background tab, a debugger pause). */
const MAX_FRAME_MS = 100;

export interface RunView {
  scenario: Scenario;
  snapshot: ClusterSnapshot;
  metrics: Metrics;
}

type FrameListener = () => void;

export class CompareController {
  scenario = $state.raw<Scenario>(undefined as unknown as Scenario);
  base = $state.raw<Setting[]>([]);
  set = $state.raw<Setting[]>([]);
  /** What is wrong with the settings; the runs keep the last good ones meanwhile. */
  errors = $state.raw<string[]>([]);

  t = $state(0);
  playing = $state(false);
  speed = $state(1);
  a = $state.raw<RunView>(undefined as unknown as RunView);
  b = $state.raw<RunView>(undefined as unknown as RunView);
  divergence = $state.raw<Divergence | null>(null);
  /** Metrics at the end of both runs. */
  final = $state.raw<(MetricRow & { differs: boolean })[]>([]);

  private simA!: Simulation;
  private simB!: Simulation;
  // Plain Set on purpose: listeners are called, never rendered.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly listeners = new Set<FrameListener>();

  constructor(scenario: Scenario, base: Setting[], set: Setting[]) {
    this.scenario = scenario;
    if (!this.configure(base, set)) {
      // A bad link still opens: both runs as the scenario is, the problem shown.
      const errors = this.errors;
      this.configure([], []);
      this.errors = errors;
    }
  }

  get duration(): number {
    return this.scenario.durationMs;
  }

  /** New settings for A and B: false (and nothing changed) when one is not valid. */
  configure(base: Setting[], set: Setting[]): boolean {
    const ra = applySettings(this.scenario, base);
    const rb = ra.ok ? applySettings(ra.scenario, set) : ra;
    if (!ra.ok) {
      this.errors = ra.errors.map((e) => `A: ${e}`);
      return false;
    }
    if (!rb.ok) {
      this.errors = rb.errors.map((e) => `B: ${e}`);
      return false;
    }
    this.errors = [];
    this.base = base;
    this.set = set;
    const result = compareRuns(ra.scenario, rb.scenario);
    this.divergence = result.divergence;
    this.final = metricRows(result.a.metrics, result.b.metrics);
    this.simA = new Simulation(ra.scenario, { trackInFlight: true, recordMessages: true });
    this.simB = new Simulation(rb.scenario, { trackInFlight: true, recordMessages: true });
    this.seek(Math.min(this.t, this.duration), true);
    return true;
  }

  traceA(): readonly TraceEvent[] {
    return this.simA.trace();
  }

  traceB(): readonly TraceEvent[] {
    return this.simB.trace();
  }

  play(): void {
    if (this.t >= this.duration) this.seek(0);
    this.playing = true;
  }

  pause(): void {
    this.playing = false;
  }

  frame(wallMs: number): void {
    if (!this.playing) return;
    this.seek(this.t + Math.min(wallMs, MAX_FRAME_MS) * this.speed);
    if (this.t >= this.duration) this.playing = false;
  }

  /** Both runs to time `ms`: forward by running on, backward by rebuilding. */
  seek(ms: number, rebuilt = false): void {
    const target = Math.min(Math.max(0, Number.isFinite(ms) ? ms : 0), this.duration);
    if (!rebuilt && target < this.simA.now()) {
      this.simA = new Simulation(this.simA.scenario, { trackInFlight: true, recordMessages: true });
      this.simB = new Simulation(this.simB.scenario, { trackInFlight: true, recordMessages: true });
    }
    this.simA.runUntil(target);
    this.simB.runUntil(target);
    this.t = target;
    this.a = { scenario: this.simA.scenario, snapshot: this.simA.snapshot(), metrics: this.simA.metrics() };
    this.b = { scenario: this.simB.scenario, snapshot: this.simB.snapshot(), metrics: this.simB.metrics() };
    for (const l of this.listeners) l();
  }

  /** Metrics of both runs now, every metric, those that differ flagged. */
  rowsNow(): (MetricRow & { differs: boolean })[] {
    return metricRows(this.a.metrics, this.b.metrics);
  }

  onFrame(listener: FrameListener): () => void {
    this.listeners.add(listener);
    listener();
    return () => this.listeners.delete(listener);
  }
}
