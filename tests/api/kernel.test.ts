// The handler kernel (api/_lib/http) and the local runtime's Vercel helpers, through HTTP, on a fixture
// project (tests/fixtures/kernel-app) with its own api/ tree and vercel.json. Every error is in API.md's
// shape `{ error: { code, message, details? } }`.
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../dev/server.js';
import { SECRET_MESSAGE } from '../fixtures/kernel-app/api/echo/[...path].js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client, type ApiResponse } from '../support/http.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/kernel-app');

let app: TestApp; // gives the kernel its database (a per-file copy), as for every API test
let runtime: LocalRuntime;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  app = await startTestApp();
  runtime = await startLocalRuntime({ root: FIXTURE, spa: 'api', host: '127.0.0.1', port: 0 });
  api = client(runtime.url);
});
afterAll(async () => {
  await runtime?.close();
  await app?.close();
});

function expectError(res: ApiResponse, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
  expect(Object.keys(res.body.error).every((k) => ['code', 'message', 'details'].includes(k))).toBe(true);
}

describe('routing inside a function', () => {
  it('answers an unknown path with 404 not_found, inside a function and outside any', async () => {
    expectError(await api.get('/api/echo/nope'), 404, 'not_found');
    expectError(await api.get('/api/echo/items/1/extra'), 404, 'not_found');
    expectError(await api.get('/api/missing'), 404, 'not_found');
  });

  it('answers a known path with another method with 405 and an Allow header', async () => {
    const res = await api.put('/api/echo/items/1', { name: 'x' });
    expectError(res, 405, 'method_not_allowed');
    expect(res.headers.get('allow')?.split(', ').sort()).toEqual(['DELETE', 'GET']);
    expect((await api.delete('/api/echo/items/1')).status).toBe(204);
  });

  it('answers HEAD on a GET route with the headers and no body', async () => {
    const get = await api.get('/api/echo/items/7');
    const head = await api.request('HEAD', '/api/echo/items/7');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers.get('content-type')).toMatch(/^application\/json/);
    expect(head.headers.get('content-length')).toBe(get.headers.get('content-length'));
  });
});

describe('request helpers (as on Vercel)', () => {
  it('merges the rewrite parameter into req.query and turns repeated keys into arrays', async () => {
    const res = await api.get('/api/echo/items/42?tag=a&tag=b&x=1');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: '42', query: { path: 'items/42', tag: ['a', 'b'], x: '1' } });
  });

  it('parses cookies into req.cookies', async () => {
    const res = await api.get('/api/echo/cookies', { cookie: 'theme=dark; sb_refresh=abc%3D%3D; empty=' });
    expect(res.status).toBe(200);
    expect(res.body.cookies).toEqual({ theme: 'dark', sb_refresh: 'abc==', empty: '' });
  });

  it('hands the raw body to a function that turns the body parser off', async () => {
    const payload = '{"id":"evt_1","type":"payment_intent.succeeded"}';
    const res = await api.request('POST', '/api/raw', { raw: payload, headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=x' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ bytes: Buffer.byteLength(payload), text: payload, parsedBody: null });
  });
});

describe('bodies', () => {
  it('accepts a valid JSON body and answers with the route status', async () => {
    const res = await api.post('/api/echo/items', { name: 'Widget', quantity: 3 });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ name: 'Widget', quantity: 3 });
  });

  it('answers malformed JSON with 400 invalid_json', async () => {
    const res = await api.request('POST', '/api/echo/items', { raw: '{"name": "Widget",', headers: { 'content-type': 'application/json' } });
    expectError(res, 400, 'invalid_json');
  });

  it('answers text, XML, a JSON-flavoured type the helpers do not parse, or no type with 415', async () => {
    const body = '{"name":"Widget","quantity":3}';
    for (const type of ['text/plain', 'application/xml', 'text/xml', 'application/merge-patch+json']) {
      expectError(
        await api.request('POST', '/api/echo/items', { raw: type.includes('xml') ? '<item/>' : body, headers: { 'content-type': type } }),
        415,
        'unsupported_media_type',
      );
    }
    // fetch labels a string body text/plain; a Buffer body goes without a content type.
    expectError(await api.request('POST', '/api/echo/items', { raw: Buffer.from(body) }), 415, 'unsupported_media_type');
  });

  it('answers a body over 4.5 MB with 413 payload_too_large', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(5 * 1024 * 1024), quantity: 1 });
    const res = await new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = httpRequest(
        `${runtime.url}/api/echo/items`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(big) } },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
      req.end(big);
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('answers a wrong type with 422 validation_failed and a detail per field', async () => {
    const res = await api.post('/api/echo/items', { name: '', quantity: 'three' });
    expectError(res, 422, 'validation_failed');
    expect(res.body.error.details).toEqual(
      expect.arrayContaining([
        { path: 'name', message: expect.any(String) },
        { path: 'quantity', message: expect.any(String) },
      ]),
    );
    expect(res.body.error.details).toHaveLength(2);
  });

  it('rejects unknown fields (no mass assignment) with 422 naming the field', async () => {
    const res = await api.post('/api/echo/items', { name: 'Widget', quantity: 1, workspaceId: 'someone-else', role: 'owner' });
    expectError(res, 422, 'validation_failed');
    const details = res.body.error.details as { path: string; message: string }[];
    expect(details.length).toBeGreaterThan(0);
    const text = JSON.stringify(details);
    expect(text).toContain('workspaceId');
    expect(text).toContain('role');
    for (const d of details) expect(Object.keys(d).sort()).toEqual(['message', 'path']);
  });
});

describe('failures', () => {
  it('turns an unexpected error into 500 internal_error with no message text or stack', async () => {
    const res = await api.get('/api/echo/crash');
    expectError(res, 500, 'internal_error');
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('password authentication');
    expect(text).not.toContain(SECRET_MESSAGE);
    expect(text).not.toMatch(/\bat .+\.(ts|js):\d+/);
    expect(res.body.error.details).toBeUndefined();
  });

  it('turns a Postgres data exception caused by input into 422, without the SQL or the value', async () => {
    const res = await api.get('/api/echo/bad-date');
    expectError(res, 422, 'validation_failed');
    expect(JSON.stringify(res.body)).not.toMatch(/timestamptz|2020-02-30|Failed query/);
  });

  it('turns a database connection error into 503 unavailable with Retry-After', async () => {
    const res = await api.get('/api/echo/db-down');
    expectError(res, 503, 'unavailable');
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(JSON.stringify(res.body)).not.toContain('10.1.2.3');
  });

  it("applies the fixture's own vercel.json headers", async () => {
    expect((await api.get('/api/echo/items/1')).headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('percent-encoded path segments', () => {
  it('decodes a path segment exactly once', async () => {
    for (const [raw, id] of [
      ['100%25', '100%'],
      ['caf%C3%A9', 'café'],
      ['%2541', '%41'],
      ['a%20b', 'a b'],
    ]) {
      const res = await api.get(`/api/echo/items/${raw}`);
      expect(res.status, raw).toBe(200);
      expect(res.body.id, raw).toBe(id);
    }
  });
});
