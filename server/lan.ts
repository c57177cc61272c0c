// `npm run lan`: build the app and serve it on the LAN with its signaling server and relay on the same
// port, then print the join link and its QR code. Works with no internet.
import { execFileSync } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderUnicodeCompact } from 'uqr';
import { startLanServer } from './lanServer.ts';

const HELP = `npm run lan [-- options]

Builds Mayday and serves it on every network interface, with the WebRTC signaling server (PeerJS) and
a relay for networks that block device-to-device traffic, all on one port. Prints the join link and a
QR code for phones and laptops on the same network. No internet needed.

  --port N       port to listen on (default 8080)
  --no-build     serve the existing dist/ without building first
  --dist DIR     folder to serve (default dist)
  -h, --help     this text`;

function lanAddresses(): string[] {
  const found: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const address of list ?? [])
      if (address.family === 'IPv4' && !address.internal) found.push(address.address);
  }
  return found;
}

function fail(message: string): never {
  console.error(`npm run lan: ${message}\n\n${HELP}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '8080' },
        'no-build': { type: 'boolean', default: false },
        dist: { type: 'string', default: 'dist' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) return void console.log(HELP);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port: expected 0–65535, got ${values.port}`);

  const root = fileURLToPath(new URL('..', import.meta.url));
  if (!values['no-build'])
    execFileSync('npx', ['vite', 'build', '--outDir', values.dist], { cwd: root, stdio: 'inherit' });

  const server = await startLanServer({ dist: new URL(values.dist, `file://${root}/`).pathname, port });
  const hosts = lanAddresses();
  const join = `http://${hosts[0] ?? 'localhost'}:${server.port}/`;
  console.log(`\nMayday on the LAN — port ${server.port} (page, signaling and relay)`);
  console.log(`  this machine: http://localhost:${server.port}/`);
  for (const host of hosts) console.log(`  network:      http://${host}:${server.port}/`);
  console.log(`\nOpen this on each device (phones: scan the code):\n  ${join}\n`);
  console.log(renderUnicodeCompact(join, { border: 2 }));
  if (hosts.length === 0) console.log('No network interface found: only this machine can join.');
  console.log('Ctrl+C stops the server; devices already connected keep talking to each other.');

  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
