// Sends events to Pusher (the local Pusher-protocol server or Pusher's cloud) in batches. Writes do not call
// this directly: they record their events in the outbox (api/_lib/events/outbox.ts), which publishes them
// here after the commit and retries what failed.
import type Pusher from 'pusher';
import { serverEnv } from '../env.js';

export interface RealtimeEvent {
  channel: string;
  name: string;
  data: Record<string, unknown>;
  /** The sender's socket, which does not get the event back; overrides publish()'s socketId. */
  socketId?: string | null;
}

/** Pusher rejects events whose data is over 10 KB; stay under it with room for the envelope. */
export const MAX_EVENT_BYTES = 10_000;
const MAX_BATCH = 10;
const SOCKET_ID = /^\d+\.\d+$/;

let cached: { key: string; client: Pusher } | undefined;

/**
 * The SDK configured from the environment: the local Pusher-protocol server, or Pusher's cluster. It is
 * loaded on first use, not when the function starts: it and its fetch polyfill are a quarter of a cold
 * start's import time, and most requests (every read) never publish.
 */
export async function pusherClient(): Promise<Pusher> {
  const rt = serverEnv().realtime;
  const cacheKey = [rt.mode, rt.appId, rt.key, rt.host, rt.port, rt.cluster].join('|');
  if (cached?.key === cacheKey) return cached.client;
  const { default: Pusher } = await import('pusher');
  const credentials = { appId: rt.appId, key: rt.key, secret: rt.secret };
  const client =
    rt.mode === 'local'
      ? new Pusher({ ...credentials, host: rt.host ?? '127.0.0.1', port: String(rt.port ?? 6001), useTLS: false, timeout: 5_000 })
      : new Pusher({ ...credentials, cluster: rt.cluster, useTLS: true, timeout: 5_000 });
  cached = { key: cacheKey, client };
  return client;
}

export const byteLength = (data: unknown) => Buffer.byteLength(JSON.stringify(data), 'utf8');

const validSocket = (socketId: string | null | undefined) => (socketId && SOCKET_ID.test(socketId) ? socketId : undefined);

/** Sends the events now (one HTTP request per 10 events); throws on failure. */
export async function publish(events: RealtimeEvent[], socketId?: string | null): Promise<void> {
  if (events.length === 0 || serverEnv().realtime.mode === 'off') return;
  const sendable = events.filter((e) => {
    const size = byteLength(e.data);
    if (size <= MAX_EVENT_BYTES) return true;
    console.error(`[realtime] dropped ${e.name} on ${e.channel}: ${size} bytes is over the ${MAX_EVENT_BYTES}-byte limit`);
    return false;
  });
  const client = await pusherClient();
  for (let i = 0; i < sendable.length; i += MAX_BATCH) {
    const batch = sendable.slice(i, i + MAX_BATCH).map((e) => {
      const socket = validSocket(e.socketId ?? socketId);
      return { channel: e.channel, name: e.name, data: e.data, ...(socket ? { socket_id: socket } : {}) };
    });
    const response = await client.triggerBatch(batch);
    if (response.status >= 300) throw new Error(`Pusher answered ${response.status} to triggerBatch`);
  }
}
