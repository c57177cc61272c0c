// What leaves the Lab (export, share link) must load again, here and in the CLI. An administrator's
// "Keep waiting" is run by the simulation but not yet accepted by the scenario format, so it is left
// out of files and links — it only closes the prompt and counts as an intervention — and the user
// is told. (Reported to the lead: add 'keep-waiting' to the admin event of DESIGN §4.1.)
import type { Scenario } from '../../core/types.ts';
import { reparse } from './scenarioEdits.ts';

export function portableScenario(s: Scenario): { scenario: Scenario; note: string } {
  if (reparse(s).ok) return { scenario: s, note: '' };
  const events = s.events.filter((e) => !(e.kind === 'admin' && (e.action as string) !== 'mark-failed'));
  const dropped = s.events.length - events.length;
  const kept = { ...s, events };
  if (dropped === 0 || !reparse(kept).ok) return { scenario: s, note: '' };
  return {
    scenario: kept,
    note: `${dropped} “Keep waiting” answer${dropped > 1 ? 's were' : ' was'} left out: the scenario format cannot record ${dropped > 1 ? 'them' : 'it'} yet.`,
  };
}
