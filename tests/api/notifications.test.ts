// Notifications over HTTP: the caller's list with its unread count, marking read, preferences with their
// defaults, push subscriptions; each user sees only their own. Producers: an assignment notifies the assignee
// (not a self-assignment), a redelivered event makes no second notification, a type turned off makes none, a
// customer message and an @mention notify; push goes to the local push service stand-in (dev/push-server.ts)
// with a valid VAPID JWT and a payload that decrypts to the notification, and a 410 deletes the subscription.
import { and, eq } from 'drizzle-orm';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationListSchema, notificationPreferencesSchema, DEFAULT_NOTIFICATION_PREFERENCES } from '../../contracts/notifications.js';
import { dispatch } from '../../api/_lib/events/outbox.js';
import { notifications, pushSubscriptions } from '../../db/schema/notifications.js';
import { outbox } from '../../db/schema/platform.js';
import { startPushServer, type PushServer } from '../../dev/push-server.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { teamFixture } from '../support/users.js';

const vapid = webpush.generateVAPIDKeys();
let app: TestApp;
let push: PushServer;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;

beforeAll(async () => {
  push = await startPushServer();
  // Read when the server environment is first loaded (startTestApp).
  Object.assign(process.env, {
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
    VAPID_SUBJECT: 'mailto:ops@example.com',
    PUSH_SERVICE_CA: push.ca,
  });
  app = await startTestApp();
  api = client(app.url);
  team = await teamFixture(api);
}, 60_000);

afterAll(async () => {
  await app?.close();
  await push?.close();
});

const wid = () => team.workspace.id;

async function newConversation(token = team.owner.token) {
  const customer = await api.post(`/api/workspaces/${wid()}/customers`, { name: `Customer ${Math.random().toString(36).slice(2, 7)}`, email: null }, { token });
  expect(customer.status).toBe(201);
  const conversation = await api.post(`/api/workspaces/${wid()}/conversations`, { customerId: customer.body.id, channel: 'api' }, { token });
  expect(conversation.status).toBe(201);
  return conversation.body as { id: string; number: number };
}

async function list(token: string, query = '') {
  const res = await api.get(`/api/notifications${query}`, { token });
  expect(res.status).toBe(200);
  return notificationListSchema.parse(res.body);
}

/** Waits until `token`'s list satisfies `predicate` (notifications are made after the response). */
async function eventually<T>(read: () => Promise<T>, predicate: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (predicate(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('endpoints', () => {
  it('answers an empty list with its unread count, and requires a session', async () => {
    const res = await api.get('/api/notifications');
    expect(res.status).toBe(401);
    const mine = await list(team.viewer.token);
    expect(mine).toEqual({ data: [], nextCursor: null, unreadCount: 0 });
  });

  it('pages newest first, filters unread, marks some and all read; a user sees and marks only their own', async () => {
    const { createNotifications } = await import('../../api/_lib/notifications/service.js');
    const db = app.database.db;
    const made = await db.transaction((tx) =>
      createNotifications(
        tx,
        [1, 2, 3].map((n) => ({
          userId: team.viewer.user.id,
          workspaceId: wid(),
          type: 'order.paid' as const,
          title: `Order #${n} was paid`,
          dedupeKey: `test:${n}`,
        })),
      ),
    );
    expect(made).toHaveLength(3);
    const again = await db.transaction((tx) =>
      createNotifications(tx, [{ userId: team.viewer.user.id, workspaceId: wid(), type: 'order.paid', title: 'Again', dedupeKey: 'test:1' }]),
    );
    expect(again).toEqual([]);

    const first = await list(team.viewer.token, '?limit=2');
    expect(first.unreadCount).toBe(3);
    expect(first.data).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await list(team.viewer.token, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.data).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.data, ...second.data].map((n) => n.id)).size).toBe(3);

    // Someone else sees none of them and cannot mark them.
    expect((await list(team.agent.token)).data).toEqual([]);
    const foreign = await api.post('/api/notifications/read', { ids: [first.data[0]!.id] }, { token: team.agent.token });
    expect(foreign.status).toBe(204);
    expect((await list(team.viewer.token)).unreadCount).toBe(3);

    const one = await api.post('/api/notifications/read', { ids: [first.data[0]!.id] }, { token: team.viewer.token });
    expect(one.status).toBe(204);
    const after = await list(team.viewer.token, '?unread=true');
    expect(after.unreadCount).toBe(2);
    expect(after.data.map((n) => n.id)).not.toContain(first.data[0]!.id);
    expect((await api.post('/api/notifications/read', { ids: [], all: true }, { token: team.viewer.token })).status).toBe(422);
    expect((await api.post('/api/notifications/read', { all: true }, { token: team.viewer.token })).status).toBe(204);
    expect((await list(team.viewer.token)).unreadCount).toBe(0);
    expect((await list(team.viewer.token, '?unread=true')).data).toEqual([]);
  });

  it('answers preferences with their defaults and keeps the types not sent', async () => {
    const initial = await api.get('/api/notifications/preferences', { token: team.admin.token });
    expect(initial.status).toBe(200);
    expect(notificationPreferencesSchema.parse(initial.body)).toEqual(DEFAULT_NOTIFICATION_PREFERENCES);
    const put = await api.put('/api/notifications/preferences', { 'order.paid': { inApp: false, email: false, push: false } }, { token: team.admin.token });
    expect(put.status).toBe(200);
    expect(put.body['order.paid']).toEqual({ inApp: false, email: false, push: false });
    expect(put.body['payment.failed']).toEqual(DEFAULT_NOTIFICATION_PREFERENCES['payment.failed']);
    const again = await api.put('/api/notifications/preferences', { mention: { inApp: true, email: false, push: false } }, { token: team.admin.token });
    expect(again.body['order.paid']).toEqual({ inApp: false, email: false, push: false });
    expect(again.body.mention).toEqual({ inApp: true, email: false, push: false });
    expect((await api.put('/api/notifications/preferences', { nope: { inApp: true, email: true, push: true } }, { token: team.admin.token })).status).toBe(422);
    // Another user's stay the defaults.
    expect((await api.get('/api/notifications/preferences', { token: team.agent.token })).body).toEqual(DEFAULT_NOTIFICATION_PREFERENCES);
  });

  it('serves the VAPID public key, and subscribes (upsert by endpoint) and unsubscribes', async () => {
    const key = await api.get('/api/notifications/vapid-public-key', { token: team.agent.token });
    expect(key.body).toEqual({ publicKey: vapid.publicKey });
    const sub = push.subscribe('sub-upsert');
    const first = await api.post('/api/notifications/subscribe', sub, { token: team.agent.token });
    expect(first.status).toBe(201);
    const second = await api.post('/api/notifications/subscribe', sub, { token: team.viewer.token });
    expect(second.status).toBe(201);
    const rows = await app.database.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, sub.endpoint));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.userId).toBe(team.viewer.user.id);
    expect((await api.post('/api/notifications/subscribe', { endpoint: 'not a url', keys: sub.keys }, { token: team.viewer.token })).status).toBe(422);
    // Only the owner of a subscription removes it.
    expect((await api.post('/api/notifications/unsubscribe', { endpoint: sub.endpoint }, { token: team.agent.token })).status).toBe(204);
    expect(await app.database.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, sub.endpoint))).toHaveLength(1);
    expect((await api.post('/api/notifications/unsubscribe', { endpoint: sub.endpoint }, { token: team.viewer.token })).status).toBe(204);
    expect(await app.database.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, sub.endpoint))).toHaveLength(0);
  });
});

describe('producers', () => {
  it('notifies the new assignee of an assignment once, even when the event is delivered again; not a self-assignment', async () => {
    const conversation = await newConversation();
    const assign = await api.patch(
      `/api/workspaces/${wid()}/conversations/${conversation.id}`,
      { assigneeId: team.agent.user.id },
      { token: team.owner.token },
    );
    expect(assign.status).toBe(200);
    const found = await eventually(
      () => list(team.agent.token),
      (l) => l.data.some((n) => n.type === 'conversation.assigned' && n.url?.endsWith(conversation.id)),
    );
    const mine = found.data.filter((n) => n.type === 'conversation.assigned' && n.url?.endsWith(conversation.id));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      title: `Olivia Owner assigned you conversation #${conversation.number}`,
      url: `/w/${wid()}/inbox/${conversation.id}`,
      workspaceId: wid(),
      readAt: null,
    });

    // The outbox delivers at least once: dispatching the same event again makes nothing new.
    const [event] = await app.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.name, 'conversation.updated'), eq(outbox.workspaceId, wid())))
      .orderBy(outbox.id);
    const all = await app.database.db.select().from(outbox).where(eq(outbox.name, 'conversation.updated'));
    const latest = all.filter((e) => (e.payload as { conversation: { id: string } }).conversation.id === conversation.id).at(-1) ?? event!;
    await dispatch(app.database.db, [latest]);
    const rows = await app.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, team.agent.user.id), eq(notifications.type, 'conversation.assigned')));
    expect(rows.filter((r) => r.url?.endsWith(conversation.id))).toHaveLength(1);

    // Taking a conversation yourself notifies nobody.
    const other = await newConversation();
    await api.patch(`/api/workspaces/${wid()}/conversations/${other.id}`, { assigneeId: team.agent.user.id }, { token: team.agent.token });
    await new Promise((r) => setTimeout(r, 500));
    expect((await list(team.agent.token)).data.filter((n) => n.url?.endsWith(other.id))).toEqual([]);
  });

  it('notifies the assignee of a customer message, and a member @mentioned in a private note', async () => {
    const conversation = await newConversation();
    await api.patch(`/api/workspaces/${wid()}/conversations/${conversation.id}`, { assigneeId: team.admin.user.id }, { token: team.owner.token });
    const inbound = await api.post(
      `/api/workspaces/${wid()}/conversations/${conversation.id}/messages`,
      { content: 'Where is my parcel?', senderType: 'customer' },
      { token: team.owner.token },
    );
    expect(inbound.status).toBe(201);
    const note = await api.post(
      `/api/workspaces/${wid()}/conversations/${conversation.id}/messages`,
      { content: 'Can you check this, @Ava Agent? cc @victor', private: true },
      { token: team.admin.token },
    );
    expect(note.status).toBe(201);
    const admin = await eventually(
      () => list(team.admin.token),
      (l) => l.data.some((n) => n.type === 'conversation.message' && n.url?.endsWith(conversation.id)),
    );
    expect(admin.data.find((n) => n.type === 'conversation.message' && n.url?.endsWith(conversation.id))).toMatchObject({ body: 'Where is my parcel?' });
    const agent = await eventually(
      () => list(team.agent.token),
      (l) => l.data.some((n) => n.type === 'mention'),
    );
    expect(agent.data.find((n) => n.type === 'mention')).toMatchObject({ title: `Adam Admin mentioned you in #${conversation.number}` });
    // "@victor" names Victor Viewer by first name; the note's author is never notified of their own note.
    const viewer = await eventually(
      () => list(team.viewer.token),
      (l) => l.data.some((n) => n.type === 'mention'),
    );
    expect(viewer.data.filter((n) => n.type === 'mention')).toHaveLength(1);
    expect((await list(team.admin.token)).data.filter((n) => n.type === 'mention')).toEqual([]);
  });

  it('makes nothing for a type the user turned off everywhere, and an email for one they get by email', async () => {
    await api.put('/api/notifications/preferences', { 'conversation.assigned': { inApp: false, email: false, push: false } }, { token: team.viewer.token });
    const off = await newConversation();
    await api.patch(`/api/workspaces/${wid()}/conversations/${off.id}`, { assigneeId: team.viewer.user.id }, { token: team.owner.token });
    // conversation.assigned is emailed by default: the owner, assigned by the admin, gets the mail.
    const mailed = await newConversation();
    await api.patch(`/api/workspaces/${wid()}/conversations/${mailed.id}`, { assigneeId: team.owner.user.id }, { token: team.admin.token });
    const mail = await app.mail.waitFor((m) => m.to.includes(team.owner.user.email) && m.subject.includes(`#${mailed.number}`), 5000);
    expect(mail.text).toContain(`/w/${wid()}/inbox/${mailed.id}`);
    expect((await list(team.viewer.token)).data.filter((n) => n.url?.endsWith(off.id))).toEqual([]);
    expect(await app.database.db.select().from(notifications).where(eq(notifications.userId, team.viewer.user.id))).not.toContainEqual(
      expect.objectContaining({ type: 'conversation.assigned' }),
    );
  });

  it('notifies admins and owners of a low stock', async () => {
    const plant = await api.post(`/api/workspaces/${wid()}/plants`, { name: 'North plant' }, { token: team.owner.token });
    expect(plant.status).toBe(201);
    const material = await api.post(`/api/workspaces/${wid()}/materials`, { name: 'Flour', unit: 'kg', minStock: 10 }, { token: team.owner.token });
    expect(material.status).toBe(201);
    const inbound = await api.post(
      `/api/workspaces/${wid()}/materials/${material.body.id}/movements`,
      { plantId: plant.body.id, quantity: 20, reason: 'Opening stock' },
      { token: team.owner.token },
    );
    expect(inbound.status).toBe(201);
    const out = await api.post(
      `/api/workspaces/${wid()}/materials/${material.body.id}/movements`,
      { plantId: plant.body.id, quantity: -15, reason: 'Used' },
      { token: team.owner.token },
    );
    expect(out.status).toBe(201);
    const admin = await eventually(
      () => list(team.admin.token),
      (l) => l.data.some((n) => n.type === 'material.below_minimum'),
    );
    expect(admin.data.find((n) => n.type === 'material.below_minimum')).toMatchObject({ title: 'Flour is below its minimum at North plant' });
    expect((await list(team.agent.token)).data.filter((n) => n.type === 'material.below_minimum')).toEqual([]);
  });
});

describe('web push', () => {
  it('pushes a notification with a valid VAPID JWT and an encrypted payload; a gone subscription is deleted', async () => {
    const sub = push.subscribe('agent-phone');
    expect((await api.post('/api/notifications/subscribe', sub, { token: team.agent.token })).status).toBe(201);
    const conversation = await newConversation();
    await api.patch(`/api/workspaces/${wid()}/conversations/${conversation.id}`, { assigneeId: team.agent.user.id }, { token: team.owner.token });
    const got = await push.waitFor((p) => p.id === 'agent-phone' && p.payload.includes(conversation.id), 5000);
    expect(JSON.parse(got.payload)).toMatchObject({
      title: `Olivia Owner assigned you conversation #${conversation.number}`,
      url: `/w/${wid()}/inbox/${conversation.id}`,
    });
    expect(got.vapidKey).toBe(vapid.publicKey);
    expect(got.claims.aud).toBe(push.url);
    expect(got.claims.sub).toBe('mailto:ops@example.com');
    expect(got.claims.exp - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(24 * 60 * 60);
    expect(got.ttl).toBeGreaterThan(0);

    push.gone('agent-phone');
    const next = await newConversation();
    await api.patch(`/api/workspaces/${wid()}/conversations/${next.id}`, { assigneeId: team.agent.user.id }, { token: team.owner.token });
    const rows = await eventually(
      () => app.database.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, sub.endpoint)),
      (r) => r.length === 0,
    );
    expect(rows).toEqual([]);
    expect(push.received('agent-phone').filter((p) => p.payload.includes(next.id))).toEqual([]);
  });

  it('the stand-in refuses a push without a valid VAPID signature', async () => {
    const sub = push.subscribe('unsigned');
    const res = await fetch(sub.endpoint, { method: 'POST', headers: { ttl: '60', 'content-encoding': 'aes128gcm' }, body: 'x' }).catch((err: Error) => err);
    // Node's fetch does not trust the stand-in's certificate; web-push (with PUSH_SERVICE_CA) does.
    expect(res).toBeInstanceOf(Error);
    const { verifyVapid } = await import('../../dev/push-server.js');
    const other = webpush.generateVAPIDKeys();
    const headers = webpush.getVapidHeaders(push.url, 'mailto:a@example.com', vapid.publicKey, other.privateKey, 'aes128gcm');
    expect(() => verifyVapid(headers.Authorization, push.url)).toThrow(/does not verify/);
    const good = webpush.getVapidHeaders(push.url, 'mailto:a@example.com', vapid.publicKey, vapid.privateKey, 'aes128gcm');
    expect(() => verifyVapid(good.Authorization, 'https://elsewhere.example')).toThrow(/aud/);
    expect(verifyVapid(good.Authorization, push.url).claims.sub).toBe('mailto:a@example.com');
  });
});
