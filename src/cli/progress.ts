// A progress bar on stderr (never stdout, which carries the result). Redrawn at most ~10 times a
// second: a terminal that redraws for every run slows a large grid down.
export interface ProgressBar {
  update(done: number, total: number): void;
  finish(): void;
}

const WIDTH = 30;
const REDRAW_MS = 100;

export function createProgressBar(stream: NodeJS.WriteStream, label: string): ProgressBar {
  const start = Date.now();
  let last = 0;
  let drawn = false;
  const draw = (done: number, total: number): void => {
    const filled = total === 0 ? WIDTH : Math.round((done / total) * WIDTH);
    const seconds = ((Date.now() - start) / 1000).toFixed(1);
    const eta =
      done > 0 && done < total
        ? `, ~${Math.ceil((((Date.now() - start) / done) * (total - done)) / 1000)} s left`
        : '';
    stream.write(
      `\r${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${done}/${total} runs, ${seconds} s${eta}\u001b[K`,
    );
    drawn = true;
  };
  return {
    update(done, total) {
      const now = Date.now();
      if (done < total && now - last < REDRAW_MS) return;
      last = now;
      draw(done, total);
    },
    finish() {
      if (drawn) stream.write('\n');
    },
  };
}

/** How often a log (stderr not a terminal: CI, a file, a pipe) gets a progress line. */
export const LINE_EVERY_MS = 5000;

/**
 * For a stderr that is not a terminal: no carriage returns, a whole line every few seconds, so a
 * long run in CI or under `2> log` still shows that it is alive and how far it got.
 */
export function createProgressLines(
  stream: NodeJS.WritableStream,
  label: string,
  everyMs = LINE_EVERY_MS,
  now: () => number = Date.now,
): ProgressBar {
  const start = now();
  let last = start;
  return {
    update(done, total) {
      const t = now();
      if (t - last < everyMs || done >= total) return;
      last = t;
      const elapsed = (t - start) / 1000;
      const left = done > 0 ? Math.ceil((elapsed / done) * (total - done)) : null;
      const percent = Math.floor((done / total) * 100);
      stream.write(
        `${label}: ${done}/${total} runs (${percent}%), ${elapsed.toFixed(0)} s${left === null ? '' : `, ~${left} s left`}\n`,
      );
    },
    finish() {},
  };
}

/** The bar that draws nothing (`npm run results` when stderr is not a terminal). */
export const NO_PROGRESS: ProgressBar = { update: () => {}, finish: () => {} };
