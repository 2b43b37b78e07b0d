// ASVS 4.0 V3 Session management: session tokens (the refresh cookie and the access JWT), their rotation and
// reuse detection, logout, revocation on password change and reset, cookie attributes, and forged tokens.
import { SignJWT } from 'jose';
import { expect } from 'vitest';
import {
  PASSWORD,
  client,
  enableTwoFactor,
  linkToken,
  mailsTo,
  refreshCookieOf,
  register,
  send,
  show,
  signIn,
  totp,
  type Account,
  type AsvsChapter,
  type AsvsRow,
} from '../support.js';

/** The refresh cookie (and its siblings) an answer set, as raw Set-Cookie strings. */
const setCookies = (headers: Headers) => headers.getSetCookie();
const refreshSetCookie = (headers: Headers) => setCookies(headers).find((c) => c.startsWith('sb_refresh='));

const refresh = (cookie: string, headers: Record<string, string> = {}) => client().post('/api/auth/refresh', undefined, { cookie, headers });
const me = (token: string) => client().get('/api/auth/me', { token });
/** A write: loads the caller through its own path (not the read scope). */
const write = (token: string) => client().post('/api/workspaces', { name: 'Probe' }, { token });

/** Both ways a token is checked (a read and a write) refuse it with 401. */
async function expectRefused(token: string, what: string) {
  const read = await me(token);
  expect(read.status, `${what}, on a read: ${show(read)}`).toBe(401);
  const written = await write(token);
  expect(written.status, `${what}, on a write: ${show(written)}`).toBe(401);
}

async function jwtSecret(): Promise<Uint8Array> {
  const { serverEnv } = await import('../../../api/_lib/env.js');
  return new TextEncoder().encode(serverEnv().jwtSecret);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

/** A new session for the account from a client of its own. */
const session = (account: Account) => signIn(account);

export const v3Rows: AsvsRow[] = [
  {
    id: 'V3.1.1',
    requirement: 'Session tokens are never taken from the URL: an access token in the query string, or a refresh token in a parameter, is refused',
    async test() {
      const account = await register();
      for (const name of ['access_token', 'token', 'accessToken']) {
        const res = await client().get(`/api/auth/me?${name}=${encodeURIComponent(account.token)}`);
        expect(res.status, `?${name}=: ${show(res)}`).toBe(401);
      }
      const value = account.cookie.split('=')[1]!;
      const res = await client().post(`/api/auth/refresh?sb_refresh=${value}&refreshToken=${value}`);
      expect(res.status, show(res)).toBe(401);
    },
  },
  {
    id: 'V3.2.1',
    requirement: 'Every sign-in creates a new session with new tokens, and a refresh cookie the browser already held is not carried into it (no fixation)',
    async test() {
      const victim = await register();
      const attacker = await register();
      const res = await client().post('/api/auth/login', { email: victim.email, password: PASSWORD }, { cookie: attacker.cookie });
      expect(res.status, show(res)).toBe(200);
      const cookie = refreshCookieOf(res.headers)!;
      expect(cookie).not.toBe(attacker.cookie);
      expect(cookie).not.toBe(victim.cookie);
      expect(claimsOf(res.body.accessToken).sid).not.toBe(claimsOf(victim.token).sid);
      // The attacker's cookie still names the attacker's own session, not the victim's.
      const theirs = await refresh(attacker.cookie);
      expect(theirs.status).toBe(200);
      expect(theirs.body.user.id).toBe(attacker.id);
    },
  },
  {
    id: 'V3.2.2',
    requirement: 'Refresh tokens carry at least 128 random bits (base64url, 43 characters: 256 bits) and never repeat',
    async test() {
      const account = await register();
      const seen = new Set<string>([account.cookie]);
      for (let i = 0; i < 10; i++) seen.add((await session(account)).cookie);
      expect(seen.size).toBe(11);
      for (const cookie of seen) expect(cookie.split('=')[1]).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    },
  },
  {
    id: 'V3.3.1',
    requirement: 'Logout ends the session: its refresh cookie and its access token are refused at once (401), and the cookie is cleared',
    async test() {
      const account = await register();
      const res = await client().post('/api/auth/logout', undefined, { cookie: account.cookie, token: account.token });
      expect(res.status, show(res)).toBe(204);
      expect(refreshSetCookie(res.headers)).toMatch(/^sb_refresh=;.*Max-Age=0/);
      expect((await refresh(account.cookie)).status).toBe(401);
      await expectRefused(account.token, 'the access token of a signed-out session');
    },
  },
  {
    id: 'V3.3.1',
    requirement: 'Refresh rotates the token; presenting a rotated one again is refused and revokes the whole session, newest token included',
    async test() {
      const account = await register();
      const first = await refresh(account.cookie);
      expect(first.status, show(first)).toBe(200);
      const rotated = refreshCookieOf(first.headers)!;
      expect(rotated).not.toBe(account.cookie);
      const replay = await refresh(account.cookie);
      expect(replay.status, show(replay)).toBe(401);
      expect((await refresh(rotated)).status, 'the newest token after a replay').toBe(401);
      await expectRefused(first.body.accessToken, 'an access token of a session revoked by a replay');
    },
  },
  {
    id: 'V3.3.1',
    requirement: 'One refresh token presented several times at once is honoured once',
    async test() {
      const account = await register();
      const answers = await Promise.all(Array.from({ length: 5 }, () => refresh(account.cookie)));
      expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
      expect(answers.every((a) => a.status === 200 || a.status === 401)).toBe(true);
    },
  },
  {
    id: 'V3.3.3',
    requirement: 'A password change signs out every other session (refresh and access tokens), and keeps the one that made it',
    async test() {
      const account = await register();
      const other = await session(account);
      const third = await session(account);
      const res = await client().post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'Brand-New-Horse-7' }, { token: account.token });
      expect(res.status, show(res)).toBe(204);
      for (const gone of [other, third]) {
        expect((await refresh(gone.cookie)).status).toBe(401);
        await expectRefused(gone.token, 'another session after a password change');
      }
      expect((await me(account.token)).status).toBe(200);
      expect((await refresh(account.cookie)).status).toBe(200);
    },
  },
  {
    id: 'V3.3.3',
    requirement: 'A password reset signs out every session of the account',
    async test() {
      const account = await register();
      const other = await session(account);
      await client().post('/api/auth/password/forgot', { email: account.email });
      await expect.poll(() => mailsTo(account.email).filter((m) => /reset/i.test(m.subject)).length, { timeout: 10_000 }).toBe(1);
      const token = linkToken(
        mailsTo(account.email).find((m) => /reset/i.test(m.subject))!,
        'reset-password',
      );
      const res = await client().post('/api/auth/password/reset', { token, newPassword: 'Reset-Horse-8!' });
      expect(res.status, show(res)).toBe(204);
      for (const gone of [account, other]) {
        expect((await refresh(gone.cookie)).status).toBe(401);
        await expectRefused(gone.token, 'a session after a password reset');
      }
    },
  },
  {
    id: 'V3.3.4',
    requirement: 'A user sees their sessions and can end another one (its tokens refused at once), but not another user’s (404)',
    async test() {
      const account = await register();
      const laptop = await session(account);
      const list = await client().get('/api/auth/sessions', { token: account.token });
      expect(list.status).toBe(200);
      expect(list.body.data.length).toBe(2);
      expect(list.body.data.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
      const laptopId = claimsOf(laptop.token).sid as string;
      const stranger = await register();
      const foreign = await client().delete(`/api/auth/sessions/${laptopId}`, { token: stranger.token });
      expect(foreign.status, show(foreign)).toBe(404);
      expect((await me(laptop.token)).status, 'a session another user tried to end').toBe(200);
      const ended = await client().delete(`/api/auth/sessions/${laptopId}`, { token: account.token });
      expect(ended.status, show(ended)).toBe(204);
      await expectRefused(laptop.token, 'an ended session');
      expect((await refresh(laptop.cookie)).status).toBe(401);
    },
  },
  {
    id: 'V3.4.1',
    requirement: 'Behind https (X-Forwarded-Proto: https) both session cookies carry Secure',
    async test() {
      const api = client();
      const email = `secure-${Date.now()}@example.test`;
      const res = await api.post('/api/auth/register', { email, password: PASSWORD, name: 'Secure' }, { headers: { 'x-forwarded-proto': 'https' } });
      expect(res.status, show(res)).toBe(201);
      for (const cookie of setCookies(res.headers)) expect(cookie, cookie.split('=')[0]).toMatch(/;\s*Secure(;|$)/);
    },
  },
  {
    id: 'V3.4.2',
    requirement:
      'The refresh cookie is HttpOnly, SameSite=Strict and scoped to Path=/api/auth (3.4.3, 3.4.5) wherever it is set: register, login, two-factor login, refresh',
    async test() {
      const account = await register();
      const twoFactor = await register();
      const { secret } = await enableTwoFactor(twoFactor);
      const api = client();
      const challenge = await api.post('/api/auth/login', { email: twoFactor.email, password: PASSWORD });
      const answers = {
        register: await client().post('/api/auth/register', { email: `cookie-${Date.now()}@example.test`, password: PASSWORD, name: 'Cookie' }),
        login: await client().post('/api/auth/login', { email: account.email, password: PASSWORD }),
        'login/2fa': await api.post('/api/auth/login/2fa', { mfaToken: challenge.body.mfaToken, code: totp(secret, 1) }),
        refresh: await refresh(account.cookie),
      };
      for (const [name, res] of Object.entries(answers)) {
        expect(res.status, `${name}: ${show(res)}`).toBeLessThan(300);
        const cookie = refreshSetCookie(res.headers);
        expect(cookie, name).toBeDefined();
        expect(cookie, name).toMatch(/;\s*HttpOnly(;|$)/);
        expect(cookie, name).toMatch(/;\s*SameSite=Strict(;|$)/);
        expect(cookie, name).toMatch(/;\s*Path=\/api\/auth(;|$)/);
        expect(cookie, name).not.toMatch(/;\s*Domain=/i);
        // The readable session hint beside it carries no secret.
        const hint = setCookies(res.headers).find((c) => c.startsWith('sb_session='));
        expect(hint, name).toMatch(/^sb_session=1;/);
      }
    },
  },
  {
    id: 'V3.5.3',
    requirement:
      'Forged access tokens are refused on reads and writes: alg none, a changed payload, another key, HS512, expired, not yet valid, wrong issuer or audience, a two-factor token, another user’s session',
    async test() {
      const account = await register();
      const other = await register();
      const secret = await jwtSecret();
      const now = Math.floor(Date.now() / 1000);
      const claims = claimsOf(account.token);
      const sign = (payload: Record<string, unknown>, alg = 'HS256', key = secret) => new SignJWT(payload).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);
      const valid = { ...claims, iat: now, exp: now + 600 };
      // The harness signs what the server signs: a well-formed token passes.
      expect((await me(await sign(valid))).status).toBe(200);
      const [header, payload, signature] = account.token.split('.') as [string, string, string];
      const forgeries: Record<string, string> = {
        'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`,
        'alg none with a signature': `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.${signature}`,
        'payload of another user, original signature': `${header}.${b64({ ...claims, sub: other.id })}.${signature}`,
        'signed with another key': await sign(valid, 'HS256', new TextEncoder().encode('x'.repeat(48))),
        'HS512 with the right key': await sign(valid, 'HS512'),
        expired: await sign({ ...valid, iat: now - 3600, exp: now - 1 }),
        'not yet valid': await sign({ ...valid, nbf: now + 600 }),
        'another issuer': await sign({ ...valid, iss: 'someone-else' }),
        'another audience': await sign({ ...valid, aud: 'another-api' }),
        'no expiry': await sign({ sub: claims.sub, sid: claims.sid, typ: 'access', iss: claims.iss, aud: claims.aud, iat: now }),
        'a two-factor challenge token': await sign({ ...valid, typ: 'mfa' }),
        'another user with this session': await sign({ ...valid, sub: other.id }),
        'a made-up session': await sign({ ...valid, sid: '00000000-0000-4000-8000-000000000000' }),
      };
      for (const [what, token] of Object.entries(forgeries)) await expectRefused(token, what);
    },
  },
  {
    id: 'V3.7.1',
    requirement:
      'Turning two-factor sign-in off needs the password and a current code (wrong either → 422, and it stays on); a new secret cannot replace the one in force',
    async test() {
      const account = await register();
      const { secret } = await enableTwoFactor(account);
      const replace = await client().post('/api/auth/2fa/setup', undefined, { token: account.token });
      expect(replace.status, show(replace)).toBe(409);
      const wrongPassword = await client().post('/api/auth/2fa/disable', { password: 'Not-The-One-1', code: totp(secret, 1) }, { token: account.token });
      expect(wrongPassword.status, show(wrongPassword)).toBe(422);
      const wrongCode = await client().post('/api/auth/2fa/disable', { password: PASSWORD, code: '000000' }, { token: account.token });
      expect(wrongCode.status, show(wrongCode)).toBe(422);
      const still = await client().get('/api/auth/me', { token: account.token });
      expect(still.body.user.twoFactorEnabled).toBe(true);
      const off = await client().post('/api/auth/2fa/disable', { password: PASSWORD, code: totp(secret, 1) }, { token: account.token });
      expect(off.status, show(off)).toBe(204);
      expect((await client().get('/api/auth/me', { token: account.token })).body.user.twoFactorEnabled).toBe(false);
    },
  },
  {
    id: 'V8.2.1',
    requirement: 'Answers that carry tokens or secrets are not cached: Cache-Control no-store on register, login, refresh, two-factor set-up and enable',
    async test() {
      const answers: Record<string, Awaited<ReturnType<typeof send<any>>>> = {};
      const api = client();
      const email = `nostore-${Date.now()}@example.test`;
      answers.register = await api.post('/api/auth/register', { email, password: PASSWORD, name: 'No Store' });
      const token = answers.register.body.accessToken as string;
      answers.login = await client().post('/api/auth/login', { email, password: PASSWORD });
      answers.refresh = await refresh(refreshCookieOf(answers.login.headers)!);
      answers['2fa/setup'] = await client().post('/api/auth/2fa/setup', undefined, { token });
      answers['2fa/enable'] = await client().post('/api/auth/2fa/enable', { code: totp(answers['2fa/setup'].body.secret) }, { token });
      for (const [name, res] of Object.entries(answers)) {
        expect(res.status, `${name}: ${show(res)}`).toBeLessThan(300);
        expect(res.headers.get('cache-control'), name).toMatch(/no-store/);
      }
    },
  },
];

const v3Gaps: AsvsRow[] = [
  {
    id: 'V3.3.2',
    requirement: 'Level 2: re-authentication after 12 hours, or after 30 minutes of inactivity',
    gap: 'a session (refresh-token family) lasts 30 days and has no idle timeout; access tokens last 15 minutes',
  },
  {
    id: 'V3.4.4',
    requirement: 'Session cookies use the __Host- prefix',
    gap: 'the refresh cookie is scoped to Path=/api/auth (3.4.5), which the __Host- prefix forbids (it needs Path=/)',
  },
];

export const v3: AsvsChapter = { chapter: 'V3 Session management', file: 'tests/security/asvs-v3.test.ts', rows: [...v3Rows, ...v3Gaps] };
