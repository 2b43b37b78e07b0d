// Channel latency end to end on the local stack (local runtime, local Pusher server, the channel-provider
// stand-ins of dev/channel-providers as TELEGRAM_API_URL):
//   1. inbound: a correctly signed Telegram webhook delivery (the stand-in posts it with the secret token the
//      channel registered through setWebhook) → an agent's pusher-js client, subscribed to
//      private-workspace-{wid} through our auth endpoint, receiving `message.created` for that message; and the
//      webhook's own HTTP answer time (it answers once the delivery is recorded in the outbox; the message is
//      stored after the response by the `channel.inbound` sink);
//   2. outbound: an agent's `POST …/messages` reply on that conversation → the Telegram stand-in receiving the
//      sendMessage with that text (sent after commit by the `channel.deliver` sink); and the POST's answer time.
// MESSAGES of each after WARMUP unmeasured ones, one at a time. Target (issue 11): p50 ≤ 50 ms locally.
// The Telegram channel is connected through the API (POST …/channels with the stand-in's bot token), as an
// admin does.
//
// Run: npx tsx bench/channels.ts                 PGlite in memory
//      BENCH_DATABASE_URL=postgres://…/postgres npx tsx bench/channels.ts
//                                                 a database of its own is created (and migrated) on that
//                                                 server and dropped at the end
//      MESSAGES=200 WARMUP=20
import { randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openDatabase, parseDatabaseUrl } from '../db/client.js';
import { startChannelProviders } from '../dev/channel-providers/server.js';
import { startMailCatcher } from '../dev/mail-catcher.js';
import { LOCAL_TELEGRAM_TOKEN } from '../dev/channel-providers/telegram.js';
import { adminUrl } from '../tests/support/postgres.js';
import { ms, startBenchApp, stats, subscribeToWorkspace } from './support.js';

const MESSAGES = Number(process.env.MESSAGES ?? 200);
const WARMUP = Number(process.env.WARMUP ?? 20);
const TIMEOUT_MS = 10_000;

// A Postgres run gets a database of its own, migrated here (startBenchApp migrates only PGlite).
let dropDatabase: (() => Promise<void>) | null = null;
if (process.env.BENCH_DATABASE_URL) {
  const base = process.env.BENCH_DATABASE_URL;
  if (parseDatabaseUrl(base).kind !== 'postgres') throw new Error('BENCH_DATABASE_URL: use a postgres:// server (a bench database is created on it)');
  const name = `switchboard_bench_channels_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl(base) });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const url = Object.assign(new URL(base), { pathname: `/${name}` }).toString();
  const migrated = await openDatabase({ kind: 'postgres', url }, { migrate: true });
  await migrated.close();
  process.env.DATABASE_URL = url;
  dropDatabase = async () => {
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  };
}

const providers = await startChannelProviders({ port: 0, appUrl: null });
// The agent's invitation is mailed: to a local catcher, so nothing complains.
const mail = await startMailCatcher({ port: 0, httpPort: 0 });
// Before the app reads its environment (serverEnv() keeps what it read first).
Object.assign(process.env, providers.env, { SMTP_URL: mail.smtpUrl });
const app = await startBenchApp();

// The app runs in this process: note when its `channel.deliver` sink calls the Bot API's sendMessage (by text).
const sendCalled = new Map<string, number>();
const originalFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (url.startsWith(providers.env.TELEGRAM_API_URL!) && url.endsWith('/sendMessage') && typeof init?.body === 'string')
    sendCalled.set((JSON.parse(init.body) as { text: string }).text, performance.now());
  return originalFetch(input, init);
};
providers.setAppUrl(app.url);

const post = async (path: string, body: unknown, token?: string) => {
  const res = await fetch(app.url + path, {
    method: 'POST',
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return res.json();
};
const withTimeout = <T>(promise: Promise<T>, what: string) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), TIMEOUT_MS))]);

const stamp = Date.now();
const owner = await post('/api/auth/register', { email: `owner-${stamp}@bench.test`, password: 'Bench-Pass-1', name: 'Owner' });
const workspace = await post('/api/workspaces', { name: 'Bench channels' }, owner.accessToken);
// The agent joins as people do: invited, and registered from the invitation's link.
const invited = await post(`/api/workspaces/${workspace.id}/members`, { email: `agent-${stamp}@bench.test`, role: 'agent' }, owner.accessToken);
const link = await post(`/api/workspaces/${workspace.id}/members/${invited.id}/link`, undefined, owner.accessToken);
const agent = await post('/api/auth/register', {
  email: `agent-${stamp}@bench.test`,
  password: 'Bench-Pass-1',
  name: 'Agent',
  invitationToken: new URL(link.url).pathname.split('/').pop(),
});
const channel = await post(
  `/api/workspaces/${workspace.id}/channels`,
  { type: 'telegram', name: 'Bench bot', credentials: { botToken: LOCAL_TELEGRAM_TOKEN } },
  owner.accessToken,
);

const { client, channel: subscription } = await subscribeToWorkspace(app, agent.accessToken, workspace.id);

interface Created {
  message: { content: string; conversationId: string; senderType: string };
}
const waiting = new Map<string, (event: { at: number; data: Created }) => void>();
const early = new Map<string, { at: number; data: Created }>();
subscription.bind('message.created', (data: Created) => {
  const event = { at: performance.now(), data };
  const resolve = waiting.get(data.message.content);
  if (resolve) resolve(event);
  else early.set(data.message.content, event);
});

// 1. Inbound: one customer writing; the first message opens the conversation the replies go to.
const customer = { id: '812345678', name: 'Bench Customer' };
const inbound: number[] = [];
const webhookAnswer: number[] = [];
let conversationId = '';
for (let i = 0; i < WARMUP + MESSAGES; i++) {
  const text = `customer message ${i} ${randomUUID().slice(0, 8)}`;
  const received = new Promise<{ at: number; data: Created }>((resolve) => waiting.set(text, resolve));
  const started = performance.now();
  const status = await providers.simulate(channel.id, customer, text);
  const answered = performance.now();
  if (status !== 200) throw new Error(`the webhook answered ${status}`);
  const event = early.get(text) ?? (await withTimeout(received, `message.created for "${text}"`));
  waiting.delete(text);
  early.delete(text);
  if (event.data.message.senderType !== 'customer') throw new Error(`message.created for "${text}" is from ${event.data.message.senderType}`);
  conversationId ||= event.data.message.conversationId;
  if (i >= WARMUP) {
    inbound.push(event.at - started);
    webhookAnswer.push(answered - started);
  }
}

// 2. Outbound: the agent replies on that conversation; the stand-in records each sendMessage it accepts.
// The reply's own message.created reaching the agent marks where the after-response dispatch stands: it
// publishes to Pusher first, then runs the `channel.deliver` sink.
let lastReply = '';
let markSent: () => void;
const lastReplySent = new Promise<void>((resolve) => (markSent = resolve));
subscription.bind('message.updated', (data: { message: { content: string; delivery?: { status: string } | null } }) => {
  if (data.message.content === lastReply && data.message.delivery?.status === 'sent') markSent();
});
const outbound: number[] = [];
const replyAnswer: number[] = [];
const replyPublished: number[] = [];
const replySendCalled: number[] = [];
for (let i = 0; i < WARMUP + MESSAGES; i++) {
  const text = `agent reply ${i} ${randomUUID().slice(0, 8)}`;
  lastReply = text;
  const sent = providers.waitForSent((m) => m.provider === 'telegram' && m.text === text, TIMEOUT_MS);
  const published = new Promise<{ at: number; data: Created }>((resolve) => waiting.set(text, resolve));
  const started = performance.now();
  await post(`/api/workspaces/${workspace.id}/conversations/${conversationId}/messages`, { content: text }, agent.accessToken);
  const answered = performance.now();
  const message = await sent;
  const at = performance.now();
  if (message.recipient !== customer.id) throw new Error(`the reply went to ${message.recipient}, not ${customer.id}`);
  const event = early.get(text) ?? (await withTimeout(published, `message.created for "${text}"`));
  waiting.delete(text);
  early.delete(text);
  if (!sendCalled.has(text)) throw new Error(`no sendMessage call was seen for "${text}"`);
  if (i >= WARMUP) {
    outbound.push(at - started);
    replyAnswer.push(answered - started);
    replyPublished.push(event.at - started);
    replySendCalled.push(sendCalled.get(text)! - started);
  }
}

// The last reply's after-work (its `sent` status, then the outbox marked dispatched) ends before the database closes.
await withTimeout(lastReplySent, 'the last reply to be marked sent');
await new Promise((resolve) => setTimeout(resolve, 250));

client.disconnect();
await app.close();
await providers.close();
await mail.close();
await dropDatabase?.();

const line = (label: string, samples: number[]) => {
  const s = stats(samples);
  console.log(`${label.padEnd(66)} p50 ${ms(s.median).padStart(10)}   p95 ${ms(s.p95).padStart(10)}   max ${ms(s.max).padStart(10)}`);
};
console.log(
  `database: ${process.env.BENCH_DATABASE_URL ? 'Postgres' : app.targetLabel}; ${MESSAGES} of each after ${WARMUP} warm-up; ` +
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${availableParallelism()} cores`,
);
line('Telegram webhook → agent pusher-js receives message.created', inbound);
line('Telegram webhook → its HTTP answer', webhookAnswer);
line('agent POST reply → stand-in receives sendMessage', outbound);
line('agent POST reply → its HTTP answer', replyAnswer);
line('agent POST reply → agent pusher-js receives its message.created', replyPublished);
line('agent POST reply → the app calls sendMessage', replySendCalled);
