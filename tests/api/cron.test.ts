// GET /api/cron/daily: only Vercel Cron (Bearer $CRON_SECRET) may run it; it re-dispatches events left in the
// outbox and forgets expired Idempotency-Keys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';

const SECRET = 'cron-secret-for-tests-0123456789';
let app: TestApp;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  process.env.CRON_SECRET = SECRET; // read when the server's environment is first loaded, below
  app = await startTestApp();
  api = client(app.url);
});
afterAll(() => app?.close());

describe('GET /api/cron/daily', () => {
  it('refuses a request without the cron secret, or with another one', async () => {
    for (const token of [undefined, 'wrong-secret-wrong-secret-wrong', `${SECRET}x`]) {
      const res = await api.get('/api/cron/daily', { token });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
  });

  it('sweeps the outbox and expired idempotency keys', async () => {
    const res = await api.get('/api/cron/daily', { token: SECRET });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ outbox: { dispatched: expect.any(Number), failed: 0, deleted: expect.any(Number) }, idempotencyKeys: expect.any(Number) });
  });
});
