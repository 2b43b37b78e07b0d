// Realtime latency end to end: from the start of `POST …/messages` to a pusher-js client (another member,
// subscribed through our auth endpoint) receiving `message.created`, over 200 messages on the local stack.
// Run: npx tsx bench/realtime.ts   (DATABASE_URL=postgres://… to use Postgres instead of PGlite in memory)
import { performance } from 'node:perf_hooks';
import { ms, startBenchApp, stats, subscribeToWorkspace } from './support.js';

const MESSAGES = 200;
const app = await startBenchApp();
const post = async (path: string, body: unknown, token?: string) => {
  const res = await fetch(app.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return res.json();
};

const stamp = Date.now();
const sender = await post('/api/auth/register', { email: `sender-${stamp}@bench.test`, password: 'Bench-Pass-1', name: 'Sender' });
const workspace = await post('/api/workspaces', { name: 'Bench' }, sender.accessToken);
// The receiver joins as people do: invited, and registered from the invitation's link.
const invited = await post(`/api/workspaces/${workspace.id}/members`, { email: `receiver-${stamp}@bench.test`, role: 'agent' }, sender.accessToken);
const link = await post(`/api/workspaces/${workspace.id}/members/${invited.id}/link`, undefined, sender.accessToken);
const receiver = await post('/api/auth/register', {
  email: `receiver-${stamp}@bench.test`,
  password: 'Bench-Pass-1',
  name: 'Receiver',
  invitationToken: new URL(link.url).pathname.split('/').pop(),
});
const customer = await post(`/api/workspaces/${workspace.id}/customers`, { name: 'Bench Customer' }, sender.accessToken);
const conversation = await post(`/api/workspaces/${workspace.id}/conversations`, { customerId: customer.id, channel: 'web' }, sender.accessToken);

const { client, channel: channel } = await subscribeToWorkspace(app, receiver.accessToken, workspace.id);

const waiting = new Map<string, (at: number) => void>();
const early = new Map<string, number>();
channel.bind('message.created', (data: { message: { content: string } }) => {
  const at = performance.now();
  const resolve = waiting.get(data.message.content);
  if (resolve) resolve(at);
  else early.set(data.message.content, at);
});

const endToEnd: number[] = [];
const response: number[] = [];
for (let i = 0; i < MESSAGES + 20; i++) {
  const content = `bench message ${i}`;
  const received = new Promise<number>((resolve) => waiting.set(content, resolve));
  const started = performance.now();
  await post(`/api/workspaces/${workspace.id}/conversations/${conversation.id}/messages`, { content }, sender.accessToken);
  const answered = performance.now();
  const at =
    early.get(content) ??
    (await Promise.race([received, new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`no event for ${content}`)), 5_000))]));
  if (i >= 20) {
    endToEnd.push(at - started);
    response.push(answered - started);
  }
}
client.disconnect();
await app.close();

const e2e = stats(endToEnd);
const res = stats(response);
console.log(`database: ${app.targetLabel}; ${MESSAGES} messages after 20 warm-up`);
console.log(`POST → pusher-js receives message.created   median ${ms(e2e.median)}   p95 ${ms(e2e.p95)}   max ${ms(e2e.max)}`);
console.log(`POST → response                             median ${ms(res.median)}   p95 ${ms(res.p95)}   max ${ms(res.max)}`);
