// GET /api/cron/daily: only Vercel Cron (Bearer $CRON_SECRET) may run it; it re-dispatches events left in the
// outbox, forgets expired Idempotency-Keys, and deletes ended sessions, spent links and rate-limit windows.
import { eq, sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauthStates } from '../../db/schema/channels.js';
import { accountTokens, rateLimits, sessions, workspaces } from '../../db/schema/identity.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { signUp } from '../support/users.js';

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
    expect(res.body).toEqual({
      outbox: { dispatched: expect.any(Number), failed: 0, deleted: expect.any(Number) },
      idempotencyKeys: expect.any(Number),
      accounts: { sessions: expect.any(Number), accountTokens: expect.any(Number), invitations: expect.any(Number), rateLimits: expect.any(Number) },
      webhooks: { attempted: 0, succeeded: 0, failed: 0, givenUp: 0, deleted: 0 },
      channelDeliveries: { attempted: 0, sent: 0, failed: 0, retrying: 0 },
      oauthStates: expect.any(Number),
    });
  });

  it('deletes OAuth connect states a day past their expiry or use, and keeps pending ones', async () => {
    const owner = await signUp(api);
    const { db } = app.database;
    const [workspace] = await db.insert(workspaces).values({ name: 'OAuth cleanup' }).returning({ id: workspaces.id });
    const state = (hash: string, expiresAt: SQL, usedAt: SQL | null = null) => ({
      stateHash: hash,
      workspaceId: workspace!.id,
      userId: owner.user.id,
      provider: 'facebook',
      expiresAt,
      usedAt,
    });
    await db
      .insert(oauthStates)
      .values([
        state('expired-long-ago', sql`now() - interval '2 days'`),
        state('used-long-ago', sql`now() + interval '10 minutes'`, sql`now() - interval '2 days'`),
        state('pending', sql`now() + interval '10 minutes'`),
        state('just-expired', sql`now() - interval '1 minute'`),
      ]);
    const res = await api.get('/api/cron/daily', { token: SECRET });
    expect(res.body.oauthStates).toBeGreaterThanOrEqual(2);
    const left = (await db.select({ hash: oauthStates.stateHash }).from(oauthStates)).map((r) => r.hash);
    expect(left).toEqual(expect.arrayContaining(['pending', 'just-expired']));
    expect(left).not.toContain('expired-long-ago');
    expect(left).not.toContain('used-long-ago');
  });

  it('deletes ended sessions, spent links and ended rate-limit windows, and keeps live ones', async () => {
    const gone = await signUp(api);
    const kept = await signUp(api);
    const { db } = app.database;
    await db
      .update(sessions)
      .set({ revokedAt: sql`now() - interval '31 days'` })
      .where(eq(sessions.userId, gone.user.id));
    await db
      .update(accountTokens)
      .set({ usedAt: sql`now() - interval '2 days'` })
      .where(eq(accountTokens.userId, gone.user.id));
    await db
      .insert(rateLimits)
      .values({ bucket: 'test:ended', key: 'k', windowStart: sql`now() - interval '2 hours'`, expiresAt: sql`now() - interval '1 hour'` });
    const res = await api.get('/api/cron/daily', { token: SECRET });
    expect(res.body.accounts.sessions).toBeGreaterThanOrEqual(1);
    expect(res.body.accounts.accountTokens).toBeGreaterThanOrEqual(1);
    expect(res.body.accounts.rateLimits).toBeGreaterThanOrEqual(1);
    expect(await db.select().from(sessions).where(eq(sessions.userId, gone.user.id))).toEqual([]);
    expect(await db.select().from(accountTokens).where(eq(accountTokens.userId, gone.user.id))).toEqual([]);
    expect(await db.select().from(rateLimits).where(eq(rateLimits.bucket, 'test:ended'))).toEqual([]);
    expect(await db.select().from(sessions).where(eq(sessions.userId, kept.user.id))).toHaveLength(1);
    expect(await db.select().from(accountTokens).where(eq(accountTokens.userId, kept.user.id))).toHaveLength(1);
  });
});
