#!/usr/bin/env node
// Finds a Chromium for the browser tests, then runs the rest of the command line with MAYDAY_CHROME
// set to it. Usage: node scripts/with-chromium.mjs playwright test [args…]
//
// Playwright 1.65 would otherwise want its own downloaded browser; Debian's chromium works for every
// test here (STACK-NOTES), so we use a system one and never download anything but an apt package.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const log = (line) => console.error(`[with-chromium] ${line}`);

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/opt/google/chrome/chrome',
];

function isExecutableFile(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function onPath(command) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && isExecutableFile(join(dir, command)));
}

function findBrowser() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (isExecutableFile(fromEnv)) return fromEnv;
    log(`CHROME_PATH=${fromEnv} is not an executable file; looking in the usual places instead.`);
  }
  return CANDIDATES.find(isExecutableFile);
}

function installWithApt() {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !onPath('apt-get')) return false;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', 'chromium']]) {
    log(`no Chromium found; running: apt-get ${args.join(' ')}`);
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    if (result.status !== 0) {
      log(`apt-get ${args.join(' ')} failed (exit ${result.status ?? result.signal}).`);
      return false;
    }
  }
  return true;
}

let browser = findBrowser();
if (!browser && installWithApt()) browser = findBrowser();
if (!browser) {
  console.error(
    [
      'Mayday’s browser tests need Chromium or Google Chrome, and none was found.',
      `Looked for: ${CANDIDATES.join(', ')}.`,
      'Either install one (Debian/Ubuntu: sudo apt-get install chromium; macOS/Windows: install Google',
      'Chrome), or point CHROME_PATH at the browser binary, e.g.',
      '  CHROME_PATH="/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" npm run test:e2e',
    ].join('\n'),
  );
  process.exit(1);
}
log(`using ${browser}`);

const [command, ...args] = process.argv.slice(2);
if (!command) {
  // No command: just report the browser, e.g. for scripts that want the path.
  console.log(browser);
  process.exit(0);
}

const localBin = join(root, 'node_modules', '.bin', command);
const executable = isExecutableFile(localBin) ? localBin : command;
const child = spawn(executable, args, {
  stdio: 'inherit',
  env: { ...process.env, MAYDAY_CHROME: browser },
});

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('error', (error) => {
  log(`could not start ${executable}: ${error.message}`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
