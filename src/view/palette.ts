// One meaning per colour across the whole app (UX-NOTES: RaftScope gave one colour two meanings).
// Colours are Okabe–Ito, safe for the common colour-vision deficiencies, and never used alone:
// every state also has a shape and a word. Renderers paint with `var(--mayday-…)` so a theme
// switch is a CSS change, not a re-render; the fallback hex keeps an un-themed page correct.

export type Theme = 'light' | 'dark';

/** Each token is one meaning. Neutral inks (ink, muted, bg, surface) carry no meaning. */
export type ColorToken =
  | 'alive' // running and healthy; a heartbeat is its sign of life
  | 'warning' // the node's own OS saw its failure coming (impending failure)
  | 'distress' // the distress signal: the node sending it, the MAYDAY flight, its marks
  | 'fenced' // the node left the cluster on its own and dropped every role
  | 'down' // dead; for a resource, no node serving it (unavailable)
  | 'silent' // silent, cause unknown: suspected, or judged "partitioned?"
  | 'paused' // frozen (GC pause, SIGSTOP): alive but mute, comes back by itself
  | 'offline' // out of the cluster after recovery, until it rejoins
  | 'alarm' // split brain and other violated invariants — nothing else
  | 'ink'
  | 'muted'
  | 'bg'
  | 'surface';

export const meaningTokens: readonly ColorToken[] = [
  'alive',
  'warning',
  'distress',
  'fenced',
  'down',
  'silent',
  'paused',
  'offline',
  'alarm',
];

export const themes: Record<Theme, Record<ColorToken, string>> = {
  light: {
    alive: '#009E73',
    warning: '#E69F00',
    distress: '#CC79A7',
    fenced: '#0072B2',
    down: '#3B3B3B',
    silent: '#F0E442',
    paused: '#56B4E9',
    offline: '#A6A6A6',
    alarm: '#D55E00',
    ink: '#111111',
    muted: '#5F6368',
    bg: '#FFFFFF',
    surface: '#F3F4F6',
  },
  dark: {
    alive: '#1DB386',
    warning: '#F0AC1A',
    distress: '#E08CBB',
    fenced: '#3D9BDB',
    down: '#B5B5B5',
    silent: '#F0E442',
    paused: '#7CC6F0',
    offline: '#5E5E5E',
    alarm: '#FF6A1A',
    ink: '#F2F2F2',
    muted: '#A0A6AD',
    bg: '#121417',
    surface: '#1E2126',
  },
};

/** The CSS custom property of a token, e.g. `--mayday-alive`. */
export function cssVarName(token: ColorToken): string {
  return `--mayday-${token}`;
}

export const cssVarNames: Record<ColorToken, string> = Object.fromEntries(
  (Object.keys(themes.light) as ColorToken[]).map((k) => [k, cssVarName(k)]),
) as Record<ColorToken, string>;

/** `var(--mayday-alive, #009E73)`: usable in `style('fill', …)` with or without the stylesheet. */
export function colorVar(token: ColorToken): string {
  return `var(${cssVarName(token)}, ${themes.light[token]})`;
}

/** The text colour that reads best on a token's fill, e.g. `--mayday-on-alive`. */
export function onCssVarName(token: ColorToken): string {
  return `--mayday-on-${token}`;
}

export function onColorVar(token: ColorToken): string {
  return `var(${onCssVarName(token)}, ${textOn(themes.light[token])})`;
}

/**
 * Declarations of both themes (plus focus styles for the drawn nodes); the UI injects this once
 * and sets `data-theme` on <html>.
 */
export function paletteCss(): string {
  const block = (theme: Theme): string =>
    (Object.entries(themes[theme]) as [ColorToken, string][])
      .flatMap(([k, v]) => [`  ${cssVarName(k)}: ${v};`, `  ${onCssVarName(k)}: ${textOn(v)};`])
      .join('\n');
  return (
    `:root,\n[data-theme='light'] {\n${block('light')}\n}\n[data-theme='dark'] {\n${block('dark')}\n}\n` +
    `.mayday-node { cursor: pointer; outline: none; }\n` +
    `.mayday-node:focus-visible .mayday-focus { visibility: visible; }\n` +
    `.mayday-view text { font-family: system-ui, sans-serif; font-weight: 600; }\n`
  );
}

// ---------------------------------------------------------------------------------------------
// Node states as drawn: colour + shape + word.

/** What the viewer sees on a node: its truth, or (truth hidden) what the selected node believes. */
export type VisualState =
  | 'healthy'
  | 'impending'
  | 'distress'
  | 'fenced'
  | 'dead'
  | 'suspect'
  | 'partitioned'
  | 'paused'
  | 'offline'
  | 'unknown';

export type Shape =
  | 'circle'
  | 'triangle'
  | 'diamond'
  | 'square'
  | 'cross'
  | 'pentagon'
  | 'hexagon'
  | 'octagon'
  | 'ring'
  | 'star'
  | 'dot';

export interface StateStyle {
  color: ColorToken;
  shape: Shape;
  /** Word(s) on the node, short enough for a projector. */
  label: string;
  /** Plain words for screen readers and tooltips. */
  spoken: string;
}

export const stateStyles: Record<VisualState, StateStyle> = {
  healthy: { color: 'alive', shape: 'circle', label: 'ALIVE', spoken: 'alive' },
  impending: { color: 'warning', shape: 'triangle', label: 'FAILING', spoken: 'failure imminent' },
  distress: { color: 'distress', shape: 'diamond', label: 'MAYDAY!', spoken: 'sending distress' },
  fenced: { color: 'fenced', shape: 'square', label: 'FENCED', spoken: 'fenced itself' },
  dead: { color: 'down', shape: 'cross', label: 'DEAD', spoken: 'dead' },
  suspect: { color: 'silent', shape: 'pentagon', label: 'SUSPECT?', spoken: 'suspected' },
  partitioned: { color: 'silent', shape: 'hexagon', label: 'PARTITIONED?', spoken: 'partitioned?' },
  paused: { color: 'paused', shape: 'octagon', label: 'PAUSED', spoken: 'paused' },
  offline: { color: 'offline', shape: 'ring', label: 'OFFLINE', spoken: 'offline until it rejoins' },
  unknown: { color: 'muted', shape: 'circle', label: '?', spoken: 'truth hidden' },
};

/** Belief words as drawn on a peer (the selected node's opinion of it). */
export const beliefStyles = {
  alive: { state: 'healthy', label: 'ALIVE', short: 'A' },
  suspect: { state: 'suspect', label: 'SUSPECT?', short: 'S?' },
  failed: { state: 'dead', label: 'FAILED', short: 'F' },
  partitioned: { state: 'partitioned', label: 'PARTITIONED?', short: 'P?' },
} as const satisfies Record<string, { state: VisualState; label: string; short: string }>;

// ---------------------------------------------------------------------------------------------
// Message kinds: shape first, colour only where the meaning is the same as a node state's.

export type MessageKind = 'heartbeat' | 'distress' | 'report' | 'lease' | 'membership';

export interface MessageStyle {
  color: ColorToken;
  shape: Shape;
  /** Radius in px at scale 1 (the flights renderer scales with node size). */
  size: number;
  label: string;
}

export const messageStyles: Record<MessageKind, MessageStyle> = {
  heartbeat: { color: 'alive', shape: 'dot', size: 3.5, label: 'heartbeat' },
  distress: { color: 'distress', shape: 'diamond', size: 11, label: 'MAYDAY' },
  report: { color: 'ink', shape: 'square', size: 4.5, label: 'report' },
  lease: { color: 'ink', shape: 'triangle', size: 5, label: 'lease / vote' },
  membership: { color: 'ink', shape: 'ring', size: 5, label: 'join / evicted' },
};

/** Maps the wire type (core `MessageType`) onto a drawn kind. */
export function messageKind(type: string): MessageKind {
  if (type === 'heartbeat' || type === 'distress' || type === 'report') return type;
  // A quorum probe is a liveness check ("can you hear me?"): it means what a heartbeat means.
  if (type === 'probe' || type === 'probe.ack') return 'heartbeat';
  if (type === 'join' || type === 'evicted') return 'membership';
  return 'lease';
}

// ---------------------------------------------------------------------------------------------
// Shapes: SVG path data centred on 0,0 with roughly equal visual weight for the same `r`.

function polygon(sides: number, r: number, rotation: number): string {
  const pts: string[] = [];
  for (let i = 0; i < sides; i++) {
    const a = rotation + (i * 2 * Math.PI) / sides;
    pts.push(`${round2(r * Math.cos(a))},${round2(r * Math.sin(a))}`);
  }
  return `M${pts.join('L')}Z`;
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

export function shapePath(shape: Shape, r: number): string {
  switch (shape) {
    case 'circle':
    case 'dot':
      return `M${round2(r)},0A${round2(r)},${round2(r)} 0 1,1 ${-round2(r)},0A${round2(r)},${round2(r)} 0 1,1 ${round2(r)},0Z`;
    case 'ring': {
      // Outer circle clockwise, inner counter-clockwise: a hole under the nonzero fill rule.
      const i = round2(r * 0.62);
      return `${shapePath('circle', r)}M${i},0A${i},${i} 0 1,0 ${-i},0A${i},${i} 0 1,0 ${i},0Z`;
    }
    case 'triangle':
      return polygon(3, r * 1.25, -Math.PI / 2);
    case 'diamond':
      return polygon(4, r * 1.2, -Math.PI / 2);
    case 'square':
      return polygon(4, r * 1.2, -Math.PI / 4);
    case 'pentagon':
      return polygon(5, r * 1.08, -Math.PI / 2);
    case 'hexagon':
      return polygon(6, r * 1.05, 0);
    case 'octagon':
      return polygon(8, r * 1.03, Math.PI / 8);
    case 'star': {
      const pts: string[] = [];
      for (let k = 0; k < 10; k++) {
        const rr = k % 2 === 0 ? r * 1.2 : r * 0.5;
        const a = -Math.PI / 2 + (k * Math.PI) / 5;
        pts.push(`${round2(rr * Math.cos(a))},${round2(rr * Math.sin(a))}`);
      }
      return `M${pts.join('L')}Z`;
    }
    case 'cross': {
      // A bold ✕: a plus sign rotated by 45°, one polygon so it fills like the other shapes.
      const a = r * 0.3;
      const s = r * 1.2;
      const plus: Array<[number, number]> = [
        [a, -s],
        [a, -a],
        [s, -a],
        [s, a],
        [a, a],
        [a, s],
        [-a, s],
        [-a, a],
        [-s, a],
        [-s, -a],
        [-a, -a],
        [-a, -s],
      ];
      const c = Math.SQRT1_2;
      return `M${plus.map(([x, y]) => `${round2(c * (x - y))},${round2(c * (x + y))}`).join('L')}Z`;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Contrast (WCAG 2): picks the text colour drawn on a filled shape.

export function relativeLuminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  const ch = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever reads better on `hex`. */
export function textOn(hex: string): '#000000' | '#FFFFFF' {
  return contrastRatio(hex, '#000000') >= contrastRatio(hex, '#FFFFFF') ? '#000000' : '#FFFFFF';
}
