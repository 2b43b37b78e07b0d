// Email verification, password reset, two-factor sign-in, and the sign-in limits that hold under concurrency
// without letting a stranger lock the owner out.
import { eq, sql } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountTokens, rateLimits } from '../../db/schema/identity.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { PASSWORD, signIn, signUp, uniqueEmail } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
});
afterAll(() => app.close());

const tokenOf = (link: string) => new URL(link).pathname.split('/').pop()!;
const linkIn = async (email: string, path: string) => {
  const mail = await app.mail.waitFor((m) => m.to.includes(email) && m.links.some((l) => l.includes(path)), 10_000);
  return tokenOf(mail.links.find((l) => l.includes(path))!);
};

describe('email verification', () => {
  it('registering mails a 24-hour link; using it verifies the address once', async () => {
    const s = await signUp(api);
    expect(s.user).toMatchObject({ emailVerifiedAt: null, twoFactorEnabled: false });
    const token = await linkIn(s.user.email, '/verify-email/');
    expect((await api.post('/api/auth/verify-email', { token })).status).toBe(204);
    expect((await api.get('/api/auth/me', { token: s.token })).body.user.emailVerifiedAt).not.toBeNull();
    const again = await api.post('/api/auth/verify-email', { token });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('gone');
    expect((await api.post('/api/auth/verify-email/request', undefined, { token: s.token })).status).toBe(409);
  });

  it('a new link retires the earlier one; an expired link answers 410', async () => {
    const s = await signUp(api);
    const first = await linkIn(s.user.email, '/verify-email/');
    app.mail.clear();
    expect((await api.post('/api/auth/verify-email/request', undefined, { token: s.token })).status).toBe(204);
    const second = await linkIn(s.user.email, '/verify-email/');
    expect(second).not.toBe(first);
    expect((await api.post('/api/auth/verify-email', { token: first })).status).toBe(410);
    await app.database.db
      .update(accountTokens)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(accountTokens.userId, s.user.id));
    expect((await api.post('/api/auth/verify-email', { token: second })).status).toBe(410);
    // Only hashes are stored.
    const stored = await app.database.db.select({ hash: accountTokens.tokenHash }).from(accountTokens).where(eq(accountTokens.userId, s.user.id));
    expect(stored.map((r) => r.hash)).not.toContain(second);
  });
});

describe('password reset', () => {
  it('answers 204 for every email; mails a link only to accounts, and only the newest link works', async () => {
    const unknown = uniqueEmail('ghost');
    expect((await api.post('/api/auth/password/forgot', { email: unknown })).status).toBe(204);
    const s = await signUp(api);
    expect((await api.post('/api/auth/password/forgot', { email: s.user.email.toUpperCase() })).status).toBe(204);
    const first = await linkIn(s.user.email, '/reset-password/');
    app.mail.clear();
    expect((await api.post('/api/auth/password/forgot', { email: s.user.email })).status).toBe(204);
    const second = await linkIn(s.user.email, '/reset-password/');
    expect(app.mail.messages().some((m) => m.to.includes(unknown))).toBe(false);
    expect((await api.post('/api/auth/password/reset', { token: first, newPassword: 'Brand-New-Pass-7' })).status).toBe(410);

    const other = await signIn(api, s.user.email);
    expect((await api.post('/api/auth/password/reset', { token: second, newPassword: 'weak' })).status).toBe(422);
    expect((await api.post('/api/auth/password/reset', { token: second, newPassword: 'Brand-New-Pass-7' })).status).toBe(204);
    // Every session is signed out; the old password is gone; the new one works; the link is used up.
    expect((await api.get('/api/auth/me', { token: other.token })).status).toBe(401);
    expect((await api.post('/api/auth/refresh', undefined, { cookie: s.cookie })).status).toBe(401);
    expect((await api.post('/api/auth/login', { email: s.user.email, password: PASSWORD })).status).toBe(401);
    expect((await api.post('/api/auth/login', { email: s.user.email, password: 'Brand-New-Pass-7' })).status).toBe(200);
    expect((await api.post('/api/auth/password/reset', { token: second, newPassword: 'Another-Pass-8' })).status).toBe(410);
    await app.mail.waitFor((m) => m.to.includes(s.user.email) && /password/i.test(m.subject) && !m.links.some((l) => l.includes('/reset-password/')), 10_000);
  });

  it('a link older than 30 minutes answers 410', async () => {
    const s = await signUp(api);
    await api.post('/api/auth/password/forgot', { email: s.user.email });
    const token = await linkIn(s.user.email, '/reset-password/');
    await app.database.db
      .update(accountTokens)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(accountTokens.userId, s.user.id));
    expect((await api.post('/api/auth/password/reset', { token, newPassword: 'Brand-New-Pass-7' })).status).toBe(410);
  });
});

describe('two-factor sign-in', () => {
  const totp = (secret: string) => new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });

  it('sets up with a code, then asks for one at sign-in; codes and recovery codes work once', async () => {
    const s = await signUp(api);
    const setup = await api.post('/api/auth/2fa/setup', undefined, { token: s.token });
    expect(setup.status).toBe(200);
    expect(setup.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/Switchboard:.*secret=/);
    const app2fa = totp(setup.body.secret);
    expect((await api.post('/api/auth/2fa/enable', { code: '000000' }, { token: s.token })).status).toBe(422);
    const enabled = await api.post('/api/auth/2fa/enable', { code: app2fa.generate() }, { token: s.token });
    expect(enabled.status).toBe(200);
    expect(enabled.body.recoveryCodes).toHaveLength(10);
    expect(new Set(enabled.body.recoveryCodes).size).toBe(10);
    expect((await api.get('/api/auth/me', { token: s.token })).body.user.twoFactorEnabled).toBe(true);
    expect((await api.post('/api/auth/2fa/setup', undefined, { token: s.token })).status).toBe(409);

    const challenge = await api.post('/api/auth/login', { email: s.user.email, password: PASSWORD });
    expect(challenge.status).toBe(200);
    expect(challenge.body).toEqual({ mfaRequired: true, mfaToken: expect.any(String) });
    expect(challenge.headers.getSetCookie()).toEqual([]);
    // The challenge is not an access token.
    expect((await api.get('/api/auth/me', { token: challenge.body.mfaToken })).status).toBe(401);
    // The code used to enable is spent; so is any code of the same or an earlier step.
    const spent = await api.post('/api/auth/login/2fa', { mfaToken: challenge.body.mfaToken, code: app2fa.generate() });
    expect(spent.status).toBe(422);
    const next = app2fa.generate({ timestamp: Date.now() + 30_000 });
    const signedIn = await api.post('/api/auth/login/2fa', { mfaToken: challenge.body.mfaToken, code: next });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user.id).toBe(s.user.id);
    expect(signedIn.headers.getSetCookie().some((c) => c.startsWith('sb_refresh='))).toBe(true);
    expect((await api.post('/api/auth/login/2fa', { mfaToken: challenge.body.mfaToken, code: next })).status).toBe(422);

    const recovery = enabled.body.recoveryCodes[0] as string;
    const viaRecovery = await api.post('/api/auth/login/2fa', { mfaToken: challenge.body.mfaToken, recoveryCode: recovery.toUpperCase() });
    expect(viaRecovery.status).toBe(200);
    expect((await api.post('/api/auth/login/2fa', { mfaToken: challenge.body.mfaToken, recoveryCode: recovery })).status).toBe(422);

    expect((await api.post('/api/auth/2fa/disable', { password: 'Wrong-Pass-1', code: enabled.body.recoveryCodes[1] }, { token: s.token })).status).toBe(422);
    expect((await api.post('/api/auth/2fa/disable', { password: PASSWORD, code: enabled.body.recoveryCodes[1] }, { token: s.token })).status).toBe(204);
    expect((await api.post('/api/auth/login', { email: s.user.email, password: PASSWORD })).body.accessToken).toEqual(expect.any(String));
  });

  it('refuses a forged or expired challenge token', async () => {
    const forged = await api.post('/api/auth/login/2fa', { mfaToken: 'eyJhbGciOiJIUzI1NiJ9.e30.x', code: '123456' });
    expect(forged.status).toBe(401);
  });
});

describe('sign-in limits', () => {
  it('count concurrent attempts atomically: of 20 at once from one address, exactly 10 are checked', async () => {
    const s = await signUp(api);
    const headers = { 'x-forwarded-for': '203.0.113.10' };
    // The per-email back-off would start after 5 failures; clear it between waves so the per-(address, email) limit is what is measured.
    const statuses: number[] = [];
    for (let wave = 0; wave < 4; wave++) {
      await app.database.db.delete(rateLimits).where(eq(rateLimits.bucket, 'login:backoff'));
      const results = await Promise.all(
        Array.from({ length: 5 }, () => api.request('POST', '/api/auth/login', { json: { email: s.user.email, password: 'Wrong-Pass-1' }, headers })),
      );
      statuses.push(...results.map((r) => r.status));
    }
    expect(statuses.filter((x) => x === 401)).toHaveLength(10);
    expect(statuses.filter((x) => x === 429)).toHaveLength(10);
  });

  it('a stranger’s wrong passwords make the owner wait at most a minute, with the real wait in Retry-After', async () => {
    const owner = await signUp(api);
    const stranger = (i: number) => ({ 'x-forwarded-for': `203.0.113.${100 + i}` });
    const login = (password: string, headers: Record<string, string>) =>
      api.request('POST', '/api/auth/login', { json: { email: owner.user.email, password }, headers });
    // Five attempts are free, from any addresses; then every attempt makes the next wait 2, 4 … 60 s.
    for (let i = 0; i < 5; i++) expect((await login('Wrong-Pass-1', stranger(i))).status).toBe(401);
    const waiting = await login(PASSWORD, { 'x-forwarded-for': '198.51.100.5' });
    expect(waiting.status).toBe(429);
    expect(Number(waiting.headers.get('retry-after'))).toBeLessThanOrEqual(2);
    // However many failures there were, the wait is capped at a minute, and Retry-After is that wait.
    await app.database.db
      .update(rateLimits)
      .set({ hits: 500, expiresAt: sql`now()` })
      .where(eq(rateLimits.bucket, 'login:backoff'));
    expect((await login('Wrong-Pass-1', stranger(9))).status).toBe(401);
    const capped = await login(PASSWORD, { 'x-forwarded-for': '198.51.100.5' });
    expect(capped.status).toBe(429);
    const retryAfter = Number(capped.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(55);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const [row] = await app.database.db.select({ expiresAt: rateLimits.expiresAt }).from(rateLimits).where(eq(rateLimits.bucket, 'login:backoff'));
    expect(Math.abs((row!.expiresAt.getTime() - Date.now()) / 1000 - retryAfter)).toBeLessThan(2);
    // When the minute has passed (moved into the past here), the owner signs in.
    await app.database.db
      .update(rateLimits)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(rateLimits.bucket, 'login:backoff'));
    expect((await login(PASSWORD, { 'x-forwarded-for': '198.51.100.5' })).status).toBe(200);
  });

  it('an attempt refused for its address does not touch the account’s back-off', async () => {
    const owner = await signUp(api);
    const headers = { 'x-forwarded-for': '203.0.113.200' };
    await app.database.db.delete(rateLimits).where(eq(rateLimits.bucket, 'login:address-email'));
    for (let i = 0; i < 4; i++) await api.request('POST', '/api/auth/login', { json: { email: owner.user.email, password: 'Wrong-Pass-1' }, headers });
    // Exhaust the address's limit directly, then keep hammering from it.
    await app.database.db.update(rateLimits).set({ hits: 10 }).where(eq(rateLimits.bucket, 'login:address-email'));
    for (let i = 0; i < 10; i++) {
      expect((await api.request('POST', '/api/auth/login', { json: { email: owner.user.email, password: 'Wrong-Pass-1' }, headers })).status).toBe(429);
    }
    const [row] = await app.database.db.select({ hits: rateLimits.hits }).from(rateLimits).where(eq(rateLimits.bucket, 'login:backoff'));
    expect(row!.hits).toBe(4); // the 4 attempts the address was allowed, none of the 10 refused ones
    expect(
      (await api.request('POST', '/api/auth/login', { json: { email: owner.user.email, password: PASSWORD }, headers: { 'x-forwarded-for': '198.51.100.9' } }))
        .status,
    ).toBe(200);
  });

  it('limits registrations and reset requests per address', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.99' };
    const statuses = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await api.request('POST', '/api/auth/password/forgot', { json: { email: uniqueEmail() }, headers })).status);
    }
    expect(statuses.slice(0, 10).every((x) => x === 204)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('limits attempts at the current password on password change', async () => {
    const s = await signUp(api);
    for (let i = 0; i < 5; i++) {
      expect((await api.post('/api/auth/password', { currentPassword: 'Wrong-Pass-1', newPassword: 'Brand-New-Pass-7' }, { token: s.token })).status).toBe(422);
    }
    expect((await api.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'Brand-New-Pass-7' }, { token: s.token })).status).toBe(429);
  });
});

describe('cookie endpoints', () => {
  it('refuse cross-site requests with 403 and anything but JSON with 415', async () => {
    const email = uniqueEmail();
    await signUp(api, { email });
    const body = { email, password: PASSWORD };
    const crossOrigin = await api.request('POST', '/api/auth/login', { json: body, headers: { origin: 'https://evil.example' } });
    expect(crossOrigin.status).toBe(403);
    const crossSite = await api.request('POST', '/api/auth/login', { json: body, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    const form = await api.request('POST', '/api/auth/login', {
      raw: `email=${encodeURIComponent(email)}&password=${encodeURIComponent(PASSWORD)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    const sameOrigin = await api.request('POST', '/api/auth/login', { json: body, headers: { origin: app.url, 'sec-fetch-site': 'same-origin' } });
    expect(sameOrigin.status).toBe(200);
  });
});
