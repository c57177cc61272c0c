import { describe, expect, it } from 'vitest';
import {
  colorVar,
  contrastRatio,
  cssVarNames,
  meaningTokens,
  messageKind,
  messageStyles,
  onColorVar,
  paletteCss,
  shapePath,
  stateStyles,
  textOn,
  themes,
  type MessageKind,
  type VisualState,
} from '../../src/view/palette.ts';

const states = Object.keys(stateStyles) as VisualState[];

describe('palette', () => {
  it('gives every meaning its own colour, in both themes', () => {
    for (const theme of ['light', 'dark'] as const) {
      const colours = meaningTokens.map((k) => themes[theme][k].toUpperCase());
      expect(new Set(colours).size).toBe(colours.length);
    }
  });

  it('uses one colour per state meaning; only the two "silent" beliefs share one', () => {
    const byColour = new Map<string, VisualState[]>();
    for (const s of states)
      byColour.set(stateStyles[s].color, [...(byColour.get(stateStyles[s].color) ?? []), s]);
    const shared = [...byColour.values()].filter((v) => v.length > 1);
    expect(shared).toEqual([['suspect', 'partitioned']]);
  });

  it('never relies on colour alone: each state has its own shape and word', () => {
    const shapes = states.map((s) => stateStyles[s].shape);
    const labels = states.map((s) => stateStyles[s].label);
    // 'unknown' reuses the circle on purpose (a neutral, hidden node) but has its own colour and word.
    expect(new Set(shapes.filter((_, i) => states[i] !== 'unknown')).size).toBe(states.length - 1);
    expect(new Set(labels).size).toBe(states.length);
  });

  it('has the words a projector audience reads', () => {
    expect(stateStyles.fenced.label).toBe('FENCED');
    expect(stateStyles.partitioned.label).toBe('PARTITIONED?');
    expect(stateStyles.dead.label).toBe('DEAD');
    expect(stateStyles.paused.label).toBe('PAUSED');
    expect(stateStyles.offline.label).toBe('OFFLINE');
    expect(stateStyles.impending.label).toBe('FAILING');
    expect(stateStyles.distress.label).toBe('MAYDAY!');
  });

  it('keeps split brain in a colour no node state or message uses', () => {
    const used = new Set([
      ...states.map((s) => stateStyles[s].color),
      ...Object.values(messageStyles).map((m) => m.color),
    ]);
    expect(used.has('alarm')).toBe(false);
  });

  it('tells message kinds apart by shape, and the distress is the biggest and has its own colour', () => {
    const kinds = Object.keys(messageStyles) as MessageKind[];
    expect(new Set(kinds.map((k) => messageStyles[k].shape)).size).toBe(kinds.length);
    const others = kinds.filter((k) => k !== 'distress');
    expect(others.every((k) => messageStyles[k].size < messageStyles.distress.size / 2)).toBe(true);
    expect(others.every((k) => messageStyles[k].color !== 'distress')).toBe(true);
    expect(messageStyles.distress.label).toBe('MAYDAY');
  });

  it('maps every wire message type onto a drawn kind', () => {
    expect(messageKind('heartbeat')).toBe('heartbeat');
    expect(messageKind('distress')).toBe('distress');
    expect(messageKind('report')).toBe('report');
    expect(messageKind('lease.renew')).toBe('lease');
    expect(messageKind('vote.reply')).toBe('lease');
    expect(messageKind('join')).toBe('membership');
    expect(messageKind('evicted')).toBe('membership');
    expect(messageKind('probe')).toBe('heartbeat');
  });

  it('puts readable text on every state fill (WCAG AA, 4.5:1) in both themes', () => {
    for (const theme of ['light', 'dark'] as const) {
      for (const s of states) {
        const fill = themes[theme][stateStyles[s].color];
        expect(contrastRatio(fill, textOn(fill)), `${theme} ${s}`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });

  it('keeps ink readable on the background in both themes', () => {
    for (const theme of ['light', 'dark'] as const) {
      expect(contrastRatio(themes[theme].ink, themes[theme].bg)).toBeGreaterThanOrEqual(7);
      expect(contrastRatio(themes[theme].alarm, themes[theme].bg)).toBeGreaterThanOrEqual(3);
    }
  });

  it('exports CSS custom properties with fallbacks, and a stylesheet for both themes', () => {
    expect(cssVarNames.alive).toBe('--mayday-alive');
    expect(colorVar('alarm')).toBe('var(--mayday-alarm, #D55E00)');
    expect(onColorVar('down')).toBe('var(--mayday-on-down, #FFFFFF)');
    const css = paletteCss();
    expect(css).toContain("[data-theme='dark']");
    expect(css).toContain('--mayday-distress: #CC79A7;');
    expect(css).toContain('--mayday-on-silent: #000000;');
  });

  it('draws every shape as a closed path', () => {
    for (const s of [...states.map((x) => stateStyles[x].shape), 'star', 'dot'] as const) {
      const d = shapePath(s, 10);
      expect(d.startsWith('M')).toBe(true);
      expect(d.endsWith('Z')).toBe(true);
      expect(d).not.toContain('NaN');
    }
  });
});
