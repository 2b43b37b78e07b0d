// Database round trips per endpoint, counted at the driver (PGlite's or node-postgres's client under drizzle):
// every read (GET) costs exactly one statement and no transaction, since the caller check is folded into the
// read's SQL; every write costs at most one transaction (BEGIN…COMMIT counts as one) plus the caller check,
// or, without a transaction, the caller check plus one statement. Work the kernel runs after the response
// (ctx.after: the outbox dispatch, publishing) is not on the request's path and is not counted.
//
// Every endpoint in the registry (contracts/registry.ts) must have a sample request below, so a new endpoint
// fails this test until it is given one (and so is measured).
import { performance } from 'node:perf_hooks';
import { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allEndpoints } from '../../contracts/registry.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { LOCAL_STRIPE, signatureHeader } from '../../dev/stripe-server.js';
import { collectionOf, exampleOf, fillPath, isGeneric, realId, resourceParams } from '../support/registry-requests.js';
import { eq } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { users } from '../../db/schema/identity.js';
import { channels } from '../../db/schema/channels.js';
import { addMember, createWorkspace, inviteToken, PASSWORD, signIn, signUp, uniqueEmail, type SignedIn } from '../support/users.js';

type Event = { kind: 'statement' | 'transaction'; sql: string; at: number };
const events: Event[] = [];
let respondedAt = Infinity;

type AnyFn = (...args: unknown[]) => unknown;
const textOf = (arg: unknown) =>
  String(typeof arg === 'object' && arg && 'text' in arg ? (arg as { text: string }).text : arg)
    .replace(/\s+/g, ' ')
    .slice(0, 120);

/** Wraps the driver client under drizzle so every statement and transaction is logged with its start time. */
function instrument(driver: Record<string, unknown>): void {
  const log = (kind: Event['kind'], sql: string) => events.push({ kind, sql, at: performance.now() });
  const wrap = (target: Record<string, unknown>, method: string, before: (args: unknown[]) => void) => {
    const original = (target[method] as AnyFn).bind(target);
    target[method] = (...args: unknown[]) => {
      before(args);
      return original(...args);
    };
  };
  if ('waitReady' in driver) {
    // PGlite: query/exec outside a transaction are statements; transaction() runs BEGIN…COMMIT internally.
    wrap(driver, 'query', (a) => log('statement', textOf(a[0])));
    wrap(driver, 'exec', (a) => log('statement', textOf(a[0])));
    wrap(driver, 'transaction', () => log('transaction', 'BEGIN…COMMIT'));
    return;
  }
  // node-postgres Pool: pool.query is one statement; a transaction checks out a client and sends BEGIN on it.
  wrap(driver, 'query', (a) => log('statement', textOf(a[0])));
  const connect = (driver.connect as AnyFn).bind(driver);
  driver.connect = (...args: unknown[]) => {
    if (typeof args[0] === 'function') return connect(...args); // pool.query's own checkout
    return (connect() as Promise<Record<string, unknown>>).then((conn) => {
      if (!conn.__counted) {
        conn.__counted = true;
        const query = (conn.query as AnyFn).bind(conn);
        conn.query = (...a: unknown[]) => {
          if (/^\s*begin\b/i.test(textOf(a[0]))) log('transaction', 'BEGIN…COMMIT');
          return query(...a);
        };
      }
      return conn;
    });
  };
}

// The local runtime runs in this process: the moment the response ends splits request work from after-work.
const end = ServerResponse.prototype.end;
ServerResponse.prototype.end = function (this: ServerResponse, ...args: unknown[]) {
  respondedAt = performance.now();
  return (end as AnyFn).apply(this, args);
} as typeof end;

let app: TestApp;
let api: ReturnType<typeof client>;

interface Sample {
  method: string;
  path: string;
  token?: string;
  json?: unknown;
  form?: string;
  cookie?: string;
  headers?: Record<string, string>;
}

interface Fixture {
  owner: SignedIn;
  agent: SignedIn;
  wid: string;
  customerId: string;
  conversationId: string;
}
let f: Fixture;
let twoFactorUser: SignedIn;
let twoFactorSecret: string | undefined;

/** The token of the newest mailed link to `email` whose path contains `path`. */
async function mailedToken(email: string, path: string): Promise<string> {
  const mail = await app.mail.waitFor((m) => m.to.includes(email.toLowerCase()) && m.links.some((l) => l.includes(path)), 10_000);
  return new URL(mail.links.find((l) => l.includes(path))!).pathname.split('/').pop()!;
}

/** A TOTP code of the two-factor sample user, `step` periods from now (within one either way; each is accepted once, in order). */
async function totpCode(step: number): Promise<string> {
  if (!twoFactorSecret) {
    const setup = (await app.database.db.select({ secret: users.twoFactorSecret }).from(users).where(eq(users.id, twoFactorUser.user.id)))[0];
    twoFactorSecret = setup?.secret ?? undefined;
  }
  if (!twoFactorSecret) throw new Error('two-factor set-up has not run');
  return new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(twoFactorSecret) }).generate({ timestamp: Date.now() + step * 30_000 });
}

/** A fresh pending invitation of the fixture's workspace, with a link token. */
const invited = () => inviteToken(api, f.owner.token, f.wid, uniqueEmail('invited'), 'viewer');

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
  instrument((app.database.db as unknown as { $client: Record<string, unknown> }).$client);
  const owner = await signUp(api, { name: 'Olivia Owner' });
  const workspace = await createWorkspace(api, owner.token, 'Round Trips');
  const agent = await addMember(api, owner.token, workspace.id, 'agent', 'Ava Agent');
  const customer = await api.post(`/api/workspaces/${workspace.id}/customers`, { name: 'Carla Customer' }, { token: owner.token });
  const conversation = await api.post(
    `/api/workspaces/${workspace.id}/conversations`,
    { customerId: customer.body.id, channel: 'email', subject: 'Hello' },
    { token: owner.token },
  );
  await api.post(`/api/workspaces/${workspace.id}/conversations/${conversation.body.id}/messages`, { content: 'First message' }, { token: agent.token });
  f = { owner, agent, wid: workspace.id, customerId: customer.body.id, conversationId: conversation.body.id };
  // Stripe's webhooks would land during other requests' measurements: the webhook sample posts its own event.
  app.stripe.setWebhookUrl(null);
});
afterAll(async () => {
  ServerResponse.prototype.end = end;
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('@vercel/request-context')];
  await app?.close();
});

// Commerce state the samples share: a product, and a paid order's payment (made through the API and the
// Stripe stand-in before it is measured).
let commerceState: Promise<{ productId: string; paymentId: string }> | undefined;
async function newOrder(): Promise<{ id: string }> {
  const { productId } = await commerce();
  return (await api.post(`/api/workspaces/${f.wid}/orders`, { items: [{ productId, quantity: 1 }] }, { token: f.agent.token })).body;
}
let operationsState: Promise<{ plantId: string; materialId: string; batchId: string }> | undefined;
function operations() {
  return (operationsState ??= (async () => {
    const base = `/api/workspaces/${f.wid}`;
    const plant = await api.post(`${base}/plants`, { name: 'Round-trip plant' }, { token: f.owner.token });
    const material = await api.post(`${base}/materials`, { name: 'Round-trip flour', unit: 'kg', minStock: 5 }, { token: f.owner.token });
    await api.post(
      `${base}/materials/${material.body.id}/movements`,
      { plantId: plant.body.id, quantity: 100, reason: 'Opening stock' },
      { token: f.owner.token },
    );
    const batch = await api.post(
      `${base}/batches`,
      { plantId: plant.body.id, product: 'Round-trip bread', plannedQuantity: 10, unit: 'loaves', inputs: [{ materialId: material.body.id, quantity: 20 }] },
      { token: f.owner.token },
    );
    return { plantId: plant.body.id as string, materialId: material.body.id as string, batchId: batch.body.id as string };
  })());
}
let formState: Promise<{ publicKey: string }> | undefined;
async function publicForm() {
  const { productId } = await commerce();
  return (formState ??= api
    .post(
      `/api/workspaces/${f.wid}/forms`,
      {
        name: 'Round-trip form',
        fields: [
          { key: 'name', label: 'Name', type: 'text', required: true },
          { key: 'email', label: 'Email', type: 'email', required: true },
          { key: 'product', label: 'Products', type: 'product', required: false, productIds: [productId] },
        ],
      },
      { token: f.owner.token },
    )
    .then((res) => res.body as { publicKey: string }));
}
function commerce() {
  return (commerceState ??= (async () => {
    const product = await api.post(`/api/workspaces/${f.wid}/products`, { sku: 'RT-1', name: 'Round trip', price: 2000, stock: 100 }, { token: f.owner.token });
    const order = await api.post(`/api/workspaces/${f.wid}/orders`, { items: [{ productId: product.body.id, quantity: 1 }] }, { token: f.agent.token });
    const intent = await api.post(`/api/workspaces/${f.wid}/payments/intent`, { orderId: order.body.id }, { token: f.agent.token });
    await api.post(`/api/workspaces/${f.wid}/payments/confirm`, { paymentId: intent.body.id, paymentMethod: 'pm_card_visa' }, { token: f.agent.token });
    return { productId: product.body.id as string, paymentId: intent.body.id as string };
  })());
}

// Outbound webhooks: endpoints of the fixture's workspace point at a closed local port (refused at once, so no
// attempt waits on the network), turned off so other samples' events make no deliveries.
const LOCAL_WEBHOOK = { url: 'http://127.0.0.1:9/round-trips', events: ['*'], active: false };
let webhookState: Promise<{ id: string }> | undefined;
function localWebhook() {
  return (webhookState ??= api.post(`/api/workspaces/${f.wid}/webhooks`, LOCAL_WEBHOOK, { token: f.owner.token }).then((res) => res.body as { id: string }));
}

// The web widget's state: a web channel of the fixture's workspace, a visitor's token and their conversation.
let widgetStateP: Promise<{ publicKey: string; token: string; conversationId: string }> | undefined;
function widget() {
  return (widgetStateP ??= (async () => {
    const publicKey = 'round-trip-widget-key';
    await app.database.db.insert(channels).values({ workspaceId: f.wid, type: 'web', name: 'Round-trip chat', publicKey, settings: {} });
    const token = (await api.post(`/api/public/widget/${publicKey}/sessions`, {})).body.visitorToken as string;
    const sent = await api.post('/api/public/widget/messages', { content: 'Round-trip visitor' }, { token });
    return { publicKey, token, conversationId: sent.body.conversationId as string };
  })());
}

// Endpoint id → a request that succeeds (built when its turn comes, after the requests before it).
// Reads first, then writes; destructive writes last.
const samples: Record<string, (() => Promise<Sample>) | { exempt: string }> = {
  'system.health': async () => ({ method: 'GET', path: '/api/health' }),
  'system.openapi': async () => ({ method: 'GET', path: '/api/openapi.json' }),
  'system.dailyCron': { exempt: 'maintenance run by Vercel Cron (a sweep over the outbox), not a read of the API' },
  'realtime.config': async () => ({ method: 'GET', path: '/api/realtime/config' }),
  'auth.me': async () => ({ method: 'GET', path: '/api/auth/me', token: f.owner.token }),
  'auth.listSessions': async () => ({ method: 'GET', path: '/api/auth/sessions', token: f.owner.token }),
  'notifications.listNotifications': async () => ({ method: 'GET', path: '/api/notifications?unread=true', token: f.agent.token }),
  'notifications.getNotificationPreferences': async () => ({ method: 'GET', path: '/api/notifications/preferences', token: f.agent.token }),
  'notifications.vapidPublicKey': async () => ({ method: 'GET', path: '/api/notifications/vapid-public-key', token: f.agent.token }),
  'notifications.markNotificationsRead': async () => ({ method: 'POST', path: '/api/notifications/read', token: f.agent.token, json: { all: true } }),
  'notifications.updateNotificationPreferences': async () => ({
    method: 'PUT',
    path: '/api/notifications/preferences',
    token: f.agent.token,
    json: { mention: { inApp: true, email: false, push: false } },
  }),
  'notifications.subscribePush': async () => ({
    method: 'POST',
    path: '/api/notifications/subscribe',
    token: f.agent.token,
    json: {
      endpoint: 'https://push.example.com/push/round-trip',
      keys: { p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM', auth: 'tBHItJI5svbpez7KI4CCXg' },
    },
  }),
  'notifications.unsubscribePush': async () => ({
    method: 'POST',
    path: '/api/notifications/unsubscribe',
    token: f.agent.token,
    json: { endpoint: 'https://push.example.com/push/round-trip' },
  }),
  'workspaces.listWorkspaces': async () => ({ method: 'GET', path: '/api/workspaces', token: f.owner.token }),
  'workspaces.getWorkspace': async () => ({ method: 'GET', path: `/api/workspaces/${f.wid}`, token: f.agent.token }),
  'workspaces.listMembers': async () => ({ method: 'GET', path: `/api/workspaces/${f.wid}/members`, token: f.agent.token }),
  'workspaces.listActivity': async () => ({ method: 'GET', path: `/api/workspaces/${f.wid}/activity`, token: f.owner.token }),
  'customers.listCustomers': async () => ({ method: 'GET', path: `/api/workspaces/${f.wid}/customers?q=carla`, token: f.agent.token }),
  'customers.getCustomer': async () => ({ method: 'GET', path: `/api/workspaces/${f.wid}/customers/${f.customerId}`, token: f.agent.token }),
  'inbox.listConversations': async () => ({ method: 'GET', path: `/api/workspaces/${f.wid}/conversations?status=open&assigneeId=none`, token: f.agent.token }),
  'inbox.conversationSummary': async () => ({
    method: 'GET',
    path: `/api/workspaces/${f.wid}/conversations/summary?tz=Europe/Berlin&days=7`,
    token: f.agent.token,
  }),
  'inbox.conversationCounts': async () => ({
    method: 'GET',
    path: `/api/workspaces/${f.wid}/conversations/counts?assigneeId=me&unread=true`,
    token: f.agent.token,
  }),
  'inbox.getConversation': async () => ({ method: 'GET', path: `/api/workspaces/${f.wid}/conversations/${f.conversationId}`, token: f.agent.token }),
  'inbox.listMessages': async () => ({
    method: 'GET',
    path: `/api/workspaces/${f.wid}/conversations/${f.conversationId}/messages?limit=10`,
    token: f.agent.token,
  }),

  'auth.register': async () => ({ method: 'POST', path: '/api/auth/register', json: { email: uniqueEmail('rt'), name: 'New User', password: PASSWORD } }),
  'auth.login': async () => ({ method: 'POST', path: '/api/auth/login', json: { email: f.agent.user.email, password: PASSWORD } }),
  'auth.refresh': async () => ({ method: 'POST', path: '/api/auth/refresh', cookie: (await signIn(api, f.agent.user.email)).cookie }),
  'auth.updateMe': async () => ({ method: 'PATCH', path: '/api/auth/me', token: f.agent.token, json: { name: 'Ava A. Agent' } }),
  'auth.changePassword': async () => {
    const user = await signUp(api);
    return { method: 'POST', path: '/api/auth/password', token: user.token, json: { currentPassword: PASSWORD, newPassword: 'Another-Horse-10' } };
  },
  'auth.requestEmailVerification': async () => ({ method: 'POST', path: '/api/auth/verify-email/request', token: f.owner.token }),
  'auth.verifyEmail': async () => {
    const user = await signUp(api);
    return { method: 'POST', path: '/api/auth/verify-email', json: { token: await mailedToken(user.user.email, '/verify-email/') } };
  },
  'auth.forgotPassword': async () => ({ method: 'POST', path: '/api/auth/password/forgot', json: { email: f.owner.user.email } }),
  'auth.resetPassword': async () => {
    const user = await signUp(api);
    await api.post('/api/auth/password/forgot', { email: user.user.email });
    return {
      method: 'POST',
      path: '/api/auth/password/reset',
      json: { token: await mailedToken(user.user.email, '/reset-password/'), newPassword: 'Another-Horse-10' },
    };
  },
  'auth.setupTwoFactor': async () => {
    twoFactorUser = await signUp(api);
    return { method: 'POST', path: '/api/auth/2fa/setup', token: twoFactorUser.token };
  },
  'auth.enableTwoFactor': async () => ({ method: 'POST', path: '/api/auth/2fa/enable', token: twoFactorUser.token, json: { code: await totpCode(-1) } }),
  'auth.loginTwoFactor': async () => {
    const challenge = await api.post('/api/auth/login', { email: twoFactorUser.user.email, password: PASSWORD });
    return { method: 'POST', path: '/api/auth/login/2fa', json: { mfaToken: challenge.body.mfaToken, code: await totpCode(0) } };
  },
  'auth.disableTwoFactor': async () => ({
    method: 'POST',
    path: '/api/auth/2fa/disable',
    token: twoFactorUser.token,
    json: { password: PASSWORD, code: await totpCode(1) },
  }),
  'realtime.userAuth': async () => ({ method: 'POST', path: '/api/realtime/user-auth', token: f.agent.token, form: 'socket_id=123.456' }),
  'workspaces.resendInvitation': async () => ({
    method: 'POST',
    path: `/api/workspaces/${f.wid}/members/${(await invited()).id}/resend`,
    token: f.owner.token,
  }),
  'workspaces.invitationLink': async () => ({
    method: 'POST',
    path: `/api/workspaces/${f.wid}/members/${(await invited()).id}/link`,
    token: f.owner.token,
  }),
  'invitations.getInvitation': async () => ({ method: 'GET', path: `/api/invitations/${(await invited()).token}` }),
  'invitations.acceptInvitation': async () => {
    const email = uniqueEmail('accepting');
    const user = await signUp(api, { email });
    await api.post('/api/auth/verify-email', { token: await mailedToken(email, '/verify-email/') });
    const { token } = await inviteToken(api, f.owner.token, f.wid, email, 'viewer');
    return { method: 'POST', path: `/api/invitations/${token}/accept`, token: user.token };
  },
  'invitations.declineInvitation': async () => ({ method: 'POST', path: `/api/invitations/${(await invited()).token}/decline` }),
  'auth.revokeSession': async () => {
    const other = await signIn(api, f.agent.user.email);
    const sessions = await api.get('/api/auth/sessions', { token: other.token });
    const current = (sessions.body.data as { id: string; current: boolean }[]).find((s) => s.current)!;
    return { method: 'DELETE', path: `/api/auth/sessions/${current.id}`, token: f.agent.token };
  },
  'realtime.typing': async () => ({
    method: 'POST',
    path: '/api/realtime/typing',
    token: f.agent.token,
    json: { conversationId: (await widget()).conversationId },
  }),
  'widget.config': async () => ({ method: 'GET', path: `/api/public/widget/${(await widget()).publicKey}/config` }),
  'widget.createSession': async () => ({ method: 'POST', path: `/api/public/widget/${(await widget()).publicKey}/sessions`, json: { name: 'Rita' } }),
  'widget.listMessages': async () => ({ method: 'GET', path: '/api/public/widget/messages', headers: { authorization: `Bearer ${(await widget()).token}` } }),
  'widget.sendMessage': async () => ({
    method: 'POST',
    path: '/api/public/widget/messages',
    headers: { authorization: `Bearer ${(await widget()).token}` },
    json: { content: 'Another question' },
  }),
  'widget.sendOffline': async () => ({
    method: 'POST',
    path: '/api/public/widget/offline',
    headers: { authorization: `Bearer ${(await widget()).token}` },
    json: { email: 'rita@example.com', content: 'Call me' },
  }),
  'widget.authorizeRealtime': async () => ({
    method: 'POST',
    path: '/api/public/widget/realtime/auth',
    headers: { authorization: `Bearer ${(await widget()).token}` },
    form: `socket_id=123.456&channel_name=private-visitor-${(await widget()).conversationId}`,
  }),
  'realtime.authorize': async () => ({
    method: 'POST',
    path: '/api/realtime/auth',
    token: f.agent.token,
    form: `socket_id=123.456&channel_name=private-workspace-${f.wid}`,
  }),
  'workspaces.createWorkspace': async () => ({ method: 'POST', path: '/api/workspaces', token: f.owner.token, json: { name: 'Second' } }),
  'workspaces.renameWorkspace': async () => ({ method: 'PATCH', path: `/api/workspaces/${f.wid}`, token: f.owner.token, json: { name: 'Round Trips Ltd' } }),
  'workspaces.addMember': async () => {
    const user = await signUp(api);
    return { method: 'POST', path: `/api/workspaces/${f.wid}/members`, token: f.owner.token, json: { email: user.user.email, role: 'viewer' } };
  },
  'workspaces.changeMemberRole': async () => ({
    method: 'PATCH',
    path: `/api/workspaces/${f.wid}/members/${f.agent.user.id}`,
    token: f.owner.token,
    json: { role: 'admin' },
  }),
  'customers.createCustomer': async () => ({
    method: 'POST',
    path: `/api/workspaces/${f.wid}/customers`,
    token: f.agent.token,
    json: { name: 'Dora Customer' },
  }),
  'customers.updateCustomer': async () => ({
    method: 'PATCH',
    path: `/api/workspaces/${f.wid}/customers/${f.customerId}`,
    token: f.agent.token,
    json: { company: 'Acme' },
  }),
  'inbox.createConversation': async () => ({
    method: 'POST',
    path: `/api/workspaces/${f.wid}/conversations`,
    token: f.agent.token,
    json: { customerId: f.customerId, channel: 'web', subject: 'Another' },
  }),
  'inbox.updateConversation': async () => ({
    method: 'PATCH',
    path: `/api/workspaces/${f.wid}/conversations/${f.conversationId}`,
    token: f.agent.token,
    json: { status: 'pending', assigneeId: f.agent.user.id },
  }),
  'inbox.postMessage': async () => ({
    method: 'POST',
    path: `/api/workspaces/${f.wid}/conversations/${f.conversationId}/messages`,
    token: f.agent.token,
    json: { content: 'A reply' },
  }),
  'inbox.markRead': async () => ({ method: 'POST', path: `/api/workspaces/${f.wid}/conversations/${f.conversationId}/read`, token: f.agent.token }),
  // A move that lands between two tasks of another column of a project's board (one transaction, lock included).
  'crm.moveTask': async () => {
    const path = `/api/workspaces/${f.wid}/tasks`;
    const projectId = (await api.post(`/api/workspaces/${f.wid}/projects`, { name: 'Round-trip board' }, { token: f.agent.token })).body.id;
    const ids: string[] = [];
    for (const status of ['in_progress', 'in_progress', 'pending'])
      ids.push((await api.post(path, { title: `Card ${ids.length}`, projectId, status }, { token: f.agent.token })).body.id);
    return { method: 'POST', path: `${path}/${ids[2]}/move`, token: f.agent.token, json: { status: 'in_progress', afterId: ids[0] } };
  },
  'products.importProducts': async () => ({
    method: 'POST',
    path: `/api/workspaces/${f.wid}/products/import`,
    token: f.owner.token,
    form: 'sku,name,price,stock\r\nRT-IMPORT-1,Imported,1200,5\r\nRT-IMPORT-2,Imported too,800,\r\n',
    headers: { 'content-type': 'text/csv' },
  }),
  // Plants are named by the batches made before it: a plant of its own is deleted.
  'operations.deletePlant': async () => ({
    method: 'DELETE',
    path: `/api/workspaces/${f.wid}/plants/${(await api.post(`/api/workspaces/${f.wid}/plants`, { name: 'Closed plant' }, { token: f.owner.token })).body.id}`,
    token: f.owner.token,
  }),
  // Operations beyond the records (operations() makes a plant, a material with stock and a batch that uses it).
  'operations.listMaterialMovements': async () => ({
    method: 'GET',
    path: `/api/workspaces/${f.wid}/materials/${(await operations()).materialId}/movements?limit=10`,
    token: f.agent.token,
  }),
  'operations.getBatchHistory': async () => ({
    method: 'GET',
    path: `/api/workspaces/${f.wid}/batches/${(await operations()).batchId}/history`,
    token: f.agent.token,
  }),
  'operations.getPlantMetrics': async () => ({
    method: 'GET',
    path: `/api/workspaces/${f.wid}/plants/${(await operations()).plantId}/metrics?from=2026-03-01&to=2026-03-31&tz=Europe/Berlin`,
    token: f.agent.token,
  }),
  'metrics.getMetricSeries': async () => ({
    method: 'GET',
    path: `/api/workspaces/${f.wid}/metrics/series?name=messages.received&interval=hour&agg=p95&tz=Europe/Berlin&from=2026-03-25T00:00:00Z&to=2026-04-01T00:00:00Z`,
    token: f.agent.token,
  }),
  'metrics.exportMetricSeries': async () => ({
    method: 'GET',
    path: `/api/workspaces/${f.wid}/metrics/series/export?name=sample.metric&interval=day&agg=avg&tz=Asia/Kathmandu`,
    token: f.agent.token,
  }),
  'operations.createMaterialMovement': async () => {
    const { materialId, plantId } = await operations();
    return {
      method: 'POST',
      path: `/api/workspaces/${f.wid}/materials/${materialId}/movements`,
      token: f.agent.token,
      json: { plantId, quantity: -1, reason: 'Sample' },
    };
  },
  // Starting: the batch row locked, its input taken from the plant's stock with a movement, the history row.
  'operations.transitionBatch': async () => ({
    method: 'POST',
    path: `/api/workspaces/${f.wid}/batches/${(await operations()).batchId}/transition`,
    token: f.agent.token,
    json: { to: 'in_progress' },
  }),
  'operations.deleteBatch': {
    exempt:
      'a batch is kept with its history (every batch has its created row, which the reference protects): DELETE answers 409 in_use; tests/api/operations.test.ts',
  },
  'orders.createOrder': async () => ({
    method: 'POST',
    path: `/api/workspaces/${f.wid}/orders`,
    token: f.agent.token,
    json: { conversationId: f.conversationId, items: [{ productId: (await commerce()).productId, quantity: 1 }] },
  }),
  'payments.createPaymentIntent': async () => ({
    method: 'POST',
    path: `/api/workspaces/${f.wid}/payments/intent`,
    token: f.agent.token,
    json: { orderId: (await newOrder()).id },
  }),
  'payments.confirmPayment': async () => {
    const order = await newOrder();
    const intent = await api.post(`/api/workspaces/${f.wid}/payments/intent`, { orderId: order.id }, { token: f.agent.token });
    return {
      method: 'POST',
      path: `/api/workspaces/${f.wid}/payments/confirm`,
      token: f.agent.token,
      json: { paymentId: intent.body.id, paymentMethod: 'pm_card_visa' },
    };
  },
  'payments.getPayment': async () => ({ method: 'GET', path: `/api/workspaces/${f.wid}/payments/${(await commerce()).paymentId}`, token: f.agent.token }),
  'payments.refundPayment': async () => ({
    method: 'POST',
    path: `/api/workspaces/${f.wid}/payments/${(await commerce()).paymentId}/refund`,
    token: f.owner.token,
    json: { amount: 100 },
  }),
  'payments.createPaymentLink': async () => ({
    method: 'POST',
    path: `/api/workspaces/${f.wid}/payments/link`,
    token: f.agent.token,
    json: { orderId: (await newOrder()).id, conversationId: f.conversationId },
  }),
  'public-forms.getPublicForm': async () => ({ method: 'GET', path: `/api/public/forms/${(await publicForm()).publicKey}` }),
  'public-forms.submitPublicForm': async () => ({
    method: 'POST',
    path: `/api/public/forms/${(await publicForm()).publicKey}/submissions`,
    json: { email: 'form-buyer@example.com', name: 'Form Buyer', product: [{ productId: (await commerce()).productId, quantity: 1 }] },
  }),
  'public-dashboards.getSharedDashboard': {
    exempt:
      "one statement reads the dashboard, then one per widget series (and per KPI's previous period) runs through computeSeries, concurrently; one statement for all needs the series as SQL from api/_lib/metrics/series.ts (tests/api/dashboards.test.ts covers the endpoint)",
  },
  'billing.startCheckout': { exempt: 'this app sells no plan (no STRIPE_PRO_PRICE_ID): covered with billing on in tests/api/billing.test.ts' },
  'billing.openPortal': { exempt: 'needs a subscribed workspace: covered in tests/api/billing.test.ts' },
  'channel-oauth.startChannelOAuth': { exempt: 'needs a Meta or TikTok app (META_APP_ID, TIKTOK_CLIENT_KEY): covered in tests/api/channel-oauth.test.ts' },
  'oauth.oauthCallback': { exempt: 'the browser coming back from the provider with a started flow’s state: covered in tests/api/channel-oauth.test.ts' },
  'channel-webhooks.receiveChannelWebhook': {
    exempt: "a provider's signed delivery to a connected channel: covered in tests/api/channel-telegram.test.ts, channel-viber.test.ts, channel-tiktok.test.ts",
  },
  'channel-webhooks.channelWebhookHandshake': {
    exempt: "Meta's hub.challenge check of a connected channel's webhook URL: covered with the Meta channels' tests",
  },
  'inbox.retryMessage': { exempt: 'needs a reply whose delivery through its channel failed: covered in tests/api/channel-delivery.test.ts' },
  'webhooks.stripeWebhook': async () => {
    const payload = JSON.stringify({
      id: `evt_rt_${Date.now()}`,
      object: 'event',
      type: 'invoice.paid',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: 'in_rt', object: 'invoice', customer: 'cus_none', amount_paid: 100, status: 'paid' } },
    });
    return {
      method: 'POST',
      path: '/api/webhooks/stripe',
      form: payload,
      headers: { 'content-type': 'application/json', 'stripe-signature': signatureHeader(payload, LOCAL_STRIPE.webhookSecret) },
    };
  },
  'outbound-webhooks.createWebhook': async () => ({ method: 'POST', path: `/api/workspaces/${f.wid}/webhooks`, token: f.owner.token, json: LOCAL_WEBHOOK }),
  'outbound-webhooks.testWebhook': async () => ({
    method: 'POST',
    path: `/api/workspaces/${f.wid}/webhooks/${(await localWebhook()).id}/test`,
    token: f.owner.token,
  }),
  'outbound-webhooks.retryWebhookDelivery': async () => {
    const base = `/api/workspaces/${f.wid}/webhooks/${(await localWebhook()).id}`;
    const tested = await api.post(`${base}/test`, undefined, { token: f.owner.token });
    return { method: 'POST', path: `${base}/deliveries/${tested.body.id}/retry`, token: f.owner.token };
  },
  'customers.deleteCustomer': async () => {
    const doomed = await api.post(`/api/workspaces/${f.wid}/customers`, { name: 'Gone Soon' }, { token: f.owner.token });
    return { method: 'DELETE', path: `/api/workspaces/${f.wid}/customers/${doomed.body.id}`, token: f.owner.token };
  },
  'dashboards.deleteDashboard': async () => {
    const doomed = await api.post(`/api/workspaces/${f.wid}/dashboards`, { name: 'Gone Soon' }, { token: f.owner.token });
    return { method: 'DELETE', path: `/api/workspaces/${f.wid}/dashboards/${doomed.body.id}`, token: f.owner.token };
  },
  'workspaces.removeMember': async () => {
    const member = await addMember(api, f.owner.token, f.wid, 'viewer');
    return { method: 'DELETE', path: `/api/workspaces/${f.wid}/members/${member.user.id}`, token: f.owner.token };
  },
  'workspaces.deleteWorkspace': async () => {
    const doomed = await createWorkspace(api, f.owner.token, 'Doomed');
    return { method: 'DELETE', path: `/api/workspaces/${doomed.id}`, token: f.owner.token };
  },
  'auth.logout': async () => ({ method: 'POST', path: '/api/auth/logout', cookie: (await signIn(api, f.agent.user.email)).cookie }),
};

/**
 * Writes that cost more today, with what they cost (so they cannot get worse unnoticed) and why. Each is a
 * finding for its module's owner; remove the entry when the write is down to the rule.
 */
const knownExtra: Record<string, { outside: number; transactions?: number; why: string }> = {
  'widget.sendMessage': {
    outside: 2,
    why: 'the visitor’s channel is checked (still a connected web channel) before ingestInbound’s transaction (widget/service.ts)',
  },
  'widget.sendOffline': { outside: 2, why: 'as widget.sendMessage' },
  'auth.login': {
    outside: 5,
    why: 'the per-address count, the per-(address, email) count and the back-off claim are three statements before the user row is read (one CTE could do all four), and clearing the counts runs after the session transaction instead of inside it (auth/service.ts, auth/sign-in-limits.ts)',
  },
  'auth.loginTwoFactor': {
    outside: 6,
    why: 'as login, plus the user row and the one-time use of the code are separate statements (auth/service.ts)',
  },
  'auth.changePassword': {
    outside: 4,
    why: 'the attempt count and the password hash read are separate from the caller check, and the count is cleared after the transaction (auth/service.ts)',
  },
  'auth.enableTwoFactor': { outside: 2, why: 'the attempt count runs before the transaction (auth/service.ts)' },
  'auth.disableTwoFactor': {
    outside: 4,
    why: 'the attempt count, the user row and the one-time use of the code run before the transaction (auth/service.ts)',
  },
  'auth.requestEmailVerification': { outside: 2, why: 'the per-user count runs before the transaction (auth/service.ts)' },
  'auth.resetPassword': { outside: 2, why: 'the sign-in back-off is cleared after the transaction (auth/service.ts)' },
  'outbound-webhooks.testWebhook': {
    outside: 3,
    why: 'the delivery is made and claimed in one statement, the receiver is called, then the attempt recorded in another: no transaction stays open while the receiver answers (outbound-webhooks/service.ts)',
  },
  'outbound-webhooks.retryWebhookDelivery': {
    outside: 3,
    why: 'the delivery is claimed in one statement, the receiver is called, then the attempt recorded in another: no transaction stays open while the receiver answers (outbound-webhooks/service.ts)',
  },
  'payments.createPaymentIntent': {
    outside: 1,
    transactions: 2,
    why: 'the attempt row commits before Stripe is called and its answer is applied in a second transaction, so no row lock is held while Stripe answers (payments/service.ts)',
  },
  'payments.confirmPayment': {
    outside: 2,
    why: 'the payment is read before Stripe is called and the answer applied in the transaction after (payments/service.ts)',
  },
  'payments.refundPayment': {
    outside: 2,
    why: 'the refund is reserved in a transaction, Stripe is called, then its id stored in one statement: no row lock is held while Stripe answers (payments/service.ts)',
  },
  'payments.createPaymentLink': {
    outside: 2,
    why: 'the order is read before Stripe is called; the link is then posted into the conversation by the inbox in its own transaction (payments/service.ts)',
  },
};

// The kernel hands after-response work to waitUntil (@vercel/functions), which reads Vercel's request context
// from this global symbol: collecting the promises here lets a request start only once the last one's after-work
// (outbox dispatch, publishing) has finished, so that work is never counted against the next request.
const pending = new Set<Promise<unknown>>();
(globalThis as Record<symbol, unknown>)[Symbol.for('@vercel/request-context')] = {
  get: () => ({
    waitUntil(promise: Promise<unknown>) {
      pending.add(promise);
      void promise.finally(() => pending.delete(promise));
    },
  }),
};

async function settle(): Promise<void> {
  while (pending.size > 0) await Promise.allSettled([...pending]);
}

async function measure(sample: Sample) {
  await settle();
  events.length = 0;
  respondedAt = Infinity;
  const headers: Record<string, string> = { ...sample.headers };
  if (sample.form && !headers['content-type']) headers['content-type'] = 'application/x-www-form-urlencoded';
  const res = await api.request(sample.method, sample.path, {
    token: sample.token,
    cookie: sample.cookie,
    headers,
    ...(sample.form !== undefined ? { raw: sample.form } : sample.json !== undefined ? { json: sample.json } : {}),
  });
  const during = events.filter((e) => e.at < respondedAt);
  return {
    status: res.status,
    body: res.body,
    statements: during.filter((e) => e.kind === 'statement'),
    transactions: during.filter((e) => e.kind === 'transaction'),
  };
}

const endpoints = allEndpoints();

// Endpoints without a hand-written sample: a workspace endpoint is sampled from the registry alone (real ids of
// the fixture's workspace, the contract's example body), creates before reads before changes before deletes.
const ORDER: Record<string, number> = { POST: 0, GET: 1, PUT: 2, PATCH: 2, DELETE: 3 };
for (const { id, endpoint } of [...endpoints].sort((a, b) => ORDER[a.endpoint.method]! - ORDER[b.endpoint.method]!)) {
  if (id in samples || !isGeneric(endpoint)) continue;
  samples[id] = async () => {
    const ids: Record<string, string> = {};
    for (const param of resourceParams(endpoint)) {
      const found = await realId(
        api,
        f.owner.token,
        f.wid,
        collectionOf(endpoint.path, param),
        endpoints.map((e) => e.endpoint),
      );
      if (!found) throw new Error(`${id}: no item to address with :${param}`);
      ids[param] = found;
    }
    const path = fillPath(endpoint, f.wid, (p) => ids[p]!);
    const example = await exampleOf(
      api,
      f.owner.token,
      f.wid,
      endpoint,
      endpoints.map((e) => e.endpoint),
    );
    // A raw endpoint's string example is its CSV body (a resource's import).
    if (endpoint.raw && typeof example === 'string')
      return { method: endpoint.method, path, token: f.owner.token, form: example, headers: { 'content-type': 'text/csv' } };
    return { method: endpoint.method, path, token: f.owner.token, json: example };
  };
}

describe('round trips per endpoint', () => {
  it('has a sample request for every endpoint in the registry, and none for an endpoint that does not exist', () => {
    const ids = endpoints.map((e) => e.id as string);
    expect(
      ids.filter((id) => !(id in samples)),
      'endpoints without a sample',
    ).toEqual([]);
    expect(
      Object.keys(samples).filter((id) => !ids.includes(id)),
      'samples of unknown endpoints',
    ).toEqual([]);
  });

  // In the samples' order (reads before writes, destructive writes last).
  for (const [id, sample] of Object.entries(samples)) {
    const registered = endpoints.find((e) => e.id === id);
    if (!registered || 'exempt' in sample) continue;
    const { method, access } = registered.endpoint;
    const isRead = method === 'GET';
    // A public endpoint's per-address limit is one statement the kernel runs before anything else.
    const limiter = registered.endpoint.rateLimit ? 1 : 0;
    it(`${id}: ${method} ${registered.endpoint.path} ${isRead ? 'costs one round trip' : 'costs at most one transaction'}`, async () => {
      const request = await sample();
      expect(request.method).toBe(method);
      const r = await measure(request);
      const trace = [...r.transactions.map((t) => t.sql), ...r.statements.map((s) => s.sql)].join('\n  ');
      expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
      if (isRead) {
        // Public reads that touch no table (the OpenAPI document, the realtime config) cost none; health pings;
        // a rate-limited public read adds the kernel's per-address count.
        const expected = access === 'public' ? r.statements.length : 1;
        expect(r.transactions.length, `transactions:\n  ${trace}`).toBe(0);
        expect(r.statements.length, `statements:\n  ${trace}`).toBe(expected);
        expect(r.statements.length, `statements:\n  ${trace}`).toBeLessThanOrEqual(1 + limiter);
      } else {
        // The caller check of an authenticated write runs before its transaction (the role decides what the
        // write may do, and a refused write opens no transaction).
        const callerCheck = access === 'public' ? 0 : 1;
        expect(r.transactions.length, `transactions:\n  ${trace}`).toBeLessThanOrEqual(knownExtra[id]?.transactions ?? 1);
        const allowed = knownExtra[id]?.outside ?? callerCheck + limiter + (r.transactions.length === 0 ? 1 : 0);
        expect(r.statements.length, `statements outside the transaction:\n  ${trace}`).toBeLessThanOrEqual(allowed);
      }
    });
  }
});
