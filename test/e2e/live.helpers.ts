import { expect, type BrowserContext, type Page } from '@playwright/test';

/** What window.mayday gives in a live node tab (README: "Live mode"). */
export interface LiveState {
  id: string;
  phase: 'forming' | 'running' | 'down';
  snapshot: {
    lifecycle: string;
    incarnation: number;
    truth: string;
    roles: Record<string, string>;
    beliefs: Record<string, string>;
  } | null;
  adminPending: string[];
  rejected: Record<string, { count: number; reasons: Record<string, number> }>;
  frozenMs: number;
}

export interface TraceLike {
  t: number;
  kind: string;
  node?: string;
  peer?: string;
  cause?: string;
  [k: string]: unknown;
}

let rooms = 0;
/** A fresh room name per test, so tests never share a channel. */
export function roomName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${rooms++}`;
}

/** Short heartbeats keep the tests quick (200 ms, suspicion after 800 ms). */
export function roomUrl(room: string, opts: Record<string, string | number> = {}): string {
  const p = new URLSearchParams({ room, nodes: '3', hb: '200', timeout: '800', policy: 'manual' });
  for (const [k, v] of Object.entries(opts)) p.set(k, String(v));
  return `/#/live?${p.toString()}`;
}

export const state = (page: Page): Promise<LiveState | null> =>
  page.evaluate(
    () => (window as unknown as { mayday?: { state(): LiveState | null } }).mayday?.state() ?? null,
  );

export const trace = (page: Page): Promise<TraceLike[]> =>
  page.evaluate(() => (window as unknown as { mayday: { trace(): TraceLike[] } }).mayday.trace());

export const call = (
  page: Page,
  method: string,
  ...args: unknown[]
): Promise<{ ok: boolean; message: string }> =>
  page.evaluate(
    ([m, a]) =>
      (
        window as unknown as Record<
          string,
          Record<string, (...x: unknown[]) => Promise<{ ok: boolean; message: string }>>
        >
      ).mayday[m as string](...(a as unknown[])),
    [method, args] as const,
  );

/** Opens `n` node tabs of one room in one context (one "browser") and waits for the cluster to form. */
export async function openCluster(
  context: BrowserContext,
  url: string,
  n: number,
): Promise<Map<string, Page>> {
  const pages: Page[] = [];
  for (let i = 0; i < n; i++) {
    const page = await context.newPage();
    await page.goto(url);
    pages.push(page);
  }
  await expect
    .poll(async () => (await Promise.all(pages.map(state))).map((s) => s?.phase), { timeout: 15_000 })
    .toEqual(pages.map(() => 'running'));
  const byId = new Map<string, Page>();
  for (const p of pages) byId.set((await state(p))!.id, p);
  return byId;
}
