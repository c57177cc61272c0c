// The LAN server of `npm run lan`: the built app, the PeerJS signaling server (mounted with
// ExpressPeerServer, so page and signaling share one port) and the relay, all on one port, offline.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ExpressPeerServer } from 'peer';
import { WebSocketServer } from 'ws';
import { PEERJS_KEY, PEERJS_PATH } from '../src/transport/peerjsSettings.ts';
import { createRelay, RELAY_PATH, type RelayStats } from './relay.ts';
import { guardSignalingSocket, MAX_SIGNAL_BYTES, type SignalingStats } from './signalingGuard.ts';

export interface LanServerOptions {
  /** Folder of the built app (vite build). */
  dist: string;
  port: number;
  host?: string;
  maxRoomSize?: number;
}

export interface LanServer {
  server: Server;
  port: number;
  stats(): { relay: RelayStats; signaling: SignalingStats; peers: number };
  close(): Promise<void>;
}

export function startLanServer(options: LanServerOptions): Promise<LanServer> {
  const app = express();
  app.disable('x-powered-by');
  const server = createServer(app);
  const relay = createRelay({ maxRoomSize: options.maxRoomSize });
  const signaling: SignalingStats = { passed: 0, rejected: { tooFast: 0, malformed: 0 } };

  // PeerJS makes its own WebSocketServer; ours takes no server, so one upgrade handler below routes
  // each path (two `ws` servers attached to one HTTP server would refuse each other's upgrades).
  let peerWss: WebSocketServer | null = null;
  let peerWsPath = '';
  const peerServer = ExpressPeerServer(server, {
    key: PEERJS_KEY,
    path: '/',
    allow_discovery: false,
    concurrent_limit: 256,
    createWebSocketServer: (wsOptions: { path: string }) => {
      peerWsPath = wsOptions.path;
      peerWss = new WebSocketServer({ noServer: true, maxPayload: MAX_SIGNAL_BYTES });
      return peerWss;
    },
  } as Parameters<typeof ExpressPeerServer>[1]);
  let peersOnline = 0;
  peerServer.on('connection', () => peersOnline++);
  peerServer.on('disconnect', () => (peersOnline = Math.max(0, peersOnline - 1)));
  app.use(PEERJS_PATH, peerServer);
  app.get('/lan/status', (_req, res) => {
    res.json({ relay: relay.stats(), signaling, peers: peersOnline });
  });
  app.use(express.static(options.dist, { index: 'index.html' }));

  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '', 'http://lan').pathname;
    if (path === RELAY_PATH) return relay.handleUpgrade(req, socket, head);
    if (peerWss && path === peerWsPath) {
      const wss = peerWss;
      return wss.handleUpgrade(req, socket, head, (ws) => {
        guardSignalingSocket(ws, signaling);
        wss.emit('connection', ws, req);
      });
    }
    socket.destroy();
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        server,
        port,
        stats: () => ({
          relay: relay.stats(),
          signaling: { ...signaling, rejected: { ...signaling.rejected } },
          peers: peersOnline,
        }),
        close: () =>
          new Promise<void>((done) => {
            relay.close();
            for (const client of peerWss?.clients ?? []) client.terminate();
            peerWss?.close();
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
