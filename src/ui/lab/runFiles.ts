// Taking a run away: its trace file, its drawings as SVG or PNG (2× for projectors), its metrics as
// CSV, a self-contained HTML report; and bringing a trace file back in. Browser-side glue only: the
// formats are in core/traceFile.ts, core/metricsCsv.ts and report.ts.
import type { Scenario } from '../../core/types.ts';
import { Simulation } from '../../runtime/simulation.ts';
import { TraceFileError, traceFileLines, type TraceHeader } from '../../core/traceFile.ts';
import { svgFileText } from '../experiments/downloads.ts';

export type Drawing = 'topology' | 'spacetime' | 'metrics';

export const DRAWING_TITLES: Record<Drawing, string> = {
  topology: 'Cluster topology',
  spacetime: 'Space-time diagram',
  metrics: 'Metrics over the run',
};

export function download(name: string, blob: Blob): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/**
 * The drawing on screen as SVG file text, or null when it is not shown. Layers drawn as separate
 * SVGs over each other (the ring and the messages flying over it) are merged in drawing order.
 */
export function drawingSvg(name: Drawing): { text: string; width: number; height: number } | null {
  const layers = [...document.querySelectorAll<SVGSVGElement>(`svg[data-export="${name}"]`)];
  if (layers.length === 0) return null;
  const merged = layers[0].cloneNode(true) as SVGSVGElement;
  for (const layer of layers.slice(1))
    for (const child of layer.children) merged.append(child.cloneNode(true));
  const width = Number(layers[0].getAttribute('width')) || layers[0].clientWidth;
  const height = Number(layers[0].getAttribute('height')) || layers[0].clientHeight;
  // Dense traffic is painted on a canvas under the SVG (the space-time diagram): it goes in as an image.
  for (const canvas of document.querySelectorAll<HTMLCanvasElement>(`canvas[data-export="${name}"]`)) {
    const image = document.createElementNS('http://www.w3.org/2000/svg', 'image');
    image.setAttribute('href', canvas.toDataURL('image/png'));
    image.setAttribute('width', `${width}`);
    image.setAttribute('height', `${height}`);
    merged.prepend(image);
  }
  return { text: svgFileText(merged, DRAWING_TITLES[name]), width, height };
}

/** The SVG rendered to PNG at `scale`× its size (2× stays sharp on a projector). */
export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser cannot draw to a canvas');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be made'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

const LINES_PER_PART = 4096;

/** The whole run of `scenario` (to its end, messages included) as a trace file. */
export function traceFileBlob(scenario: Scenario): { blob: Blob; count: number } {
  const out = new Simulation(scenario, { recordMessages: true }).run();
  const parts: string[] = [];
  let batch: string[] = [];
  const header = { scenario, messages: true, metrics: out.metrics, count: out.events.length };
  for (const line of traceFileLines(header, out.events)) {
    batch.push(line);
    if (batch.length >= LINES_PER_PART) {
      parts.push(batch.join(''));
      batch = [];
    }
  }
  parts.push(batch.join(''));
  return { blob: new Blob(parts, { type: 'application/json' }), count: out.events.length };
}

export type TraceImportReply =
  | { type: 'progress'; read: number; total: number }
  | { type: 'done'; header: TraceHeader }
  | { type: 'error'; message: string };

/**
 * Read a trace file and check it against its scenario, event by event, in a Web Worker: a file of
 * millions of events streams through without freezing the page. Rejects with TraceFileError (the
 * reason), or an AbortError when `signal` stops it.
 */
export function readTraceFile(
  file: Blob,
  onProgress: (read: number, total: number) => void,
  signal: AbortSignal,
): Promise<TraceHeader> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./traceImportWorker.ts', import.meta.url), {
      type: 'module',
      name: 'mayday-trace-import',
    });
    const finish = (): void => {
      worker.terminate();
      signal.removeEventListener('abort', stop);
    };
    const stop = (): void => {
      finish();
      reject(new DOMException('stopped', 'AbortError'));
    };
    signal.addEventListener('abort', stop);
    worker.addEventListener('message', (event: MessageEvent<TraceImportReply>) => {
      const reply = event.data;
      if (reply.type === 'progress') onProgress(reply.read, reply.total);
      else if (reply.type === 'done') {
        finish();
        onProgress(reply.header.count, reply.header.count);
        resolve(reply.header);
      } else {
        finish();
        reject(new TraceFileError(reply.message));
      }
    });
    worker.addEventListener('error', (event) => {
      finish();
      reject(new TraceFileError(`the check stopped: ${event.message || 'the worker failed'}`));
    });
    worker.postMessage(file);
  });
}
