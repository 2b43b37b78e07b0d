// API keys over HTTP: created by admins with the secret shown once and only its hash stored; a key calls the
// same endpoints as the SPA within its scopes and workspace, acting for its creator (role capped at admin);
// revoking it, or its creator leaving, refuses its next request; it is rate limited per key; what it does is
// in the activity log with its name.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_PATTERN } from '../../contracts/api-keys.js';
import { describeActivity } from '../../contracts/activity.js';
import { apiKeys } from '../../db/schema/analytics.js';
import { rateLimits } from '../../db/schema/identity.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { addMember, teamFixture } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;
let w: string;

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
  team = await teamFixture(api);
  w = `/api/workspaces/${team.workspace.id}`;
});
afterAll(() => app.close());

const db = () => app.database.db;

async function newKey(scopes: string[], token = team.admin.token, workspace = w): Promise<{ id: string; secret: string; prefix: string }> {
  const res = await api.post(`${workspace}/api-keys`, { name: `Key ${scopes.join('+')} ${Math.random().toString(36).slice(2, 6)}`, scopes }, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('managing keys', () => {
  it('shows the secret once, lists the key without it, and stores only its hash', async () => {
    const res = await api.post(`${w}/api-keys`, { name: 'Reporting', scopes: ['read'] }, { token: team.admin.token });
    expect(res.status).toBe(201);
    expect(res.body.secret).toMatch(API_KEY_PATTERN);
    expect(res.body.secret.startsWith(res.body.prefix)).toBe(true);
    expect(res.body).toMatchObject({ name: 'Reporting', scopes: ['read'], lastUsedAt: null, createdBy: { id: team.admin.user.id } });
    const list = await api.get(`${w}/api-keys`, { token: team.admin.token });
    expect(list.status).toBe(200);
    const listed = list.body.data.find((k: { id: string }) => k.id === res.body.id);
    expect(listed).toMatchObject({ name: 'Reporting', prefix: res.body.prefix });
    expect(JSON.stringify(list.body)).not.toContain(res.body.secret);
    const [row] = await db().select().from(apiKeys).where(eq(apiKeys.id, res.body.id));
    expect(row!.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(res.body.secret.slice(4));
  });

  it('refuses bad bodies, agents, and keys managing keys', async () => {
    for (const body of [
      { name: 'x', scopes: [] },
      { name: 'x', scopes: ['admin'] },
      { name: '', scopes: ['read'] },
      { name: 'x', scopes: ['read', 'read'] },
    ]) {
      const res = await api.post(`${w}/api-keys`, body, { token: team.admin.token });
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    expect((await api.get(`${w}/api-keys`, { token: team.agent.token })).status).toBe(403);
    expect((await api.post(`${w}/api-keys`, { name: 'x', scopes: ['read'] }, { token: team.agent.token })).status).toBe(403);
    const key = await newKey(['read', 'write']);
    expect((await api.get(`${w}/api-keys`, { token: key.secret })).status).toBe(403);
    expect((await api.post(`${w}/api-keys`, { name: 'x', scopes: ['read'] }, { token: key.secret })).status).toBe(403);
    expect((await api.delete(`${w}/api-keys/${key.id}`, { token: key.secret })).status).toBe(403);
  });
});

describe('calling the API with a key', () => {
  it('reads what the creator reads, and only with the read scope', async () => {
    const read = await newKey(['read']);
    const withKey = await api.get(`${w}/customers`, { token: read.secret });
    const withSession = await api.get(`${w}/customers`, { token: team.admin.token });
    expect(withKey.status).toBe(200);
    expect(withKey.body).toEqual(withSession.body);
    const write = await newKey(['write']);
    const refused = await api.get(`${w}/customers`, { token: write.secret });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('read scope');
    const metricsOnly = await newKey(['metrics:write']);
    expect((await api.get(`${w}/customers`, { token: metricsOnly.secret })).status).toBe(403);
  });

  it('writes with the write scope only, acting for its creator, and the activity log names the key', async () => {
    const read = await newKey(['read']);
    const refused = await api.post(`${w}/customers`, { name: 'Nope', email: `nope-${Date.now()}@example.com` }, { token: read.secret });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('write scope');
    const write = await newKey(['write']);
    const created = await api.post(`${w}/customers`, { name: 'From a script', email: `script-${Date.now()}@example.com` }, { token: write.secret });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const activity = await api.get(`${w}/activity?limit=20`, { token: team.admin.token });
    const entry = activity.body.data.find((a: { subjectId: string }) => a.subjectId === created.body.id);
    expect(entry.actor).toEqual({ id: team.admin.user.id, name: team.admin.user.name });
    expect(entry.metadata.apiKey).toEqual({ id: write.id, name: expect.stringContaining('Key write') });
    expect(describeActivity(entry)).toMatch(/\(with the API key “Key write [a-z0-9]+”\)$/);
  });

  it("answers 404 for another workspace, 403 for user endpoints and for more than the creator's role", async () => {
    const key = await newKey(['read', 'write']);
    const other = `/api/workspaces/${team.otherWorkspace.id}`;
    expect((await api.get(`${other}/customers`, { token: key.secret })).status).toBe(404);
    expect((await api.post(`${other}/customers`, { name: 'X', email: 'x@example.com' }, { token: key.secret })).status).toBe(404);
    expect((await api.get('/api/auth/me', { token: key.secret })).status).toBe(403);
    expect((await api.get('/api/workspaces', { token: key.secret })).status).toBe(403);
    // The owner's key acts as an admin at most: deleting the workspace is the owner's alone.
    const ownerKey = await newKey(['read', 'write'], team.owner.token);
    expect((await api.delete(w, { token: ownerKey.secret })).status).toBe(403);
    expect((await api.patch(w, { name: 'Acme' }, { token: ownerKey.secret })).status).toBe(200);
  });

  it('refuses an unknown or malformed key with 401', async () => {
    for (const token of ['sbk_' + 'A'.repeat(43), 'sbk_short']) {
      expect((await api.get(`${w}/customers`, { token })).status).toBe(401);
      expect((await api.post(`${w}/customers`, { name: 'X', email: 'x@example.com' }, { token })).status).toBe(401);
    }
  });

  it('stops working on its next request once revoked, and once its creator leaves', async () => {
    const key = await newKey(['read', 'write']);
    expect((await api.get(`${w}/customers`, { token: key.secret })).status).toBe(200);
    expect((await api.delete(`${w}/api-keys/${key.id}`, { token: team.admin.token })).status).toBe(204);
    expect((await api.get(`${w}/customers`, { token: key.secret })).status).toBe(401);
    expect((await api.post(`${w}/customers`, { name: 'X', email: 'x@example.com' }, { token: key.secret })).status).toBe(401);
    expect((await api.delete(`${w}/api-keys/${key.id}`, { token: team.admin.token })).status).toBe(404);
    const list = await api.get(`${w}/api-keys`, { token: team.admin.token });
    expect(list.body.data.map((k: { id: string }) => k.id)).not.toContain(key.id);

    const leaving = await addMember(api, team.owner.token, team.workspace.id, 'admin', 'Lena Leaving');
    const theirs = await newKey(['read'], leaving.token);
    expect((await api.get(`${w}/customers`, { token: theirs.secret })).status).toBe(200);
    expect((await api.delete(`${w}/members/${leaving.user.id}`, { token: team.owner.token })).status).toBe(204);
    expect((await api.get(`${w}/customers`, { token: theirs.secret })).status).toBe(401);
  });

  it('records when a key was last used', async () => {
    const key = await newKey(['read']);
    await api.get(`${w}/customers`, { token: key.secret });
    await expect.poll(async () => (await db().select().from(apiKeys).where(eq(apiKeys.id, key.id)))[0]!.lastUsedAt).not.toBeNull();
  });

  it('is rate limited per key, with the real wait in Retry-After', async () => {
    const key = await newKey(['read']);
    const other = await newKey(['read']);
    expect((await api.get(`${w}/customers`, { token: key.secret })).status).toBe(200);
    // Spend this key's window (the limit is per minute).
    await db()
      .update(rateLimits)
      .set({ hits: 100_000 })
      .where(and(eq(rateLimits.bucket, 'api-key'), sql`${rateLimits.expiresAt} > now()`, sql`${rateLimits.hits} = 1`));
    const limited = await api.get(`${w}/customers`, { token: key.secret });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect((await api.get(`${w}/customers`, { token: other.secret })).status).toBe(200);
  });

  it('replays an idempotent create in its own key space', async () => {
    const key = await newKey(['write']);
    const body = { name: 'Once', email: `once-${Date.now()}@example.com` };
    const headers = { 'idempotency-key': `k-${Date.now()}` };
    const first = await api.post(`${w}/customers`, body, { token: key.secret, headers });
    const again = await api.post(`${w}/customers`, body, { token: key.secret, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    // The creator's own session has its own key space: the same key there is a new request.
    const bySession = await api.post(`${w}/customers`, { ...body, email: `session-${body.email}` }, { token: team.admin.token, headers });
    expect(bySession.status).toBe(201);
    expect(bySession.body.id).not.toBe(first.body.id);
  });
});
