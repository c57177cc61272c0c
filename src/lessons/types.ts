// The shape of a lesson: plain data the UI plays on the Lab's own machinery (a LabController running
// the step's scenario) and a unit test replays headless. Nothing here animates anything.
import type { ScenarioInput } from '../core/scenarioSchema.ts';

/** Picks trace events (DESIGN §4.2): `kind`, and any other field that must be equal. */
export interface TraceMatch {
  kind: string;
  node?: string;
  peer?: string;
  from?: string;
  mode?: string;
  cause?: string;
}

/** A caption shown once its trace event has happened — never ahead of the model (UX-NOTES). */
export interface Beat {
  on: TraceMatch;
  text: string;
}

export interface Question {
  prompt: string;
  /** Two to four choices: the keys 1–4 answer. */
  choices: string[];
  /** Index into `choices` of the answer the seeded run shows (the lesson's unit test checks it). */
  answer: number;
  /** Shown once answered, right or wrong; the run goes on and shows it. */
  explain: string;
  /** Pause the run on this trace event and ask; without it, ask before the run starts. */
  askAt?: TraceMatch;
  /** Hide the ground truth while the learner decides (failed or partitioned?). */
  hideTruth?: boolean;
}

export interface Step {
  title: string;
  /** The narration before the run: at most 120 words. */
  text: string;
  /** A scenario (DESIGN §4.1) played in the Lab's machinery; absent for a reading-only step. */
  scenario?: ScenarioInput;
  /** Whose beliefs the view shows (and draws when the truth is hidden). */
  watch?: string;
  /** Captions tied to trace events, in the order they happen. */
  beats: Beat[];
  question?: Question;
  /** Links the step offers (e.g. into live mode), each opened in a tab of its own. */
  links?: { href: string; label: string }[];
  /** False: the whole run is the point (heartbeats), so waits are not fast-forwarded. */
  fastForward?: false;
  /** Self-check only: the lesson to revisit when this question is answered wrong. */
  revisit?: string;
}

export interface Lesson {
  /** URL slug: /#/lessons/ID/STEP. */
  id: string;
  title: string;
  /** One line for the list of lessons. */
  summary: string;
  steps: Step[];
}

/** A self-check question: a step plus the lesson to revisit when it is answered wrong. */
export interface CheckStep extends Step {
  question: Question;
  revisit: string;
}
