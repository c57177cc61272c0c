// What the Experiments page keeps while the student looks at the Lab and comes back: the form, the chosen
// example, whether the form is folded, and the runner with its results — a run in progress goes on in
// its workers meanwhile. One per app, created on the first visit.
import { ExperimentRunner } from './ExperimentRunner.svelte.ts';
import { defaultForm, EXAMPLES, type FormFields } from './experimentForm.ts';

export class ExperimentsPage {
  readonly runner = new ExperimentRunner();
  fields = $state<FormFields>(defaultForm());
  example = $state(EXAMPLES[0].id);
  /** Errors show after the first Run, then follow every edit until the form is right. */
  tried = $state(false);
  /** On a projector the plots want the whole width: the form folds away. */
  showForm = $state(true);
}

let page: ExperimentsPage | null = null;

export function experimentsPage(): ExperimentsPage {
  page ??= new ExperimentsPage();
  return page;
}
