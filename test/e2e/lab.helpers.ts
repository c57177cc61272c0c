// Shared steps of the Lab's browser tests. Time is driven through window.mayday (load, seek) where
// that keeps a test deterministic; everything a student does goes through roles and labels.
import { expect, type Page } from '@playwright/test';

export interface MaydayWindow {
  mayday: {
    load(s: unknown): { ok: boolean; errors: string[] };
    play(): void;
    pause(): void;
    seek(ms: number): number;
    trace(): Array<{ t: number; kind: string }>;
    metrics(): unknown;
    now(): number;
  };
}

/** Console errors and page errors, collected from the start. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  return errors;
}

export async function openLab(page: Page, scenario?: unknown): Promise<void> {
  await page.goto('/');
  await page.waitForFunction(() => 'mayday' in window);
  if (scenario !== undefined) {
    const r = await page.evaluate((s) => (window as unknown as MaydayWindow).mayday.load(s), scenario);
    expect(r).toEqual({ ok: true, errors: [] });
  }
}

export function seek(page: Page, ms: number): Promise<number> {
  return page.evaluate((t) => (window as unknown as MaydayWindow).mayday.seek(t), ms);
}

export function now(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as MaydayWindow).mayday.now());
}

/** A small cluster: db on n1, backups n2 then n3. */
export function cluster(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: 1,
    seed: 11,
    nodes: 5,
    resources: [{ name: 'db', primary: 'n1', backups: ['n2', 'n3'] }],
    policy: 'manual',
    durationMs: 60_000,
    ...extra,
  };
}

/** The node drawn on the ring, by its accessible name ("n1: alive, PRIMARY of db; …"). */
export function node(page: Page, id: string) {
  return page.getByRole('button', { name: new RegExp(`^${id}:`) });
}

export function eventLog(page: Page) {
  return page.getByRole('log', { name: 'Event log' });
}

/** Opens a node's menu and injects an imminent failure of a catalogue type. */
export async function injectFailure(
  page: Page,
  id: string,
  typeLabel: string,
  warningMs?: number,
): Promise<void> {
  await node(page, id).click();
  const menu = page.getByRole('dialog', { name: id });
  await expect(menu).toBeVisible();
  await menu.getByRole('combobox', { name: 'Type' }).selectOption({ label: typeLabel });
  if (warningMs !== undefined)
    await menu.getByRole('spinbutton', { name: 'Warning (ms)' }).fill(String(warningMs));
  await menu.getByRole('button', { name: 'Inject failure' }).click();
  await expect(menu).toBeHidden();
}
