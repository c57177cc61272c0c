// The comparisons a student asks first (DESIGN §2 "Compare"), one click each. Each is written as
// the PATH=VALUE changes the settings fields show, so the student sees how to make their own.
export interface QuickChange {
  label: string;
  title: string;
  /** Changes for run A and run B, separated by spaces. */
  base: string;
  set: string;
}

export const QUICK_CHANGES: QuickChange[] = [
  {
    label: 'Distress on / off',
    title: 'A sends the distress signal, B does not: what the pre-formed MAYDAY buys',
    base: 'distress=true',
    set: 'distress=false',
  },
  {
    label: 'Async / sync',
    title: 'A hands the distress to the dedicated task (§0043); B sends it on the current task',
    base: 'distress=true options.mode=async',
    set: 'options.mode=sync',
  },
  {
    label: 'Pre-formed / composed',
    title: 'A built its message at start-up (§0045); B composes and signs it at failure time',
    base: 'distress=true options.preformed=true',
    set: 'options.preformed=false',
  },
  {
    label: 'Manual / quorum',
    title: 'Two policies for silence: wait for an administrator, or a majority decides',
    base: 'policy=manual',
    set: 'policy=quorum',
  },
  {
    label: 'IBM i / Pacemaker',
    title: 'Two presets modelled on real systems',
    base: 'preset=ibm-i',
    set: 'preset=pacemaker',
  },
];
