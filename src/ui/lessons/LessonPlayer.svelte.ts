// One lesson step, played on the Lab's own machinery: a LabController runs the step's scenario, the
// Lab's components draw it, and this class only decides when to stop and ask, when to hide the
// truth, and when a dead wait may fast-forward. Every caption and question is keyed to a trace
// event of the running simulation, so the words never run ahead of the model.
import { parseScenario } from '../../core/scenario.ts';
import type { Scenario } from '../../core/types.ts';
import { beatIndex, firstMatch } from '../../lessons/traceMatch.ts';
import type { Step } from '../../lessons/types.ts';
import { LabController } from '../lab/LabController.svelte.ts';
import { encodeScenarioHash } from '../lab/shareHash.ts';
import { eventTimes } from './eventTimes.ts';

/** A wait longer than this (virtual ms) with nothing happening fast-forwards… */
export const DEAD_WAIT_MS = 1200;
/** …at this speed, and says so on the clock. */
export const FAST_FORWARD = 10;

export type Phase = 'reading' | 'asking' | 'playing' | 'ended';

export class LessonPlayer {
  readonly step: Step;
  readonly lab: LabController | null;
  phase = $state<Phase>('reading');
  /** The learner's choice for this step's question (restored from storage on resume). */
  answer = $state<number | null>(null);
  /** The speed used for a dead wait right now, or null when playing at the step's own pace. */
  fastForward = $state<number | null>(null);
  /** The learner's pace: 1×, 2× or 4× the step's own speed (dead waits included). */
  rate = $state(1);
  /** When the next thing happens, while fast-forwarding (for the clock's label). */
  nextAt = $state<number | null>(null);

  private marks: number[] = [];
  private marksFor: Scenario | null = null;

  constructor(
    step: Step,
    saved: number | undefined,
    private readonly hooks: { onAnswer: (choice: number) => void; onEnded: () => void },
  ) {
    this.step = step;
    if (!step.scenario) {
      this.lab = null;
      return;
    }
    const parsed = parseScenario(step.scenario);
    if (!parsed.ok) throw new Error(`this step's scenario is invalid: ${parsed.errors.join('; ')}`);
    this.lab = new LabController(parsed.scenario);
    if (step.watch) this.lab.selected = step.watch;
    this.answer = saved ?? null;
    this.begin();
  }

  /** The caption for this moment: the last beat whose event has happened, or null. */
  beat(): string | null {
    if (!this.lab) return null;
    const i = beatIndex(this.step.beats, this.lab.trace());
    return i >= 0 ? this.step.beats[i].text : null;
  }

  get truthHidden(): boolean {
    return this.step.question?.hideTruth === true && this.answer === null;
  }

  /** Start (or restart) the run: play, or first ask when the question comes before the run. */
  begin(): void {
    const lab = this.lab;
    if (!lab) return;
    lab.restart();
    lab.speed = this.rate;
    lab.showTruth = !this.truthHidden;
    const q = this.step.question;
    if (q && this.answer === null && !q.askAt) {
      this.phase = 'asking';
      return;
    }
    this.phase = 'playing';
    lab.play();
  }

  /** Forget the answer and play the step again from the start, to predict afresh. */
  again(): void {
    this.answer = null;
    this.begin();
  }

  choose(choice: number): void {
    const q = this.step.question;
    if (
      !q ||
      this.phase !== 'asking' ||
      !Number.isInteger(choice) ||
      choice < 0 ||
      choice >= q.choices.length
    )
      return;
    this.answer = choice;
    this.hooks.onAnswer(choice);
    if (!this.lab) return;
    this.lab.showTruth = true;
    this.phase = 'playing';
    this.lab.play();
  }

  toggle(): void {
    const lab = this.lab;
    if (!lab || this.phase === 'asking') return;
    if (this.phase === 'ended') {
      this.begin();
      return;
    }
    lab.toggle();
    if (!lab.playing) this.fastForward = null;
  }

  /** "Open this in the Lab": the scenario with the learner's actions, at this moment. */
  labHref(): string {
    if (!this.lab) return '#/lab';
    return `${encodeScenarioHash(this.lab.scenario)}&t=${Math.round(this.lab.t)}`;
  }

  /** One animation frame. */
  frame(wallMs: number): void {
    const lab = this.lab;
    if (!lab || this.phase !== 'playing' || !lab.playing) return;
    this.pace(lab);
    lab.frame(wallMs);
    if (this.stopToAsk(lab)) return;
    if (lab.t >= lab.base.durationMs) {
      this.phase = 'ended';
      this.fastForward = null;
      lab.notice = null;
      this.hooks.onEnded();
    }
  }

  /** Pause exactly on the question's event (going back to it if the frame ran past). */
  private stopToAsk(lab: LabController): boolean {
    const q = this.step.question;
    if (!q?.askAt || this.answer !== null) return false;
    const e = firstMatch(lab.trace(), q.askAt);
    if (!e) return false;
    lab.pause();
    // Back to the event's instant if the frame ran past it; either way the panels refresh now.
    lab.seek(e.t);
    this.fastForward = null;
    this.phase = 'asking';
    return true;
  }

  /** Dead waits fast-forward; anything within DEAD_WAIT_MS plays at the step's own pace. */
  private pace(lab: LabController): void {
    if (this.step.fastForward === false) {
      if (lab.speed !== this.rate) lab.speed = this.rate;
      return;
    }
    if (this.marksFor !== lab.scenario) {
      this.marksFor = lab.scenario;
      this.marks = eventTimes(lab.scenario);
    }
    const next = this.marks.find((t) => t > lab.t + 1e-6) ?? lab.base.durationMs;
    const dead = next - lab.t > DEAD_WAIT_MS;
    const speed = (dead ? FAST_FORWARD : 1) * this.rate;
    if (lab.speed !== speed) lab.speed = speed;
    this.fastForward = dead ? speed : null;
    this.nextAt = dead ? next : null;
  }
}
