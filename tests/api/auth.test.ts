import { eq } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateLimits } from '../../db/schema/identity.js';
import { serverEnv } from '../../api/_lib/env.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { PASSWORD, refreshCookie, signIn, signUp, uniqueEmail } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
});
afterAll(() => app.close());

const countUsers = async () => {
  const rows = await app.database.db.execute<{ n: number }>('select count(*)::int as n from users' as never);
  return (rows as unknown as { rows: { n: number }[] }).rows[0]!.n;
};

describe('register', () => {
  it('creates the account, signs in and sets the refresh cookie', async () => {
    const email = uniqueEmail();
    const res = await api.post('/api/auth/register', { email, password: PASSWORD, name: '  Jane Doe ' });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ email, name: 'Jane Doe' });
    expect(res.body.user).not.toHaveProperty('passwordHash');
    expect(typeof res.body.accessToken).toBe('string');
    expect(new Date(res.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sb_refresh='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/api\/auth/);
    // The readable hint the SPA checks on start carries no secret, only that a session may exist.
    const hint = res.headers.getSetCookie().find((c) => c.startsWith('sb_session='))!;
    expect(hint).toMatch(/^sb_session=1; Path=\/; Max-Age=\d+; SameSite=Strict/);
    expect(hint).not.toMatch(/HttpOnly/);
    const me = await api.get('/api/auth/me', { token: res.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ user: res.body.user, workspaces: [] });
  });

  it('treats emails that differ only in case as the same (409)', async () => {
    const email = uniqueEmail('Case');
    await signUp(api, { email: email.toLowerCase() });
    const before = await countUsers();
    const res = await api.post('/api/auth/register', { email: email.toUpperCase(), password: PASSWORD, name: 'X' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    expect(await countUsers()).toBe(before);
  });

  it.each([
    ['too short', 'Ab1!', 'password'],
    ['no upper-case', 'lowercase-only-1', 'password'],
    ['no digit', 'No-Digits-Here', 'password'],
    ['no symbol', 'NoSymbols123', 'password'],
    ['common', 'Password1!', 'password'],
    ['73 bytes', 'Aa1!' + 'x'.repeat(69), 'password'],
    ['multibyte over 72 bytes', 'Aa1!' + 'é'.repeat(35), 'password'],
    ['NUL byte', 'Valid-Pass1\u0000', 'password'],
  ])('rejects a password that is %s with 422', async (_label, password, path) => {
    const before = await countUsers();
    const res = await api.post('/api/auth/register', { email: uniqueEmail(), password, name: 'X' });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await countUsers()).toBe(before);
  });

  it('accepts a password of exactly 72 bytes, and only that exact password signs in', async () => {
    const password = 'Aa1!' + 'x'.repeat(68);
    expect(Buffer.byteLength(password)).toBe(72);
    const email = uniqueEmail();
    await signUp(api, { email, password });
    expect((await api.post('/api/auth/login', { email, password })).status).toBe(200);
    expect((await api.post('/api/auth/login', { email, password: password.slice(0, 71) + 'y' })).status).toBe(401);
  });

  it('accepts a multibyte password within 72 bytes', async () => {
    const password = 'Çafé-Ünïcode-9';
    const email = uniqueEmail();
    await signUp(api, { email, password });
    expect((await api.post('/api/auth/login', { email, password })).status).toBe(200);
  });

  it.each([
    ['role', { role: 'owner' }],
    ['workspaceId', { workspaceId: '00000000-0000-4000-8000-000000000000' }],
    ['passwordHash', { passwordHash: '$2a$10$abc' }],
  ])('refuses mass assignment of %s (422, nothing created)', async (field, extra) => {
    const before = await countUsers();
    const res = await api.post('/api/auth/register', { email: uniqueEmail(), password: PASSWORD, name: 'X', ...extra });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([{ path: field, message: expect.stringContaining(field) }]);
    expect(await countUsers()).toBe(before);
  });

  it('rejects wrong types, malformed JSON, other media types and NUL bytes in names', async () => {
    const wrongType = await api.post('/api/auth/register', { email: 42, password: PASSWORD, name: ['x'] });
    expect(wrongType.status).toBe(422);
    expect(wrongType.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['email', 'name']);
    const malformed = await api.request('POST', '/api/auth/register', { raw: '{"email": ', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_json');
    const xml = await api.request('POST', '/api/auth/register', { raw: '<user/>', headers: { 'content-type': 'application/xml' } });
    expect(xml.status).toBe(415);
    expect(xml.body.error.code).toBe('unsupported_media_type');
    const nul = await api.post('/api/auth/register', { email: uniqueEmail(), password: PASSWORD, name: 'Bad\u0000Name' });
    expect(nul.status).toBe(422);
  });

  it('answers an oversized body with 413', async () => {
    const res = await api.request('POST', '/api/auth/register', {
      raw: JSON.stringify({ name: 'x'.repeat(5 * 1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });
});

describe('login', () => {
  it('signs in case-insensitively and answers unknown email and wrong password identically', async () => {
    const email = uniqueEmail();
    await signUp(api, { email });
    expect((await api.post('/api/auth/login', { email: email.toUpperCase(), password: PASSWORD })).status).toBe(200);
    const wrong = await api.post('/api/auth/login', { email, password: 'Wrong-Pass-1' });
    const unknown = await api.post('/api/auth/login', { email: uniqueEmail(), password: 'Wrong-Pass-1' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('invalid_credentials');
  });

  it('takes similar time for an unknown email and a wrong password', async () => {
    const email = uniqueEmail();
    await signUp(api, { email });
    const time = async (e: string) => {
      const t = performance.now();
      await api.post('/api/auth/login', { email: e, password: 'Wrong-Pass-1' });
      return performance.now() - t;
    };
    const known = [await time(email), await time(email)];
    const unknown = [await time(uniqueEmail()), await time(uniqueEmail())];
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b) / xs.length;
    // Both paths run one bcrypt comparison; without the dummy hash the unknown path would be ~100x faster.
    expect(avg(unknown)).toBeGreaterThan(avg(known) * 0.4);
  });

  it('backs off repeated failures per email with 429 and the real wait in Retry-After, counted in the database', async () => {
    const email = uniqueEmail();
    await signUp(api, { email });
    // Five attempts are free; the fifth makes the next one wait 2 s.
    for (let i = 0; i < 5; i++) expect((await api.post('/api/auth/login', { email, password: 'Wrong-Pass-1' })).status).toBe(401);
    const limited = await api.post('/api/auth/login', { email, password: PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(2);
    const rows = await app.database.db.select({ hits: rateLimits.hits }).from(rateLimits).where(eq(rateLimits.bucket, 'login:backoff'));
    expect(rows.map((r) => r.hits)).toContain(5); // the refused attempt was not counted
  });

  it('limits sign-in requests from one client address across many emails', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.77' };
    const statuses = await Promise.all(
      Array.from({ length: 101 }, () => api.request('POST', '/api/auth/login', { json: { email: uniqueEmail(), password: 'Wrong-Pass-1' }, headers })),
    );
    expect(statuses.filter((r) => r.status === 401)).toHaveLength(100);
    const limited = statuses.find((r) => r.status === 429)!;
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const other = await api.request('POST', '/api/auth/login', {
      json: { email: uniqueEmail(), password: 'Wrong-Pass-1' },
      headers: { 'x-forwarded-for': '203.0.113.78' },
    });
    expect(other.status).toBe(401);
  });
});

describe('access tokens', () => {
  // The server's own key (this checkout's development secret): so each token below fails for its own flaw.
  const secret = () => new TextEncoder().encode(serverEnv().jwtSecret);
  const claims = (sub: string, sid: string) =>
    new SignJWT({ sid, typ: 'access' }).setSubject(sub).setIssuer('switchboard').setAudience('switchboard-api').setIssuedAt();

  it('refuses expired, tampered, alg:none, foreign-secret, exp-less and refresh tokens with 401', async () => {
    const session = await signUp(api);
    const sid = JSON.parse(Buffer.from(session.token.split('.')[1]!, 'base64url').toString()).sid as string;
    const [h, p] = session.token.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...payload, sub: '00000000-0000-4000-8000-000000000000' })).toString('base64url');
    const tokens: Record<string, string> = {
      expired: await claims(session.user.id, sid)
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .sign(secret()),
      tampered: `${h}.${forged}.${session.token.split('.')[2]}`,
      algNone: `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`,
      otherSecret: await claims(session.user.id, sid)
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime('15m')
        .sign(new TextEncoder().encode('another-secret-another-secret-another-secret')),
      noExp: await claims(session.user.id, sid).setProtectedHeader({ alg: 'HS256' }).sign(secret()),
      refreshToken: session.cookie.split('=')[1]!,
      garbage: 'not-a-token',
    };
    const wellFormed = await claims(session.user.id, sid).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('15m').sign(secret());
    expect((await api.get('/api/auth/me', { token: wellFormed })).status).toBe(200);
    for (const [name, token] of Object.entries(tokens)) {
      const res = await api.get('/api/auth/me', { token });
      expect(res.status, name).toBe(401);
      expect(res.body.error.code, name).toBe('unauthorized');
    }
    expect((await api.get('/api/auth/me')).status).toBe(401);
    expect((await api.get('/api/auth/me', { token: session.token })).status).toBe(200);
  });
});

describe('refresh', () => {
  it('rotates the refresh token; the new one works and the old one stops working', async () => {
    const s = await signUp(api);
    const first = await api.post('/api/auth/refresh', undefined, { cookie: s.cookie });
    expect(first.status).toBe(200);
    expect(first.body.user.id).toBe(s.user.id);
    const rotated = refreshCookie(first.headers);
    expect(rotated).not.toBe(s.cookie);
    expect((await api.get('/api/auth/me', { token: first.body.accessToken })).status).toBe(200);
    const second = await api.post('/api/auth/refresh', undefined, { cookie: rotated });
    expect(second.status).toBe(200);
  });

  it('replaying a rotated token revokes the whole session family', async () => {
    const s = await signUp(api);
    const first = await api.post('/api/auth/refresh', undefined, { cookie: s.cookie });
    const newest = refreshCookie(first.headers);
    const replay = await api.post('/api/auth/refresh', undefined, { cookie: s.cookie });
    expect(replay.status).toBe(401);
    expect((await api.post('/api/auth/refresh', undefined, { cookie: newest })).status).toBe(401);
    expect((await api.get('/api/auth/me', { token: first.body.accessToken })).status).toBe(401);
  });

  it('two concurrent refreshes with one token do not both succeed', async () => {
    const s = await signUp(api);
    const results = await Promise.all([1, 2, 3].map(() => api.post('/api/auth/refresh', undefined, { cookie: s.cookie })));
    const ok = results.filter((r) => r.status === 200);
    expect(ok.length).toBeLessThanOrEqual(1);
    expect(results.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(2);
  });

  it('answers 401 without a cookie or with an unknown token', async () => {
    expect((await api.post('/api/auth/refresh')).status).toBe(401);
    expect((await api.post('/api/auth/refresh', undefined, { cookie: 'sb_refresh=' + 'A'.repeat(43) })).status).toBe(401);
  });
});

describe('logout, password change and sessions', () => {
  it('logout revokes the session server-side and clears the cookie', async () => {
    const s = await signUp(api);
    const res = await api.post('/api/auth/logout', undefined, { cookie: s.cookie });
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie().find((c) => c.startsWith('sb_refresh='))).toMatch(/Max-Age=0/);
    expect(res.headers.getSetCookie().find((c) => c.startsWith('sb_session='))).toMatch(/^sb_session=; Path=\/; Max-Age=0/);
    expect((await api.post('/api/auth/refresh', undefined, { cookie: s.cookie })).status).toBe(401);
    expect((await api.get('/api/auth/me', { token: s.token })).status).toBe(401);
  });

  it('password change keeps this session, ends every other one, and the new password signs in', async () => {
    const s = await signUp(api);
    const other = await signIn(api, s.user.email);
    const wrong = await api.post('/api/auth/password', { currentPassword: 'Nope-Nope-1', newPassword: 'Brand-New-Pass-2' }, { token: s.token });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.details[0].path).toBe('currentPassword');
    const weak = await api.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'weak' }, { token: s.token });
    expect(weak.status).toBe(422);
    const res = await api.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'Brand-New-Pass-2' }, { token: s.token });
    expect(res.status).toBe(204);
    expect((await api.get('/api/auth/me', { token: s.token })).status).toBe(200);
    expect((await api.get('/api/auth/me', { token: other.token })).status).toBe(401);
    expect((await api.post('/api/auth/refresh', undefined, { cookie: other.cookie })).status).toBe(401);
    expect((await api.post('/api/auth/login', { email: s.user.email, password: PASSWORD })).status).toBe(401);
    expect((await api.post('/api/auth/login', { email: s.user.email, password: 'Brand-New-Pass-2' })).status).toBe(200);
  });

  it('lists the caller’s sessions and revokes one of them', async () => {
    const s = await signUp(api);
    const other = await signIn(api, s.user.email);
    const list = await api.get('/api/auth/sessions', { token: s.token });
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(2);
    expect(list.body.data.filter((x: { current: boolean }) => x.current)).toHaveLength(1);
    const otherId = list.body.data.find((x: { current: boolean }) => !x.current).id;
    const stranger = await signUp(api);
    expect((await api.delete(`/api/auth/sessions/${otherId}`, { token: stranger.token })).status).toBe(404);
    expect((await api.delete(`/api/auth/sessions/${otherId}`, { token: s.token })).status).toBe(204);
    expect((await api.get('/api/auth/me', { token: other.token })).status).toBe(401);
    expect((await api.get('/api/auth/sessions', { token: s.token })).body.data).toHaveLength(1);
    expect((await api.delete('/api/auth/sessions/not-a-uuid', { token: s.token })).status).toBe(404);
  });

  it('updates the profile name and refuses unknown fields', async () => {
    const s = await signUp(api);
    const res = await api.patch('/api/auth/me', { name: 'Renamed' }, { token: s.token });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('Renamed');
    const bad = await api.patch('/api/auth/me', { email: 'x@y.z' }, { token: s.token });
    expect(bad.status).toBe(422);
    expect((await api.get('/api/auth/me', { token: s.token })).body.user.email).toBe(s.user.email);
  });
});
