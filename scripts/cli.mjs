#!/usr/bin/env node
// `npm run cli`: runs the command line from built JavaScript, building it first when src/ changed.
// Each build goes to its own folder named by a fingerprint of the sources, moved into place in one
// rename, so two commands started at once never read a half-written build.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cache = join(root, 'node_modules', '.cache', 'mayday-cli');
const INPUTS = ['src', 'package-lock.json', 'vite.cli.config.ts', 'tsconfig.json'];

/** Path, size and modification time of every input file: any edit gives a new fingerprint. */
function fingerprint() {
  const hash = createHash('sha256');
  const visit = (path) => {
    const s = statSync(path);
    if (s.isDirectory()) for (const name of readdirSync(path).sort()) visit(join(path, name));
    else hash.update(`${relative(root, path)}\0${s.size}\0${s.mtimeMs}\n`);
  };
  for (const input of INPUTS) if (existsSync(join(root, input))) visit(join(root, input));
  return hash.digest('hex').slice(0, 16);
}

async function build(outDir) {
  const tmp = `${outDir}.tmp-${process.pid}`;
  const { build: viteBuild } = await import('vite');
  await viteBuild({
    root,
    configFile: join(root, 'vite.cli.config.ts'),
    build: { outDir: tmp },
  });
  try {
    renameSync(tmp, outDir);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another command built the same sources first
  }
  // Older builds: gone once no command started in the last hour can still be reading them.
  for (const name of readdirSync(cache)) {
    const path = join(cache, name);
    if (path !== outDir && Date.now() - statSync(path).mtimeMs > 3_600_000) {
      rmSync(path, { recursive: true, force: true });
    }
  }
}

const outDir = join(cache, fingerprint());
if (!existsSync(join(outDir, 'main.js'))) {
  mkdirSync(cache, { recursive: true });
  await build(outDir);
}
await import(pathToFileURL(join(outDir, 'main.js')).href);
