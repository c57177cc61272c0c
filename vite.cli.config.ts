// The command line as built JavaScript (scripts/cli.mjs builds it on demand): compiling TypeScript at
// every start costs more than a whole simulated hour. Node bundles, dependencies stay in node_modules.
import { defineConfig } from 'vite';

export default defineConfig({
  logLevel: 'warn',
  publicDir: false,
  build: {
    ssr: true,
    target: 'node20',
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      input: { main: 'src/cli/main.ts', experimentWorker: 'src/cli/experimentWorker.ts' },
      // One flat folder: the worker is found next to the code that starts it (src/cli/workerPool.ts).
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
