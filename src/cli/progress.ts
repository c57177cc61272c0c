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

/** The bar that draws nothing, when stderr is not a terminal and --progress was not given. */
export const NO_PROGRESS: ProgressBar = { update: () => {}, finish: () => {} };
