// Tenancy and role matrices generated from the registry: every endpoint, present and future, is checked
// without writing a test for it. For each workspace endpoint: a missing or bad token → 401; a member of another
// workspace → 404 (never a hint that the workspace exists); each role below the endpoint's → 403; each role at
// or above it passes the gate; and another tenant's resource ids reached through the caller's own workspace → 404.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EndpointDef } from '../../contracts/endpoint.js';
import { allEndpoints } from '../../contracts/registry.js';
import { ROLES, roleAtLeast, type Role } from '../../contracts/roles.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client, type ApiResponse } from '../support/http.js';
import { collectionOf, fillPath, realId, resourceParams } from '../support/registry-requests.js';
import { teamFixture } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;
/** A real id in the team's workspace for each collection path (e.g. `/api/workspaces/:wid/customers`). */
const realIds = new Map<string, string>();
/** API keys: the owner's with every scope and with one scope each, and the outsider's (another workspace). */
const keys: Record<'all' | 'read' | 'write' | 'metrics:write' | 'outsider', string> = { all: '', read: '', write: '', 'metrics:write': '', outsider: '' };

const endpoints = allEndpoints();
const workspaceEndpoints = endpoints.filter(({ endpoint }) => endpoint.access !== 'public' && endpoint.access !== 'user');
const signedInEndpoints = endpoints.filter(({ endpoint }) => endpoint.access !== 'public');

const url = (endpoint: EndpointDef, wid: string, ids: (param: string) => string) => fillPath(endpoint, wid, ids);

/** A body that fails validation (strict schemas refuse unknown fields), so a permitted call changes nothing. */
const INVALID_BODY = { 'no-such-field': true };
/** The kernel's role refusal (handlers refuse with messages of their own). */
const GATE_MESSAGE = 'Your role does not allow this';

function call(endpoint: EndpointDef, path: string, token: string | undefined, body?: unknown): Promise<ApiResponse> {
  const json = body ?? (endpoint.body ? INVALID_BODY : undefined);
  return api.request(endpoint.method, path, { token, json });
}

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
  team = await teamFixture(api);
  const wid = team.workspace.id;
  const customer = await api.post(`/api/workspaces/${wid}/customers`, { name: 'Matrix Customer' }, { token: team.owner.token });
  const conversation = await api.post(`/api/workspaces/${wid}/conversations`, { customerId: customer.body.id, channel: 'web' }, { token: team.owner.token });
  // A message to address with :messageId (the messages collection is under a conversation).
  const message = await api.post(
    `/api/workspaces/${wid}/conversations/${conversation.body.id}/messages`,
    { content: 'Matrix reply' },
    { token: team.owner.token },
  );
  realIds.set(`/api/workspaces/:wid/conversations/:id/messages`, message.body.id);
  // Orders and payments have no create example (they need a product, an order): made here, paid with the Stripe stand-in.
  const product = await api.post(`/api/workspaces/${wid}/products`, { sku: 'MATRIX-1', name: 'Matrix', price: 1000 }, { token: team.owner.token });
  const order = await api.post(`/api/workspaces/${wid}/orders`, { items: [{ productId: product.body.id, quantity: 1 }] }, { token: team.owner.token });
  const payment = await api.post(`/api/workspaces/${wid}/payments/intent`, { orderId: order.body.id }, { token: team.owner.token });
  realIds.set(`/api/workspaces/:wid/payments`, payment.body.id);
  // A webhook delivery exists once an event or a test made one: a test event to an endpoint made here (turned off,
  // at a closed local port).
  const hook = await api.post(
    `/api/workspaces/${wid}/webhooks`,
    { url: 'http://127.0.0.1:9/matrix', events: ['*'], active: false },
    { token: team.owner.token },
  );
  const delivery = await api.post(`/api/workspaces/${wid}/webhooks/${hook.body.id}/test`, undefined, { token: team.owner.token });
  realIds.set(`/api/workspaces/:wid/webhooks`, hook.body.id);
  realIds.set(`/api/workspaces/:wid/webhooks/:id/deliveries`, delivery.body.id);
  const key = async (token: string, workspaceId: string, scopes: string[]) =>
    (await api.post(`/api/workspaces/${workspaceId}/api-keys`, { name: scopes.join(' '), scopes }, { token })).body.secret as string;
  keys.all = await key(team.owner.token, wid, ['read', 'write', 'metrics:write']);
  for (const scope of ['read', 'write', 'metrics:write'] as const) keys[scope] = await key(team.owner.token, wid, [scope]);
  keys.outsider = await key(team.outsider.token, team.otherWorkspace.id, ['read', 'write', 'metrics:write']);
  const all = endpoints.map((e) => e.endpoint);
  for (const { endpoint } of workspaceEndpoints) {
    for (const param of resourceParams(endpoint)) {
      const collection = collectionOf(endpoint.path, param);
      if (realIds.has(collection)) continue;
      const id = await realId(api, team.owner.token, wid, collection, all);
      if (id) realIds.set(collection, id);
    }
  }
});
afterAll(() => app?.close());

describe('every endpoint that needs a session', () => {
  it('is in the registry (the matrices below cover something)', () => {
    expect(workspaceEndpoints.length).toBeGreaterThan(20);
  });

  it.each(signedInEndpoints.map((e) => [e.id, e.endpoint] as const))('%s: no token or a bad token → 401', async (_id, endpoint) => {
    const path = url(endpoint, team.workspace.id, () => randomUUID());
    for (const token of [undefined, 'not-a-jwt', team.owner.token.slice(0, -4) + 'AAAA']) {
      const res = await call(endpoint, path, token);
      expect(res.status, `${endpoint.method} ${path} with ${token ? 'a bad' : 'no'} token`).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
  });
});

describe.each(workspaceEndpoints.map((e) => [e.id, e.endpoint] as const))('%s', (_id, endpoint) => {
  const needed = endpoint.access as Role;

  it('answers a member of another workspace 404, as if the workspace did not exist', async () => {
    const path = url(endpoint, team.workspace.id, () => randomUUID());
    const res = await call(endpoint, path, team.outsider.token);
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'not_found', message: 'Workspace not found' });
  });

  it.each(ROLES.filter((role) => !roleAtLeast(role, needed)))('refuses a %s with 403', async (role) => {
    const path = url(endpoint, team.workspace.id, () => randomUUID());
    const res = await call(endpoint, path, team[role].token);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });

  // A permitted call must change nothing, so it needs a body to refuse or an id to miss; deleting the workspace
  // itself has neither and is covered by its own tests.
  const changesNothing = endpoint.method === 'GET' || Boolean(endpoint.body) || /:(?!wid)\w+/.test(endpoint.path);
  // A query that cannot be empty (a metric series needs its name) is refused past the gate with 422, like a body.
  const needsInput = Boolean(endpoint.body) || (endpoint.query ? !endpoint.query.safeParse({}).success : false);
  it.each(changesNothing ? ROLES.filter((role) => roleAtLeast(role, needed)) : [])('lets a %s past the gate', async (role) => {
    const path = url(endpoint, team.workspace.id, () => randomUUID());
    const res = await call(endpoint, path, team[role].token);
    if (needsInput) expect(res.status, JSON.stringify(res.body)).toBe(422);
    else if (endpoint.method === 'GET' && !/:(?!wid)\w+/.test(endpoint.path)) expect(res.status).toBe(200);
    else {
      // The handler ran: it found no such resource, or refused with its own, more specific rule.
      const gate = res.status === 401 || (res.status === 403 && res.body.error.message === GATE_MESSAGE) || res.body?.error?.message === 'Workspace not found';
      expect(res.status < 500 && !gate, JSON.stringify(res.body)).toBe(true);
    }
  });

  // API keys: the same gates, with the scope the endpoint names (by default read for GET, write otherwise).
  const keyScope = endpoint.keyScope === undefined ? (endpoint.method === 'GET' ? 'read' : 'write') : endpoint.keyScope;
  it("refuses another workspace's key: 404, or 403 where keys may not call at all", async () => {
    const res = await call(
      endpoint,
      url(endpoint, team.workspace.id, () => randomUUID()),
      keys.outsider,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(keyScope === null ? 403 : 404);
  });
  const otherScopes = (['read', 'write', 'metrics:write'] as const).filter((scope) => scope !== keyScope);
  it.each(otherScopes)('refuses a key with only the %s scope with 403', async (scope) => {
    const res = await call(
      endpoint,
      url(endpoint, team.workspace.id, () => randomUUID()),
      keys[scope],
    );
    expect(res.status, JSON.stringify(res.body)).toBe(403);
  });
  it.each(changesNothing && keyScope !== null && endpoint.access !== 'owner' ? [keyScope] : [])('lets a key with the %s scope past the gate', async (scope) => {
    const res = await call(
      endpoint,
      url(endpoint, team.workspace.id, () => randomUUID()),
      keys[scope],
    );
    if (needsInput) expect(res.status, JSON.stringify(res.body)).toBe(422);
    else if (endpoint.method === 'GET' && !/:(?!wid)\w+/.test(endpoint.path)) expect(res.status, JSON.stringify(res.body)).toBe(200);
    else expect(res.status < 500 && res.status !== 401 && res.status !== 403, JSON.stringify(res.body)).toBe(true);
  });

  const params = resourceParams(endpoint);
  // Only a request that reaches the handler proves anything: with no body, or one for which `{}` is valid.
  const bodyCanBeEmpty = !endpoint.body || endpoint.body.safeParse({}).success;
  const crossTenant = params.length > 0 && bodyCanBeEmpty ? ["another workspace's resource ids"] : [];
  it.each(crossTenant)("never reaches %s through the caller's own workspace", async () => {
    const ids = (param: string) => {
      const id = realIds.get(collectionOf(endpoint.path, param));
      if (!id) throw new Error(`no real id for :${param} of ${endpoint.path}`);
      return id;
    };
    const path = url(endpoint, team.otherWorkspace.id, ids);
    const res = await call(endpoint, path, team.outsider.token, endpoint.body ? {} : undefined);
    expect(res.status, JSON.stringify(res.body)).toBe(404);
  });
});
