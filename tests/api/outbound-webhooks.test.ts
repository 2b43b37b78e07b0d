// Outbound webhooks over HTTP: endpoints with their event selection and their secret (shown once), deliveries
// made with the event in the write's transaction, signed attempts to a receiver stand-in (node:http on
// 127.0.0.1) with retries on a growing backoff until 24 hours have passed, the deliveries log, manual retry and
// test events, claims that keep two sweepers from sending one attempt twice, roles and tenancy. Private
// targets are allowed here (WEBHOOKS_ALLOW_PRIVATE_TARGETS); outbound-webhooks-production.test.ts refuses them.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createdWebhookEndpointSchema, webhookDeliverySchema, webhookEndpointSchema } from '../../contracts/outbound-webhooks.js';
import { withEvents, workspaceEvent } from '../../api/_lib/events/outbox.js';
import { attemptDueDeliveries, sweepWebhookDeliveries } from '../../api/_lib/outbound-webhooks/deliver.js';
import { blockedAddressReason } from '../../api/_lib/outbound-webhooks/targets.js';
import { activities } from '../../db/schema/activity.js';
import { webhookAttempts, webhookDeliveries } from '../../db/schema/analytics.js';
import { outbox } from '../../db/schema/platform.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { createWorkspace, teamFixture } from '../support/users.js';

const RETRY_BASE_SECONDS = 0.25;
const CRON_SECRET = 'cron-secret-for-webhook-tests-0123';
// Read when the server's environment is first loaded (startTestApp): a short backoff, receivers on 127.0.0.1.
process.env.WEBHOOKS_RETRY_BASE_SECONDS = String(RETRY_BASE_SECONDS);
process.env.WEBHOOKS_ALLOW_PRIVATE_TARGETS = 'true';
process.env.CRON_SECRET = CRON_SECRET;

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

/** A receiver stand-in: records every request; each path answers its scripted statuses in turn, then 200. */
function startReceiver() {
  const received: Received[] = [];
  const scripts = new Map<string, number[]>();
  const delays = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const status = scripts.get(path)?.shift() ?? 200;
      setTimeout(() => res.writeHead(status, { 'content-type': 'text/plain' }).end(`answered ${status}`), delays.get(path) ?? 0);
    });
  });
  return new Promise<{
    url: (path: string) => string;
    received: Received[];
    to: (path: string) => Received[];
    script: (path: string, statuses: number[]) => void;
    delay: (path: string, ms: number) => void;
    close: () => Promise<void>;
  }>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: (path) => `http://127.0.0.1:${port}${path}`,
        received,
        to: (path) => received.filter((r) => r.path === path),
        script: (path, statuses) => void scripts.set(path, [...statuses]),
        delay: (path, ms) => void delays.set(path, ms),
        close: () => new Promise((done) => server.close(() => done())),
      });
    }),
  );
}

/** The receiver's side of the signature, written from the documentation alone (README "Outbound webhooks"). */
function verifySignature(secret: string, header: string | undefined, rawBody: string, toleranceSeconds = 300): boolean {
  const parts = new Map((header ?? '').split(',').map((part) => part.split('=', 2) as [string, string]));
  const timestamp = Number(parts.get('t'));
  const given = Buffer.from(parts.get('v1') ?? '', 'hex');
  const expected = createHmac('sha256', secret)
    .update(`${parts.get('t')}.${rawBody}`)
    .digest();
  return (
    Number.isInteger(timestamp) &&
    Math.abs(Date.now() / 1000 - timestamp) <= toleranceSeconds &&
    given.length === expected.length &&
    timingSafeEqual(given, expected)
  );
}

let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
  team = await teamFixture(api);
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await app?.close();
});

const db = () => app.database.db;
const hooks = (wid: string) => `/api/workspaces/${wid}/webhooks`;

/** A workspace of its own for a test, owned by the team's owner (so no other test's events reach its endpoints). */
async function freshWorkspace(name: string) {
  return (await createWorkspace(api, team.owner.token, name)).id;
}

async function createEndpoint(wid: string, body: Record<string, unknown>) {
  const res = await api.post(hooks(wid), body, { token: team.owner.token });
  if (res.status !== 201) throw new Error(`create webhook: ${res.status} ${JSON.stringify(res.body)}`);
  return createdWebhookEndpointSchema.parse(res.body);
}

async function createCustomer(wid: string, name: string) {
  const res = await api.post(`/api/workspaces/${wid}/customers`, { name }, { token: team.owner.token });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

async function deliveries(wid: string, endpointId: string, query = '') {
  const res = await api.get(`${hooks(wid)}/${endpointId}/deliveries${query}`, { token: team.owner.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.data as unknown[]).map((d) => webhookDeliverySchema.parse(d));
}

/** Records events as a write would, without dispatching them (nothing is attempted until a sweep). */
async function recordQuietly(wid: string, name: string, payload: Record<string, unknown>) {
  return withEvents({ db: db(), socketId: null, after: () => {} }, async (_tx, emit) => void emit(workspaceEvent(wid, name, payload)));
}

/** Sweeps until `done` holds (the daily job's function, as the cron and the local runtime's timer run it). */
async function sweepUntil(done: () => boolean, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > until) throw new Error('the sweeps did not get there in time');
    await sweepWebhookDeliveries(db(), { budgetMs: 2_000 });
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a receiver that answers 500 twice, then 200', () => {
  it('gets three deliveries of the same body, each signed, with growing gaps, and the log shows them', async () => {
    const wid = await freshWorkspace('Flaky receiver');
    receiver.script('/flaky', [500, 500]);
    const endpoint = await createEndpoint(wid, { url: receiver.url('/flaky'), events: ['customer.created'], description: 'CRM sync' });
    const customer = await createCustomer(wid, 'Ada Lovelace');

    await vi.waitFor(() => expect(receiver.to('/flaky')).toHaveLength(1), { timeout: 5_000 }); // after the response
    await sweepUntil(() => receiver.to('/flaky').length >= 3);
    await sweepWebhookDeliveries(db()); // nothing is due any more
    const got = receiver.to('/flaky');
    expect(got).toHaveLength(3);

    const body = JSON.parse(got[0]!.body);
    expect(body).toMatchObject({ id: expect.stringMatching(/^evt_\d+$/), type: 'customer.created', workspaceId: wid, data: { customer: { id: customer.id } } });
    expect(new Date(body.createdAt).toISOString()).toBe(body.createdAt);
    for (const request of got) {
      expect(request.body).toBe(got[0]!.body);
      expect(verifySignature(endpoint.secret, request.headers['switchboard-signature'] as string, request.body)).toBe(true);
      expect(verifySignature('whsec_someone_else', request.headers['switchboard-signature'] as string, request.body)).toBe(false);
      expect(request.headers).toMatchObject({
        'content-type': 'application/json',
        'user-agent': 'Switchboard-Webhooks/1',
        'switchboard-event': 'customer.created',
        'switchboard-delivery': got[0]!.headers['switchboard-delivery'],
      });
    }
    const [gap1, gap2] = [got[1]!.at - got[0]!.at, got[2]!.at - got[1]!.at];
    expect(gap1).toBeGreaterThanOrEqual(RETRY_BASE_SECONDS * 1000 - 50);
    expect(gap2).toBeGreaterThanOrEqual(4 * RETRY_BASE_SECONDS * 1000 - 50);
    expect(gap2).toBeGreaterThan(gap1);

    const [delivery, ...others] = await deliveries(wid, endpoint.id);
    expect(others).toEqual([]);
    expect(delivery).toMatchObject({
      id: got[0]!.headers['switchboard-delivery'],
      endpointId: endpoint.id,
      eventId: body.id,
      event: 'customer.created',
      status: 'succeeded',
      attemptCount: 3,
      lastStatusCode: 200,
      lastError: null,
      nextAttemptAt: null,
      request: { body: got[0]!.body, headers: { 'Content-Type': 'application/json', 'Switchboard-Event': 'customer.created' } },
    });
    expect(delivery!.deliveredAt).not.toBeNull();
    expect(delivery!.attempts.map((a) => [a.statusCode, a.error, a.responseBody])).toEqual([
      [500, 'The endpoint answered 500', 'answered 500'],
      [500, 'The endpoint answered 500', 'answered 500'],
      [200, null, 'answered 200'],
    ]);
    for (const a of delivery!.attempts) expect(a.durationMs).toBeGreaterThanOrEqual(0);
    expect(new Date(delivery!.attempts[2]!.at) >= new Date(delivery!.attempts[0]!.at)).toBe(true);
  });
});

describe('which endpoints get which events', () => {
  it('sends an event to the endpoints that chose it or *, never to one turned off, and only events that committed', async () => {
    const wid = await freshWorkspace('Selection');
    const updates = await createEndpoint(wid, { url: receiver.url('/sel/updates'), events: ['customer.updated', 'customer.updated'] });
    const all = await createEndpoint(wid, { url: receiver.url('/sel/all'), events: ['*'] });
    expect(all.events).toEqual(['*']);
    const off = await createEndpoint(wid, { url: receiver.url('/sel/off'), events: ['*'], active: false });
    expect(updates.events).toEqual(['customer.updated']);
    expect(off.active).toBe(false);

    const customer = await createCustomer(wid, 'Grace Hopper');
    const patched = await api.patch(`/api/workspaces/${wid}/customers/${customer.id}`, { company: 'Navy' }, { token: team.owner.token });
    expect(patched.status).toBe(200);
    // Deliveries carry no order: each is attempted on its own.
    await vi.waitFor(
      () =>
        expect(
          receiver
            .to('/sel/all')
            .map((r) => JSON.parse(r.body).type)
            .sort(),
        ).toEqual(['customer.created', 'customer.updated']),
      {
        timeout: 5_000,
      },
    );
    await vi.waitFor(() => expect(receiver.to('/sel/updates').map((r) => JSON.parse(r.body).type)).toEqual(['customer.updated']));
    expect(receiver.to('/sel/off')).toEqual([]);
    expect(await deliveries(wid, off.id)).toEqual([]);

    // A write that rolls back takes its event, and so its deliveries, with it.
    const before = await db().select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(eq(webhookDeliveries.workspaceId, wid));
    await expect(
      withEvents({ db: db(), socketId: null, after: () => {} }, async (tx, emit) => {
        emit(workspaceEvent(wid, 'customer.deleted', { id: customer.id }));
        await tx.execute(sql`select 1 / 0`);
      }),
    ).rejects.toThrow();
    const after = await db().select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(eq(webhookDeliveries.workspaceId, wid));
    expect(after).toHaveLength(before.length);

    // Mail and other internal events (no realtime channel) never go out, even to *.
    await withEvents({ db: db(), socketId: null, after: () => {} }, async (_tx, emit) =>
      emit({ name: 'mail.send', workspaceId: wid, channels: [], payload: { to: 'x@example.com', subject: 'secret link' } }),
    );
    expect(await db().select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(eq(webhookDeliveries.workspaceId, wid))).toHaveLength(before.length);

    // The outbox row counts its deliveries; an event nobody takes has none, and its dispatch looks for none.
    const rows = await db()
      .select({ name: outbox.name, webhookDeliveries: outbox.webhookDeliveries })
      .from(outbox)
      .where(eq(outbox.workspaceId, wid))
      .orderBy(outbox.id);
    expect(rows).toEqual(
      expect.arrayContaining([
        { name: 'customer.created', webhookDeliveries: 1 },
        { name: 'customer.updated', webhookDeliveries: 2 },
        { name: 'mail.send', webhookDeliveries: 0 },
      ]),
    );
  });

  it('refuses unknown event names and keeps * alone', async () => {
    const wid = await freshWorkspace('Event names');
    const unknown = await api.post(hooks(wid), { url: receiver.url('/names'), events: ['customer.created', 'customer.exploded'] }, { token: team.owner.token });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details).toEqual([{ path: 'events.1', message: 'Unknown event: pick events from the list, or * for all' }]);
    const empty = await api.post(hooks(wid), { url: receiver.url('/names'), events: [] }, { token: team.owner.token });
    expect(empty.status).toBe(422);
    const notHttp = await api.post(hooks(wid), { url: 'ftp://example.com/hook', events: ['*'] }, { token: team.owner.token });
    expect(notHttp.status).toBe(422);
    expect(notHttp.body.error.details[0].path).toBe('url');
    const star = await createEndpoint(wid, { url: receiver.url('/names'), events: ['customer.created', '*'] });
    expect(star.events).toEqual(['*']);
  });
});

describe('attempts', () => {
  it('sends a delivery once when it is swept twice at the same time', async () => {
    const wid = await freshWorkspace('Concurrent sweeps');
    receiver.delay('/slow', 300);
    await createEndpoint(wid, { url: receiver.url('/slow'), events: ['*'] });
    await recordQuietly(wid, 'customer.deleted', { id: 'c-1' });
    await Promise.all([sweepWebhookDeliveries(db()), sweepWebhookDeliveries(db()), attemptDueDeliveries(db(), [wid]), attemptDueDeliveries(db(), [wid])]);
    expect(receiver.to('/slow')).toHaveLength(1);
    const [row] = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.workspaceId, wid));
    expect(row).toMatchObject({ status: 'succeeded', attempts: 1, attemptingUntil: null });
  });

  it('retries a delivery on request, and refuses one in flight or of another endpoint', async () => {
    const wid = await freshWorkspace('Manual retry');
    receiver.script('/manual', [503]);
    const endpoint = await createEndpoint(wid, { url: receiver.url('/manual'), events: ['customer.created'] });
    const other = await createEndpoint(wid, { url: receiver.url('/manual-other'), events: ['customer.updated'] });
    await createCustomer(wid, 'Katherine Johnson');
    await vi.waitFor(async () => expect((await deliveries(wid, endpoint.id))[0]).toMatchObject({ status: 'pending', attemptCount: 1, lastStatusCode: 503 }), {
      timeout: 5_000,
    });
    const [failed] = await deliveries(wid, endpoint.id);
    expect(failed!.nextAttemptAt).not.toBeNull();
    expect(failed!.lastError).toBe('The endpoint answered 503');

    const retryUrl = (endpointId: string, did: string) => `${hooks(wid)}/${endpointId}/deliveries/${did}/retry`;
    expect((await api.post(retryUrl(other.id, failed!.id), undefined, { token: team.owner.token })).status).toBe(404);
    expect((await api.post(retryUrl(endpoint.id, crypto.randomUUID()), undefined, { token: team.owner.token })).status).toBe(404);

    await db()
      .update(webhookDeliveries)
      .set({ attemptingUntil: sql`now() + interval '1 minute'` })
      .where(eq(webhookDeliveries.id, failed!.id));
    const busy = await api.post(retryUrl(endpoint.id, failed!.id), undefined, { token: team.owner.token });
    expect(busy.status).toBe(409);
    await db().update(webhookDeliveries).set({ attemptingUntil: null }).where(eq(webhookDeliveries.id, failed!.id));

    const retried = await api.post(retryUrl(endpoint.id, failed!.id), undefined, { token: team.owner.token });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(webhookDeliverySchema.parse(retried.body)).toMatchObject({ status: 'succeeded', attemptCount: 2, lastStatusCode: 200, nextAttemptAt: null });
    expect(retried.body.attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([503, 200]);
    expect(receiver.to('/manual')).toHaveLength(2);
    expect(receiver.to('/manual')[1]!.body).toBe(receiver.to('/manual')[0]!.body);

    // A network failure is an attempt with no status and the reason.
    const closed = await createEndpoint(wid, { url: 'http://127.0.0.1:9/nothing-listens', events: ['customer.created'] });
    const test = await api.post(`${hooks(wid)}/${closed.id}/test`, undefined, { token: team.owner.token });
    expect(test.status).toBe(201);
    expect(test.body).toMatchObject({ status: 'failed', lastStatusCode: null, nextAttemptAt: null, attempts: [{ statusCode: null }] });
    expect(test.body.lastError).toMatch(/ECONNREFUSED/);
  });

  it('sends a signed test event to one endpoint, active or not', async () => {
    const wid = await freshWorkspace('Test events');
    const endpoint = await createEndpoint(wid, { url: receiver.url('/test-event'), events: ['order.created'], active: false });
    const res = await api.post(`${hooks(wid)}/${endpoint.id}/test`, undefined, { token: team.owner.token });
    expect(res.status).toBe(201);
    const delivery = webhookDeliverySchema.parse(res.body);
    expect(delivery).toMatchObject({ event: 'webhook.test', status: 'succeeded', attemptCount: 1, lastStatusCode: 200 });
    const [got] = receiver.to('/test-event');
    expect(got!.body).toBe(delivery.request.body);
    expect(JSON.parse(got!.body)).toMatchObject({ id: delivery.eventId, type: 'webhook.test', workspaceId: wid, data: { endpointId: endpoint.id } });
    expect(verifySignature(endpoint.secret, got!.headers['switchboard-signature'] as string, got!.body)).toBe(true);
    expect((await deliveries(wid, endpoint.id)).map((d) => d.id)).toEqual([delivery.id]);
  });

  it('gives a delivery up 24 hours after its event, the last retry falling on that hour', async () => {
    const wid = await freshWorkspace('Give up');
    receiver.script('/down', [500, 500, 500, 500]);
    const endpoint = await createEndpoint(wid, { url: receiver.url('/down'), events: ['*'] });
    await recordQuietly(wid, 'customer.deleted', { id: 'gone' });
    const [row] = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id));

    // Many attempts in: the next wait would pass the 24 hours, so the last retry is at the 24th hour.
    await db()
      .update(webhookDeliveries)
      .set({ attempts: 12, createdAt: sql`now() - interval '23 hours'` })
      .where(eq(webhookDeliveries.id, row!.id));
    await sweepWebhookDeliveries(db());
    const [capped] = await db()
      .select({ status: webhookDeliveries.status, gap: sql<number>`extract(epoch from next_attempt_at - created_at)::int` })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, row!.id));
    expect(capped).toEqual({ status: 'pending', gap: 24 * 3600 });

    // The hour comes and the receiver still fails: given up.
    await db()
      .update(webhookDeliveries)
      .set({ createdAt: sql`now() - interval '25 hours'`, nextAttemptAt: sql`now()` })
      .where(eq(webhookDeliveries.id, row!.id));
    const swept = await sweepWebhookDeliveries(db());
    expect(swept.failed).toBeGreaterThanOrEqual(1);
    const [given] = await deliveries(wid, endpoint.id);
    expect(given).toMatchObject({ status: 'failed', attemptCount: 14, nextAttemptAt: null, lastStatusCode: 500 });
    expect(receiver.to('/down')).toHaveLength(2);
    await sweepWebhookDeliveries(db());
    expect(receiver.to('/down')).toHaveLength(2);
  });

  it('are swept by the daily cron', async () => {
    const wid = await freshWorkspace('Cron');
    await createEndpoint(wid, { url: receiver.url('/cron'), events: ['*'] });
    await recordQuietly(wid, 'customer.deleted', { id: 'cron' });
    const res = await api.get('/api/cron/daily', { headers: { authorization: `Bearer ${CRON_SECRET}` } });
    expect(res.status).toBe(200);
    // The sweep covers every workspace: other tests' due deliveries may be counted too.
    expect(res.body.webhooks.succeeded).toBeGreaterThanOrEqual(1);
    expect(receiver.to('/cron')).toHaveLength(1);
  });
});

describe('endpoints', () => {
  it('show the secret once, never in a read, and keep an activity trail', async () => {
    const wid = await freshWorkspace('Secrets');
    const created = await createEndpoint(wid, { url: receiver.url('/secret'), events: ['customer.created'], description: ' Billing sync ' });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({ url: receiver.url('/secret'), description: 'Billing sync', active: true, events: ['customer.created'] });
    await createCustomer(wid, 'Mary Jackson');
    await vi.waitFor(() => expect(receiver.to('/secret')).toHaveLength(1), { timeout: 5_000 });

    const reads = [
      await api.get(hooks(wid), { token: team.owner.token }),
      await api.get(`${hooks(wid)}/${created.id}`, { token: team.owner.token }),
      await api.get(`${hooks(wid)}/${created.id}/deliveries`, { token: team.owner.token }),
      await api.patch(`${hooks(wid)}/${created.id}`, { active: false, events: ['*'], description: null }, { token: team.owner.token }),
    ];
    for (const res of reads) {
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain(created.secret);
      expect(JSON.stringify(res.body)).not.toContain('"secret"');
    }
    expect(webhookEndpointSchema.parse(reads[3]!.body)).toMatchObject({ active: false, events: ['*'], description: null });
    expect(reads[0]!.body.data.map((e: { id: string }) => e.id)).toEqual([created.id]);

    const unchanged = await api.patch(`${hooks(wid)}/${created.id}`, { active: false }, { token: team.owner.token });
    expect(unchanged.status).toBe(200);
    const removed = await api.delete(`${hooks(wid)}/${created.id}`, { token: team.owner.token });
    expect(removed.status).toBe(204);
    expect((await api.get(`${hooks(wid)}/${created.id}`, { token: team.owner.token })).status).toBe(404);
    expect(await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, created.id))).toEqual([]);
    expect(await db().select().from(webhookAttempts).innerJoin(webhookDeliveries, eq(webhookDeliveries.id, webhookAttempts.deliveryId))).not.toContainEqual(
      expect.objectContaining({ webhook_deliveries: expect.objectContaining({ endpointId: created.id }) }),
    );

    const trail = await db()
      .select({ action: activities.action, metadata: activities.metadata })
      .from(activities)
      .where(and(eq(activities.workspaceId, wid), eq(activities.subjectId, created.id)))
      .orderBy(activities.createdAt);
    expect(trail).toEqual([
      { action: 'webhook.created', metadata: { url: receiver.url('/secret') } },
      { action: 'webhook.updated', metadata: { url: receiver.url('/secret'), fields: ['description', 'events', 'active'] } },
      { action: 'webhook.deleted', metadata: { url: receiver.url('/secret') } },
    ]);
  });

  it('pages the list and the deliveries, newest first', async () => {
    const wid = await freshWorkspace('Paging');
    const first = await createEndpoint(wid, { url: receiver.url('/page/1'), events: ['*'] });
    const second = await createEndpoint(wid, { url: receiver.url('/page/2'), events: ['*'] });
    const page1 = await api.get(`${hooks(wid)}?limit=1`, { token: team.owner.token });
    const page2 = await api.get(`${hooks(wid)}?limit=1&cursor=${page1.body.nextCursor}`, { token: team.owner.token });
    expect([...page1.body.data, ...page2.body.data].map((e: { id: string }) => e.id)).toEqual([second.id, first.id]);
    expect(page2.body.nextCursor).toBeNull();

    for (const id of ['a', 'b', 'c']) await recordQuietly(wid, 'customer.deleted', { id });
    const newest = await deliveries(wid, first.id, '?limit=2');
    const res = await api.get(`${hooks(wid)}/${first.id}/deliveries?limit=2`, { token: team.owner.token });
    const rest = await deliveries(wid, first.id, `?limit=2&cursor=${res.body.nextCursor}`);
    expect([...newest, ...rest].map((d) => JSON.parse(d.request.body).data.id)).toEqual(['c', 'b', 'a']);
    expect((await deliveries(wid, first.id, '?status=succeeded')).length).toBe(0);
    expect((await deliveries(wid, first.id, '?status=pending')).length).toBe(3);
  });

  it('are for admins and owners of their own workspace only', async () => {
    const wid = team.workspace.id;
    const mine = await createEndpoint(wid, { url: receiver.url('/tenancy'), events: ['*'] });
    const theirs = await api.post(hooks(team.otherWorkspace.id), { url: receiver.url('/theirs'), events: ['*'] }, { token: team.outsider.token });
    expect(theirs.status).toBe(201);

    for (const role of ['agent', 'viewer'] as const) {
      expect((await api.get(hooks(wid), { token: team[role].token })).status).toBe(403);
      expect((await api.post(hooks(wid), { url: receiver.url('/x'), events: ['*'] }, { token: team[role].token })).status).toBe(403);
      expect((await api.post(`${hooks(wid)}/${mine.id}/test`, undefined, { token: team[role].token })).status).toBe(403);
    }
    expect((await api.get(hooks(wid), { token: team.admin.token })).status).toBe(200);

    // Another workspace's endpoint, named through ours: as if it did not exist.
    const other = `${hooks(wid)}/${theirs.body.id}`;
    for (const res of [
      await api.get(other, { token: team.owner.token }),
      await api.patch(other, { active: false }, { token: team.owner.token }),
      await api.get(`${other}/deliveries`, { token: team.owner.token }),
      await api.post(`${other}/test`, undefined, { token: team.owner.token }),
      await api.delete(other, { token: team.owner.token }),
    ])
      expect(res.status).toBe(404);
    const [theirDelivery] = await db()
      .insert(webhookDeliveries)
      .values({ workspaceId: team.otherWorkspace.id, endpointId: theirs.body.id, eventId: -1, event: 'customer.created', body: '{}' })
      .returning({ id: webhookDeliveries.id });
    expect((await api.post(`${other}/deliveries/${theirDelivery!.id}/retry`, undefined, { token: team.owner.token })).status).toBe(404);
    expect((await api.post(`${hooks(wid)}/${mine.id}/deliveries/${theirDelivery!.id}/retry`, undefined, { token: team.owner.token })).status).toBe(404);
    expect((await api.get(`${hooks(team.otherWorkspace.id)}/${theirs.body.id}`, { token: team.owner.token })).status).toBe(404);
    expect(receiver.to('/theirs')).toEqual([]);
  });
});

describe('target addresses in production', () => {
  it.each([
    ['10.0.0.1', false],
    ['127.0.0.1', false],
    ['169.254.169.254', false],
    ['100.100.100.200', false],
    ['192.168.1.20', false],
    ['0.0.0.0', false],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['fd00:ec2::254', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:a9fe:a9fe', false],
    ['64:ff9b::a00:1', false],
    ['2002:c0a8:101::1', false],
    ['93.184.215.14', true],
    ['8.8.8.8', true],
    ['::ffff:8.8.8.8', true],
    ['2606:4700:4700::1111', true],
  ])('%s may receive webhooks: %s', (address, allowed) => {
    expect(blockedAddressReason(address) === null).toBe(allowed);
  });
});
