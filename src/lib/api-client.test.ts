import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import type { ConversationList } from '../../contracts/conversations';
import { auth } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { api, call, endpointUrl, refreshSession } from './api-client';
import { ApiError } from './api-error';
import { sessionStore } from './session-store';

let server: MockApi;

beforeEach(() => {
  server = mockApi();
  sessionStore.signIn(auth('old-token'));
});

afterEach(() => {
  server.restore();
});

const unauthorized = { status: 401, body: errorBody('unauthorized', 'Token expired') };

/** Accepts only the given token, like the real API after a refresh. */
const acceptOnly =
  (token: string, body: unknown = { ok: true }) =>
  (req: { headers: Record<string, string> }) =>
    req.headers.authorization === `Bearer ${token}` ? { status: 200, body } : unauthorized;

describe('api client', () => {
  it('sends the in-memory access token as a Bearer header, same origin, with credentials', async () => {
    server.on('GET /api/workspaces', acceptOnly('old-token', { data: [], nextCursor: null }));
    const response = await api.get('/api/workspaces');
    expect(response.data).toEqual({ data: [], nextCursor: null });
    expect(api.defaults.withCredentials).toBe(true);
    expect(api.defaults.baseURL).toBe('');
  });

  it('on a 401 refreshes the session once, stores the new token and retries the request once', async () => {
    server.on('POST /api/auth/refresh', { status: 200, body: auth('new-token') });
    server.on('GET /api/workspaces', acceptOnly('new-token', { data: [], nextCursor: null }));

    const response = await api.get('/api/workspaces');

    expect(response.status).toBe(200);
    expect(server.requests.map((r) => `${r.method} ${r.url} ${r.headers.authorization ?? ''}`)).toEqual([
      'GET /api/workspaces Bearer old-token',
      'POST /api/auth/refresh Bearer old-token',
      'GET /api/workspaces Bearer new-token',
    ]);
    expect(sessionStore.getAccessToken()).toBe('new-token');
  });

  it('shares one refresh between concurrent 401s', async () => {
    let refreshes = 0;
    server.on('POST /api/auth/refresh', async () => {
      refreshes += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { status: 200, body: auth('new-token') };
    });
    server.on('GET /api/a', acceptOnly('new-token', 'a'));
    server.on('GET /api/b', acceptOnly('new-token', 'b'));
    server.on('GET /api/c', acceptOnly('new-token', 'c'));

    const results = await Promise.all([api.get('/api/a'), api.get('/api/b'), api.get('/api/c')]);

    expect(results.map((r) => r.data)).toEqual(['a', 'b', 'c']);
    expect(refreshes).toBe(1);
  });

  it('retries only once: a second 401 is final and does not refresh again', async () => {
    server.on('POST /api/auth/refresh', { status: 200, body: auth('new-token') });
    server.on('GET /api/workspaces', unauthorized);

    await expect(api.get('/api/workspaces')).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    expect(server.requests.filter((r) => r.url === '/api/auth/refresh')).toHaveLength(1);
    expect(server.requests.filter((r) => r.url === '/api/workspaces')).toHaveLength(2);
  });

  it('clears the session when the refresh is refused', async () => {
    server.on('POST /api/auth/refresh', { status: 401, body: errorBody('unauthorized', 'Your session has ended') });
    server.on('GET /api/workspaces', unauthorized);

    await expect(api.get('/api/workspaces')).rejects.toBeInstanceOf(ApiError);
    expect(sessionStore.get()).toEqual({ status: 'signed-out', reason: 'expired' });
  });

  it('never refreshes for the session endpoints (a 401 from login is the answer)', async () => {
    server.on('POST /api/auth/login', { status: 401, body: errorBody('invalid_credentials', 'Email or password is incorrect') });

    await expect(api.post('/api/auth/login', {})).rejects.toMatchObject({ status: 401, code: 'invalid_credentials' });
    expect(server.requests.map((r) => r.url)).toEqual(['/api/auth/login']);
  });

  it('maps the error envelope to a typed ApiError with details', async () => {
    server.on('POST /api/workspaces', {
      status: 422,
      body: errorBody('validation_failed', 'Some fields are not valid', [{ path: 'name', message: 'Enter a name' }]),
    });

    const error = await api.post('/api/workspaces', { name: '' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, code: 'validation_failed', message: 'Some fields are not valid' });
    expect((error as ApiError).fieldErrors()).toEqual({ name: 'Enter a name' });
  });

  it('reads Retry-After on a 429', async () => {
    server.on('POST /api/auth/login', { status: 429, body: errorBody('rate_limited', 'Too many attempts'), headers: { 'retry-after': '30' } });
    await expect(api.post('/api/auth/login', {})).rejects.toMatchObject({ status: 429, retryAfter: 30 });
  });

  it('refreshSession() at start-up signs the user in from the refresh cookie', async () => {
    sessionStore.reset();
    server.on('POST /api/auth/refresh', { status: 200, body: auth('restored', { name: 'Restored User' }) });
    const [a, b] = await Promise.all([refreshSession(), refreshSession()]);
    expect(a).toBe(b);
    expect(server.requests).toHaveLength(1);
    expect(sessionStore.get()).toMatchObject({ status: 'signed-in', accessToken: 'restored', user: { name: 'Restored User' } });
  });
});

describe('call(): endpoints by their contract id', () => {
  const wid = '00000000-0000-4000-8000-0000000000aa';

  it('builds the URL from the route table, sends the query, and answers with the body', async () => {
    server.on(`GET /api/workspaces/${wid}/conversations`, { status: 200, body: { data: [], nextCursor: null } });
    const list = await call('inbox.listConversations', { params: { wid }, query: { status: 'open', limit: 25 } });
    expectTypeOf(list).toEqualTypeOf<ConversationList>();
    expect(list).toEqual({ data: [], nextCursor: null });
    expect(server.requests).toMatchObject([{ method: 'GET', url: `/api/workspaces/${wid}/conversations`, params: { status: 'open', limit: 25 } }]);
  });

  it('needs no second argument for an endpoint without parameters or body', async () => {
    server.on('GET /api/auth/me', acceptOnly('old-token', { user: auth().user, workspaces: [] }));
    const me = await call('auth.me');
    expectTypeOf(me.user.email).toEqualTypeOf<string>();
    expect(me.user.email).toBe('me@example.com');
  });

  it('sends the body and the Idempotency-Key, and encodes path parameters once', async () => {
    server.on(`POST /api/workspaces/${wid}/conversations/a%2Fb/messages`, { status: 201, body: { id: 'm1' } });
    await call('inbox.postMessage', { params: { wid, id: 'a/b' }, body: { content: 'Hello' }, idempotencyKey: 'key-1' });
    expect(server.requests[0]).toMatchObject({ body: { content: 'Hello' }, headers: { 'idempotency-key': 'key-1' } });
  });

  it('answers undefined for 204 No Content', async () => {
    server.on(`POST /api/workspaces/${wid}/conversations/c1/read`, { status: 204 });
    const answer = await call('inbox.markRead', { params: { wid, id: 'c1' } });
    expectTypeOf(answer).toEqualTypeOf<undefined>();
    expect(answer).toBeUndefined();
  });

  it('refuses to build a URL with a path parameter missing', () => {
    expect(() => endpointUrl('workspaces.changeMemberRole', { wid })).toThrow('missing path parameter userId');
    expect(endpointUrl('workspaces.changeMemberRole', { wid, userId: 'u 1' })).toBe(`/api/workspaces/${wid}/members/u%201`);
  });

  it('is typed from the contract: wrong params, query values or bodies do not compile', () => {
    // Only checked by the type checker (npm test runs it); the calls never run.
    const typeOnly = () => {
      // @ts-expect-error the workspace id is required
      void call('inbox.listConversations');
      // @ts-expect-error not a status
      void call('inbox.listConversations', { params: { wid }, query: { status: 'everything' } });
      // @ts-expect-error a body is required
      void call('customers.createCustomer', { params: { wid } });
      // @ts-expect-error not a role
      void call('workspaces.changeMemberRole', { params: { wid, userId: 'u' }, body: { role: 'god' } });
    };
    expect(typeOnly).toBeTypeOf('function');
  });
});
