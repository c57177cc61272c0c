/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  // Relative base: the built Lab works from any folder of any static file server, offline.
  base: './',
  server: { host: true, port: 5173 },
  preview: { port: 4173 },
  build: { target: 'es2022', sourcemap: true },
  worker: { format: 'es' },
  test: {
    // Unit and property tests only: Playwright specs live in test/e2e and run under Playwright.
    include: ['test/unit/**/*.test.ts'],
    // A test fails if XState prints an actor warning (test/setup/noActorWarnings.ts).
    setupFiles: ['test/setup/noActorWarnings.ts'],
    environment: 'node',
    testTimeout: 120_000,
  },
});
