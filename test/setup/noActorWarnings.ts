// Every unit test fails if XState prints an actor warning (an event sent to a stopped actor, an
// uncaught error in an actor): such a warning is a race in the machines, never noise to ignore.
import { afterEach } from 'vitest';

const printed: string[] = [];
const ACTOR_WARNING = /\bactor\b/i;

for (const level of ['warn', 'error'] as const) {
  const original = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    const text = args.map(String).join(' ');
    if (ACTOR_WARNING.test(text)) printed.push(text);
    original(...args);
  };
}

afterEach(() => {
  if (printed.length === 0) return;
  const first = printed[0];
  printed.length = 0;
  throw new Error(`XState printed an actor warning: ${first}`);
});
