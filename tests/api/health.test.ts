import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';

let app: TestApp;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
});
afterAll(() => app.close());

describe('GET /api/health', () => {
  it('reports the database and realtime as up', async () => {
    const res = await api.get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', db: 'ok', realtime: 'local' });
    expect(typeof res.body.version).toBe('string');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('carries the response headers from vercel.json', async () => {
    const res = await api.get('/api/health');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it('answers an unknown method with 405 and Allow', async () => {
    const res = await api.post('/api/health', {});
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
    expect(res.body.error.code).toBe('method_not_allowed');
  });

  it('answers unknown API paths with 404 in the error shape', async () => {
    for (const path of ['/api/nope', '/api/health/extra', '/api']) {
      const res = await api.get(path);
      expect(res.status, path).toBe(404);
      expect(res.body.error.code, path).toBe('not_found');
    }
  });
});
