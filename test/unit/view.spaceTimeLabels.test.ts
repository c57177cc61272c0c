// The space-time diagram's text: labels kept inside the drawing, never under another mark, and an
// axis that starts at "0 s" (not "0 µs").
import { describe, expect, it } from 'vitest';
import { placeMarkLabels, spaceTimeModel, type MarkView } from '../../src/view/spaceTimeModel.ts';
import { textWidth } from '../../src/view/ringLayout.ts';
import type { TraceEvent } from '../../src/core/types.ts';

const mark = (kind: MarkView['kind'], x: number, label: string, y = 50): MarkView => ({
  key: `${kind}${x}${y}`,
  kind,
  x,
  y,
  shape: 'cross',
  color: 'down',
  label,
  labelDy: null,
  title: label,
});

/** The label's extent on x, as drawn. */
function extent(m: MarkView, size: number, font: number): [number, number] {
  const w = textWidth(m.label.length, font) * 0.85;
  return m.labelAnchor === 'end'
    ? [m.x - size - 3 - w, m.x - size - 3]
    : [m.x + size + 3, m.x + size + 3 + w];
}

describe('space-time labels', () => {
  it('a label that would pass the right edge goes before its mark, inside the drawing', () => {
    const marks = [mark('role.changed', 490, 'none · db')];
    placeMarkLabels(marks, [0], 5, 12, 500);
    expect(marks[0].labelAnchor).toBe('end');
    expect(marks[0].labelDy).toBe(0);
    expect(extent(marks[0], 5, 12)[1]).toBeLessThanOrEqual(500);
    const early = [mark('role.changed', 100, 'none · db')];
    placeMarkLabels(early, [0], 5, 12, 500);
    expect(early[0].labelAnchor).toBe('start');
  });

  it('no label is drawn under another mark of its row, whatever the priority order', () => {
    // A low-priority mark (peer.partitioned) right where a high-priority label (distress) would go.
    const marks = [mark('distress.sent', 100, 'MAYDAY async'), mark('peer.partitioned', 130, 'n1?')];
    placeMarkLabels(marks, [0, -12, 12], 5, 12, 1000);
    for (const m of marks) {
      if (m.labelDy === null) continue;
      const [a, b] = extent(m, 5, 12);
      for (const other of marks) {
        if (other === m || other.y !== m.y + m.labelDy) continue;
        const overlaps = a < other.x + 5 && b > other.x - 5;
        expect(overlaps, `${m.label} over the mark at ${other.x}`).toBe(false);
      }
    }
    // The distress label moved off the lane rather than under the cross.
    expect(marks[0].labelDy).not.toBe(0);
  });

  it('the time axis starts at "0 s"', () => {
    const events: TraceEvent[] = [];
    const m = spaceTimeModel(events, {
      width: 600,
      height: 200,
      t: 4000,
      windowMs: 10_000,
      nodes: ['n1', 'n2'],
    });
    expect(m.ticks[0].label).toBe('0 s');
    expect(m.ticks.map((t) => t.label)).not.toContain('0 µs');
  });
});
