// Shared by the browser benchmarks: build the bench page (bench/browser/, its own tiny Vite build into a
// temporary folder, so nothing of it reaches the app's bundle), serve it cross-origin isolated (COOP +
// COEP give performance.now() 5 µs resolution instead of 100 µs), and launch Debian's Chromium.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { build } from 'vite';

const PAGE_ROOT = fileURLToPath(new URL('./browser/', import.meta.url));

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let built: Promise<string> | null = null;

/** Builds bench/browser once per process into a temporary folder; returns the folder. */
export function buildBenchPage(): Promise<string> {
  built ??= (async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'mayday-bench-'));
    process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
    await build({
      configFile: false,
      root: PAGE_ROOT,
      base: './',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, target: 'es2022', minify: true, reportCompressedSize: false },
    });
    return outDir;
  })();
  return built;
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };

function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(new URL(req.url ?? '/', 'http://x').pathname).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(dir) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export interface BenchBrowser {
  browser: Browser;
  url: string;
  /** A new page of the shared context, with the bench API loaded. */
  open(): Promise<Page>;
  close(): Promise<void>;
}

/** Chromium with the bench page served; every page opens in one context (one "browser" for channels). */
export async function openBenchBrowser(): Promise<BenchBrowser> {
  const dir = await buildBenchPage();
  const server = await serve(dir);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const context = await browser.newContext();
  return {
    browser,
    url,
    async open() {
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForFunction(() => 'maydayBench' in window);
      return page;
    },
    async close() {
      await browser.close();
      server.close();
    },
  };
}

/** Nearest-rank quantile of sorted values, as in src/runtime/experimentStats.ts. */
export function quantile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length))) - 1];
}
