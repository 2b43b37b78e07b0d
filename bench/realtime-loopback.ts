// Trigger-to-receive latency through the local Pusher-compatible server (dev/pusher-server.ts), using the
// real `pusher` SDK to trigger and a real `pusher-js` client on a private channel to receive.
// Run: npx tsx bench/realtime-loopback.ts
import PusherRest from 'pusher';
import PusherClient from 'pusher-js';
import { startPusherServer } from '../dev/pusher-server.js';

const APP = { appId: '1', key: 'bench-key', secret: 'bench-secret' };
const EVENTS = 200;
const CHANNEL = 'private-bench';

const server = await startPusherServer({ ...APP, port: 0 });
const rest = new PusherRest({ ...APP, host: '127.0.0.1', port: String(server.port), useTLS: false });
const client = new PusherClient(APP.key, {
  cluster: 'local',
  wsHost: '127.0.0.1',
  wsPort: server.port,
  forceTLS: false,
  enabledTransports: ['ws'],
  channelAuthorization: {
    customHandler: ({ socketId, channelName }, callback) => callback(null, rest.authorizeChannel(socketId, channelName)),
  },
});
const channel = client.subscribe(CHANNEL);
await new Promise<void>((resolve, reject) => {
  channel.bind('pusher:subscription_succeeded', () => resolve());
  channel.bind('pusher:subscription_error', (e: unknown) => reject(new Error(JSON.stringify(e))));
});

let onTick: ((seq: number) => void) | undefined;
channel.bind('tick', (data: { seq: number }) => onTick?.(data.seq));

const latencies: number[] = [];
for (let seq = 0; seq < EVENTS; seq++) {
  const received = new Promise<number>((resolve) => {
    onTick = (got) => got === seq && resolve(performance.now());
  });
  const start = performance.now();
  await rest.trigger(CHANNEL, 'tick', { seq }); // the next trigger starts only after this one's HTTP response
  latencies.push((await received) - start);
}

latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? NaN;
console.log(`events: ${EVENTS} on ${CHANNEL} (sequential trigger -> receive, loopback)`);
console.log(`median: ${pct(50).toFixed(2)} ms`);
console.log(`p95:    ${pct(95).toFixed(2)} ms`);
console.log(`min/max: ${(latencies[0] ?? NaN).toFixed(2)} / ${(latencies.at(-1) ?? NaN).toFixed(2)} ms`);

client.disconnect();
await server.close();
