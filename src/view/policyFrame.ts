// The row layout shared by the per-policy plots: title and note, then one row per policy (or preset)
// with the distress signal on or off — the policy in the first column, in the second the distress
// diamond in the distress colour (on) or a hollow circle (off), so the two read apart without colour.
import { shapePath, type ColorToken } from './palette.ts';
import type { PlotOptions, PolicyRow } from './plotData.ts';
import { emptyMarks, heading, textWidth, type PathMark, type PlotMarks } from './plotMarks.ts';

export interface RowFrame {
  marks: PlotMarks;
  width: number;
  size: number;
  /** Left edge of the plotting area. */
  x0: number;
  /** Centre line of each row, and the row pitch. */
  ys: number[];
  rowH: number;
  top: number;
  bottom: number;
}

/** Title, note, column headers and the two label columns shared by the per-policy plots. */
export function rowFrame(rows: readonly PolicyRow[], opts: PlotOptions, header: string): RowFrame {
  const size = opts.fontSize ?? 12;
  const width = Math.max(320, opts.width);
  const marks = emptyMarks();
  const headed = heading(marks, width, size, opts.title, opts.note);
  // "kubernetes (aggressive)" on two lines when the policy has two rows: the label column stays narrow.
  const twoRows = (i: number): boolean => rows[i + 1]?.policy === rows[i].policy;
  const lines = rows.map((r, i) => {
    const cut = r.policy.indexOf(' (');
    return cut > 0 && twoRows(i) ? [r.policy.slice(0, cut), r.policy.slice(cut + 1)] : [r.policy];
  });
  const policyW = Math.max(textWidth('policy', size), ...lines.flat().map((l) => textWidth(l, size))) + size;
  const onW = textWidth('distress', size) + size * 0.8;
  const rowH = size * 2.1;
  const top = headed + size * 1.6;
  const ys = rows.map((_, i) => top + rowH * (i + 0.5));
  marks.texts.push(
    { key: 'h-policy', x: 0, y: top - size * 0.8, text: 'policy', size, color: 'muted' },
    { key: 'h-distress', x: policyW, y: top - size * 0.8, text: 'distress', size, color: 'muted' },
    // The plot's own header only where it fits beside the right-hand column header.
    ...(header && textWidth(header, size) < (width - policyW - onW) * 0.55
      ? [
          {
            key: 'h-plot',
            x: policyW + onW,
            y: top - size * 0.8,
            text: header,
            size,
            color: 'muted' as const,
          },
        ]
      : []),
  );
  rows.forEach((r, i) => {
    const y = ys[i];
    if (i === 0 || rows[i - 1].policy !== r.policy) {
      const [name, policy] = lines[i];
      marks.texts.push({ key: `policy:${r.policy}`, x: 0, y, text: name, size, weight: 600 });
      if (policy)
        marks.texts.push({ key: `kind:${r.policy}`, x: 0, y: y + rowH, text: policy, size, color: 'muted' });
      if (i > 0)
        marks.lines.push({
          key: `sep:${r.policy}`,
          x1: 0,
          y1: y - rowH / 2,
          x2: width,
          y2: y - rowH / 2,
          color: 'muted',
          opacity: 0.35,
        });
    }
    marks.paths.push(distressMarker(`marker:${r.key}`, r.distress, policyW + size * 0.4, y, size * 0.38));
    marks.texts.push({
      key: `on:${r.key}`,
      x: policyW + size * 1.1,
      y,
      text: r.distress ? 'on' : 'off',
      size,
    });
  });
  return { marks, width, size, x0: policyW + onW, ys, rowH, top, bottom: top + rowH * rows.length };
}

/** Distress on: the distress colour and its diamond, as everywhere in Mayday; off: a hollow ink circle. */
export function distressMarker(key: string, on: boolean, x: number, y: number, r: number): PathMark {
  return on
    ? {
        key,
        d: shapePath('diamond', r),
        x,
        y,
        fill: 'distress' as ColorToken,
        stroke: 'ink' as ColorToken,
        width: 0.75,
      }
    : { key, d: shapePath('circle', r * 0.85), x, y, stroke: 'ink' as ColorToken, width: 1.25, opacity: 0.8 };
}
