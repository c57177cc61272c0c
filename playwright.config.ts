import { defineConfig } from '@playwright/test';

// Debian's Chromium, not Playwright's own build (STACK-NOTES): scripts/with-chromium.mjs finds one and
// sets MAYDAY_CHROME. Never add --enable-features/--disable-features here: Chromium keeps only the
// last such flag and would silently drop Playwright's own list.
const executablePath = process.env.MAYDAY_CHROME || process.env.CHROME_PATH || '/usr/bin/chromium';
// MAYDAY_E2E_PORT lets several checkouts run their browser tests side by side without sharing a server.
const port = Number(process.env.MAYDAY_E2E_PORT) || 4173;

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  retries: 0,
  workers: 2,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
  webServer: {
    // The built app, served offline: what a user gets from `npm run build`.
    command: `npx vite build && npx vite preview --port ${port} --strictPort`,
    url: `http://localhost:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
