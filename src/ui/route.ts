// Which page a URL hash opens. `#s=…` (a shared scenario) and an empty hash open the Lab.
export type Route =
  | { page: 'lab' }
  | { page: 'experiments' }
  | { page: 'compare' }
  | { page: 'lessons' }
  /** Live mode (DESIGN §7): its start page, a room's node tab or observer; src/core/liveRoom.ts reads the rest. */
  | { page: 'live' }
  | { page: 'lesson'; lesson: string; step: number }
  | { page: 'missing'; hash: string };

export function parseRoute(hash: string): Route {
  const h = hash.replace(/^#/, '');
  if (h === '' || h === '/' || h === '/lab' || !h.startsWith('/')) return { page: 'lab' };
  const [path] = h.split('?');
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'experiments' && parts.length === 1) return { page: 'experiments' };
  if (parts[0] === 'live' && parts.length === 1) return { page: 'live' };
  // `#/compare?s=…&set=…`: the page reads its query itself (core/compareUrl.ts).
  if (parts[0] === 'compare' && parts.length === 1) return { page: 'compare' };
  if (parts[0] === 'lessons') {
    if (parts.length === 1) return { page: 'lessons' };
    const step = parts.length >= 3 ? Number(parts[2]) : 1;
    if (parts.length <= 3 && Number.isInteger(step) && step >= 1) {
      return { page: 'lesson', lesson: decodeURIComponent(parts[1]), step };
    }
  }
  return { page: 'missing', hash: `#${h}` };
}

export function lessonHref(lesson: string, step: number): string {
  return `#/lessons/${encodeURIComponent(lesson)}/${step}`;
}
