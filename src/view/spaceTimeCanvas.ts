// The routine messages of the space-time diagram on a canvas under its SVG: thousands of lines a
// frame (heartbeats and lease traffic at 64 nodes) cost a few path strokes instead of thousands of
// DOM elements. The distress lines, marks and bands stay in the SVG on top, each one its own shape.
import { cssVarName, messageStyles, themes, type ColorToken } from './palette.ts';
import type { StrokeBatch } from './spaceTimeModel.ts';

/** The same look as the SVG lines: width and opacity per kind, lost messages dashed. */
const WIDTH = { heartbeat: 1, report: 1.5, lease: 1.5, membership: 1.5, distress: 3 } as const;
const ALPHA = { heartbeat: 0.55, report: 0.9, lease: 0.9, membership: 0.9, distress: 0.9 } as const;

function resolveColor(el: Element, token: ColorToken): string {
  return getComputedStyle(el).getPropertyValue(cssVarName(token)).trim() || themes.light[token];
}

/** Paints `batches` on `canvas`, sized to `width` × `height` CSS px at the screen's pixel ratio. */
export function paintStrokes(
  canvas: HTMLCanvasElement,
  batches: readonly StrokeBatch[],
  width: number,
  height: number,
): void {
  const ratio = window.devicePixelRatio || 1;
  const w = Math.round(width * ratio);
  const h = Math.round(height * ratio);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, w, h);
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  const colors = new Map<ColorToken, string>();
  for (const b of batches) {
    const token = messageStyles[b.kind].color;
    if (!colors.has(token)) colors.set(token, resolveColor(canvas, token));
    ctx.strokeStyle = colors.get(token)!;
    ctx.globalAlpha = ALPHA[b.kind];
    ctx.lineWidth = WIDTH[b.kind];
    ctx.setLineDash(b.lost ? [4, 3] : []);
    ctx.beginPath();
    const l = b.lines;
    // Half-pixel offsets keep 1 px lines crisp on whole-pixel coordinates.
    for (let i = 0; i < l.length; i += 4) {
      ctx.moveTo(l[i] + 0.5, l[i + 1] + 0.5);
      ctx.lineTo(l[i + 2] + 0.5, l[i + 3] + 0.5);
    }
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
}
