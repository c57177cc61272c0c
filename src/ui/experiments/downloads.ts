// Download links built from Blobs: the table as CSV and JSON (the very text `cli experiment --csv/--json`
// prints) and each plot as a standalone SVG file.
import { themes } from '../../view/palette.ts';

/** An object URL for `text`; the caller revokes it when the link goes away (see `ownedUrl`). */
export function blobUrl(text: string, type: string): string {
  return URL.createObjectURL(new Blob([text], { type }));
}

/**
 * Keeps one object URL alive at a time: each `set` revokes the previous one, so a page that runs many
 * grids does not pile up blobs. Use inside a $effect and call `clear` from its cleanup.
 */
export function ownedUrl(): { set(text: string, type: string): string; clear(): void } {
  let url: string | null = null;
  const clear = (): void => {
    if (url) URL.revokeObjectURL(url);
    url = null;
  };
  return {
    set(text, type) {
      clear();
      url = blobUrl(text, type);
      return url;
    },
    clear,
  };
}

/**
 * The drawing as a file that opens anywhere: CSS variables resolved to the light theme's colours (other
 * programs know no `var(--mayday-…)`), a white background, and the page's font named.
 */
export function svgFileText(svg: SVGSVGElement, title: string): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const width = svg.getAttribute('width') ?? String(svg.clientWidth);
  const height = svg.getAttribute('height') ?? String(svg.clientHeight);
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', width);
  clone.setAttribute('height', height);
  clone.setAttribute('font-family', 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif');
  clone.removeAttribute('class');
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', themes.light.bg);
  clone.insertBefore(bg, clone.firstChild);
  const titleEl = document.createElementNS('http://www.w3.org/2000/svg', 'title');
  titleEl.textContent = title;
  clone.insertBefore(titleEl, clone.firstChild);
  const text = new XMLSerializer().serializeToString(clone);
  // `var(--mayday-ink, #111111)` → `#111111`: the fallback is the light theme's colour (palette.colorVar).
  return `<?xml version="1.0" encoding="UTF-8"?>\n${text.replace(/var\(--mayday-[a-z-]+,\s*(#[0-9A-Fa-f]{6})\)/g, '$1')}\n`;
}
