// Small helpers shared by the renderers: the selection type they accept, layers, and
// change detection so a join touches an element only when what it shows has changed.
import type { BaseType, Selection } from 'd3-selection';

/** The group a renderer draws into, as returned by `select(svgGElement)`. */
export type SvgGroup = Selection<SVGGElement, unknown, BaseType | null, unknown>;

/** The child `<g class=…>` of a group, created on first use; keeps layer order stable. */
export function layer(root: SvgGroup, className: string): SvgGroup {
  const existing = root.select<SVGGElement>(`:scope > g.${className}`);
  if (!existing.empty()) return existing as unknown as SvgGroup;
  return root.append('g').attr('class', className) as unknown as SvgGroup;
}

const signatures = new WeakMap<Element, string>();

/** True (and remembers `sig`) when the element shows something else than last time. */
export function changed(el: Element, sig: string): boolean {
  if (signatures.get(el) === sig) return false;
  signatures.set(el, sig);
  return true;
}

/** Rounds for SVG attributes: stable strings, smaller DOM diffs, readable golden snapshots. */
export function r1(v: number): number {
  return Math.round(v * 10) / 10;
}

export function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

export function translate(x: number, y: number): string {
  return `translate(${r1(x)},${r1(y)})`;
}
