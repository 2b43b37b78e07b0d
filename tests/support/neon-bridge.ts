// A WebSocket-to-TCP bridge so Neon's serverless driver (which speaks the Postgres protocol over WebSocket)
// can reach a plain Postgres server in tests: each WebSocket connection pipes binary frames to its own TCP
// socket. Point the driver at it with `neonWsProxy: () => `127.0.0.1:${bridge.port}/``.
import { createConnection } from 'node:net';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData } from 'ws';

export interface NeonBridge {
  port: number;
  close(): Promise<void>;
}

export async function startNeonBridge(target = { host: '127.0.0.1', port: 5432 }): Promise<NeonBridge> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  wss.on('connection', (ws) => {
    const tcp = createConnection(target);
    ws.on('message', (data: RawData) => tcp.write(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer)));
    tcp.on('data', (chunk) => ws.send(chunk));
    ws.on('close', () => tcp.end());
    tcp.on('close', () => ws.close());
    ws.on('error', () => tcp.destroy());
    tcp.on('error', () => ws.terminate());
  });
  await new Promise<void>((resolve, reject) => wss.once('listening', resolve).once('error', reject));
  return {
    port: (wss.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}
