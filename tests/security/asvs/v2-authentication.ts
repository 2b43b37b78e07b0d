// ASVS 4.0 V2 Authentication: the password policy, anti-automation without lockout, no account enumeration,
// credential storage, the reset link and two-factor sign-in (TOTP and recovery codes).
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { allEndpoints } from '../../../contracts/registry.js';
import {
  PASSWORD,
  client,
  codeOf,
  enableTwoFactor,
  linkToken,
  mailTo,
  mailsTo,
  passTime,
  awayFromWindowEnd,
  windowNumber,
  query,
  refreshCookieOf,
  register,
  secondsLeft,
  show,
  signIn,
  sql,
  totp,
  uniqueEmail,
  type Account,
  type AsvsChapter,
  type AsvsRow,
  type Client,
} from '../support.js';
import type { ApiResponse } from '../../support/http.js';

/**
 * Connections a burst keeps open at once: enough that requests race for the same counter, few enough that the
 * server's listen backlog never overflows (a burst of thousands of sockets is reset by the kernel instead).
 */
const BURST_CONNECTIONS = 100;

/** Runs `task` `count` times with at most `width` in flight, answering the results in order. */
async function concurrently<T>(count: number, width: number, task: () => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, lane));
  return results;
}

const sha256hex = (value: string) => createHash('sha256').update(value).digest('hex');

/** A wrong password for an email, from a client. */
const wrongLogin = (api: Client, email: string) => api.post('/api/auth/login', { email, password: 'Wrong-Horse-1' });

/** Sends wrong passwords from `api` until one is refused with 429 (at most `max`); the number answered 401. */
async function guessUntilLimited(api: Client, email: string, max = 50): Promise<{ checked: number; limited: Awaited<ReturnType<typeof wrongLogin>> }> {
  let checked = 0;
  for (let i = 0; i < max; i++) {
    const res = await wrongLogin(api, email);
    if (res.status === 429) return { checked, limited: res };
    expect(res.status, show(res)).toBe(401);
    checked += 1;
  }
  throw new Error(`${max} wrong passwords for one email were never limited`);
}

/** Median of the durations (ms) of `runs` calls. */
async function medianMs(calls: (() => Promise<unknown>)[]): Promise<number[]> {
  const times: number[] = [];
  for (const call of calls) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  return times;
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Asks for a reset link for the account and returns its token (from the newest reset mail). */
async function resetToken(account: Pick<Account, 'email'>, api: Client = client()): Promise<string> {
  const resets = () => mailsTo(account.email).filter((m) => /reset/i.test(m.subject));
  const before = resets().length;
  const res = await api.post('/api/auth/password/forgot', { email: account.email });
  expect(res.status, show(res)).toBe(204);
  await expect.poll(() => resets().length, { timeout: 10_000 }).toBeGreaterThan(before);
  return linkToken(resets()[0]!, 'reset-password');
}

/** Asserts an answer is a refusal of the password field with 422. */
function expectPasswordRefused(res: { status: number; body: any }, field = 'password') {
  expect(res.status, show(res as never)).toBe(422);
  expect(res.body.error.code).toBe('validation_failed');
  expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
}

export const v2Rows: AsvsRow[] = [
  {
    id: 'V2.1.1',
    requirement: 'A password shorter than the policy minimum (8 characters, API.md) is refused at registration and at password change',
    async test() {
      expectPasswordRefused(await client().post('/api/auth/register', { email: uniqueEmail(), password: 'Ab1!xyz', name: 'Short' }));
      const account = await register();
      const change = await account.api.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'Ab1!xyz' }, { token: account.token });
      expectPasswordRefused(change, 'newPassword');
    },
  },
  {
    id: 'V2.1.2',
    requirement: 'Passwords of 64 characters and more (up to 72 bytes) are permitted and sign in',
    async test() {
      for (const password of ['Aa1!' + 'x'.repeat(60), 'Aa1!' + 'y'.repeat(68)]) {
        const account = await register({ password });
        await signIn(account);
      }
    },
  },
  {
    id: 'V2.1.3',
    requirement:
      'Passwords may contain spaces, and nothing is truncated: over 72 bytes is refused (422), and a 72-byte password differing in its last byte does not sign in',
    async test() {
      const spaced = await register({ password: 'Correct Horse  Battery 9!' });
      await signIn(spaced);
      expectPasswordRefused(await client().post('/api/auth/register', { email: uniqueEmail(), password: 'Aa1!' + 'x'.repeat(69), name: 'Long' }));
      expectPasswordRefused(await client().post('/api/auth/register', { email: uniqueEmail(), password: 'Aa1!' + 'é'.repeat(35), name: 'Long' }));
      const password = 'Aa1!' + 'z'.repeat(68);
      const exact = await register({ password });
      const almost = await client().post('/api/auth/login', { email: exact.email, password: password.slice(0, 71) + 'q' });
      expect(almost.status, show(almost)).toBe(401);
    },
  },
  {
    id: 'V2.1.4',
    requirement: 'Unicode passwords (accents, CJK, emoji) are permitted and sign in with exactly the same characters',
    async test() {
      for (const password of ['Pässwörd-Ünïcödé-9', '密码很长的口令Aa1!', '🔑🔐Aa1!🗝️x']) {
        const account = await register({ password });
        await signIn(account);
      }
    },
  },
  {
    id: 'V2.1.5',
    requirement: 'A user can change the password: the new one signs in, the old one no longer does',
    async test() {
      const account = await register();
      const res = await account.api.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'Brand-New-Horse-7' }, { token: account.token });
      expect(res.status, show(res)).toBe(204);
      await signIn({ email: account.email, password: 'Brand-New-Horse-7' });
      expect((await client().post('/api/auth/login', { email: account.email, password: PASSWORD })).status).toBe(401);
    },
  },
  {
    id: 'V2.1.6',
    requirement: 'Changing the password needs the current password: missing → 422, wrong → 422, and the password stays as it was',
    async test() {
      const account = await register();
      const missing = await account.api.post('/api/auth/password', { newPassword: 'Brand-New-Horse-7' }, { token: account.token });
      expectPasswordRefused(missing, 'currentPassword');
      const wrong = await account.api.post(
        '/api/auth/password',
        { currentPassword: 'Not-The-One-1', newPassword: 'Brand-New-Horse-7' },
        { token: account.token },
      );
      expectPasswordRefused(wrong, 'currentPassword');
      await signIn(account);
    },
  },
  {
    id: 'V2.1.7',
    requirement: 'Common passwords that pass the character rules are refused at registration, password change and reset (422)',
    async test() {
      for (const password of ['Password1!', 'P@ssw0rd1', 'Welcome123!', 'Summer2026!']) {
        expectPasswordRefused(await client().post('/api/auth/register', { email: uniqueEmail(), password, name: 'Common' }));
      }
      const account = await register();
      expectPasswordRefused(
        await account.api.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'Qwerty123!' }, { token: account.token }),
        'newPassword',
      );
      const token = await resetToken(account);
      expectPasswordRefused(await client().post('/api/auth/password/reset', { token, newPassword: 'Letmein1!' }), 'newPassword');
    },
  },
  {
    id: 'V2.2.1',
    requirement:
      'Every public endpoint of the registry declares its per-address limit, and after that many requests from one address (sent at once) answers 429',
    timeout: 120_000,
    async test() {
      const publicEndpoints = allEndpoints().filter(({ endpoint }) => endpoint.access === 'public');
      const undeclared = publicEndpoints.filter(({ endpoint }) => endpoint.rateLimit === undefined).map(({ id }) => id);
      expect(undeclared, 'public endpoints without a declared rateLimit').toEqual([]);
      for (const { id, endpoint } of publicEndpoints) {
        if (!endpoint.rateLimit) continue;
        const path = endpoint.path.replace(/:(\w+)/g, () => 'A'.repeat(43));
        const { limit, windowSeconds } = endpoint.rateLimit;
        // The whole burst must fall in one fixed window: it starts away from the window's end, and a burst that
        // still crossed into the next window (a slow machine, a limit in thousands) is sent again from a new
        // address, at most twice more.
        let burst: ApiResponse[] = [];
        for (let attempt = 0; attempt < 3; attempt++) {
          const api = client();
          await awayFromWindowEnd(windowSeconds, 15);
          const window = await windowNumber(windowSeconds);
          // An empty JSON object fails every body schema, so nothing happens but the counting.
          burst = await concurrently(limit + 5, BURST_CONNECTIONS, () => api.request(endpoint.method, path, endpoint.body ? { json: {} } : {}));
          if ((await windowNumber(windowSeconds)) === window) break;
        }
        const passed = burst.filter((r) => r.status !== 429);
        expect(passed.length, `${id}: answers other than 429 in a burst of ${burst.length}`).toBe(limit);
        expect(
          passed.every((r) => r.status < 500),
          id,
        ).toBe(true);
      }
    },
  },
  {
    id: 'V2.2.1',
    requirement: 'Retry-After is the real wait: the seconds until the limiting window ends (registration per address: about an hour, not 1)',
    async test() {
      const api = client();
      let limited;
      for (let i = 0; i < 20 && !limited; i++) {
        const res = await api.post('/api/auth/register', { email: uniqueEmail(), password: PASSWORD, name: 'Many' });
        if (res.status === 429) limited = res;
      }
      expect(limited, 'registrations from one address were never limited').toBeDefined();
      expect(codeOf(limited!)).toBe('rate_limited');
      const left = await secondsLeft('POST /api/auth/register', api.address!);
      expect(left).not.toBeNull();
      const retryAfter = Number(limited!.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
      expect(Math.abs(retryAfter - Math.ceil(left!)), `Retry-After ${retryAfter} vs ${left} s left in the window`).toBeLessThanOrEqual(2);
    },
  },
  {
    id: 'V2.2.1',
    requirement: 'Wrong passwords are limited under concurrency: a burst for one email checks no more passwords than sequential attempts may',
    timeout: 60_000,
    async test() {
      const sequential = await register();
      const { checked: allowed, limited } = await guessUntilLimited(client(), sequential.email);
      expect(allowed).toBeGreaterThan(0);
      // The per-email back-off: Retry-After is the time left until the next attempt may start.
      const left = await secondsLeft('login:backoff', sequential.email);
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(left).not.toBeNull();
      expect(Math.abs(retryAfter - Math.ceil(left!)), `Retry-After ${retryAfter} vs ${left} s left`).toBeLessThanOrEqual(2);

      const target = await register();
      const api = client();
      const burst = await Promise.all(Array.from({ length: allowed * 4 }, () => wrongLogin(api, target.email)));
      const checked = burst.filter((r) => r.status === 401).length;
      expect(
        burst.every((r) => r.status === 401 || r.status === 429),
        burst.map((r) => r.status).join(','),
      ).toBe(true);
      expect(checked, `passwords checked in a burst of ${burst.length}`).toBeLessThanOrEqual(allowed);
    },
  },
  {
    id: 'V2.2.1',
    requirement:
      'No lockout by a stranger: after a stranger’s wrong passwords, the owner signing in from another address waits at most 60 s, while the stranger stays limited',
    timeout: 120_000,
    async test() {
      const owner = await register();
      const stranger = client();
      // The stranger's per-address limit (15-minute windows) must outlast the owner's wait.
      await awayFromWindowEnd(15 * 60, 70);
      for (let i = 0; i < 12; i++) {
        const res = await wrongLogin(stranger, owner.email);
        expect([401, 429], show(res)).toContain(res.status);
      }
      const home = client();
      const first = await home.post('/api/auth/login', { email: owner.email, password: PASSWORD });
      if (first.status === 429) {
        const wait = Number(first.headers.get('retry-after'));
        expect(wait, 'the owner’s wait').toBeGreaterThanOrEqual(1);
        expect(wait, 'the owner’s wait').toBeLessThanOrEqual(60);
        await passTime(wait);
      } else {
        expect(first.status, show(first)).toBe(200);
      }
      const later = await home.post('/api/auth/login', { email: owner.email, password: PASSWORD });
      expect(later.status, show(later)).toBe(200);
      // The owner's success elsewhere does not lift the stranger's own limit.
      const again = await wrongLogin(stranger, owner.email);
      expect(again.status, show(again)).toBe(429);
    },
  },
  {
    id: 'V2.2.1',
    requirement:
      'No lockout by a stranger who keeps guessing from one address: attempts already refused for that address do not keep the owner out a minute later',
    timeout: 120_000,
    async test() {
      const owner = await register();
      const stranger = client();
      const home = client();
      // The stranger's per-address limit (15-minute windows) must not happen to start afresh within the simulated minute.
      await awayFromWindowEnd(15 * 60, 70);
      // Minute 1: the stranger guesses until his address is refused for this email (10 attempts per 15 minutes;
      // those the account's back-off refused count against his address too).
      for (let i = 0; i < 12; i++) await wrongLogin(stranger, owner.email);
      const blocked = await home.post('/api/auth/login', { email: owner.email, password: PASSWORD });
      if (blocked.status === 429) expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      await passTime(60);
      // Minute 2: he goes on from the same address (refused there by now), and the owner tries again.
      for (let i = 0; i < 7; i++) {
        const res = await wrongLogin(stranger, owner.email);
        expect([401, 429]).toContain(res.status);
      }
      const res = await home.post('/api/auth/login', { email: owner.email, password: PASSWORD });
      expect(res.status, `the owner, a minute after the stranger was stopped: ${show(res)}`).toBe(200);
    },
  },
  {
    id: 'V2.2.1',
    requirement: 'No more than 100 failed sign-ins per hour on one account, however many addresses the attempts come from',
    timeout: 120_000,
    async test() {
      const target = await register();
      let failed = 0;
      // An hour, minute by minute: each minute the attacker uses fresh addresses until the account's limit stops him.
      for (let minute = 0; minute < 60 && failed <= 100; minute++) {
        for (let attempt = 0; attempt < 20; attempt++) {
          const res = await wrongLogin(client(), target.email);
          if (res.status === 429) break;
          expect(res.status, show(res)).toBe(401);
          failed += 1;
        }
        await passTime(60);
      }
      expect(failed, 'passwords checked for one account within an hour').toBeLessThanOrEqual(100);
    },
  },
  {
    id: 'V2.2.1',
    requirement: 'Second-factor codes are limited like passwords: repeated wrong codes for one account are refused with 429',
    async test() {
      const account = await register();
      await enableTwoFactor(account);
      const api = client();
      const challenge = await api.post('/api/auth/login', { email: account.email, password: PASSWORD });
      expect(challenge.body.mfaRequired, show(challenge)).toBe(true);
      let limited = false;
      for (let i = 0; i < 15 && !limited; i++) {
        const res = await api.post('/api/auth/login/2fa', { mfaToken: challenge.body.mfaToken, code: String(100000 + i) });
        if (res.status === 429) limited = true;
        else expect(res.status, show(res)).toBe(422);
      }
      expect(limited, '15 wrong codes were never limited').toBe(true);
    },
  },
  {
    id: 'V2.2.1',
    requirement: 'Guesses at the current password (password change) are limited per account (429)',
    async test() {
      const account = await register();
      let limited = false;
      for (let i = 0; i < 12 && !limited; i++) {
        const res = await client().post(
          '/api/auth/password',
          { currentPassword: `Guess-${i}-Horse!`, newPassword: 'Brand-New-Horse-7' },
          { token: account.token },
        );
        if (res.status === 429) limited = true;
        else expect(res.status, show(res)).toBe(422);
      }
      expect(limited).toBe(true);
    },
  },
  {
    id: 'V2.2.1',
    requirement: 'Forgot-password is limited per email (whatever the address) and per address (whatever the email)',
    async test() {
      const account = await register();
      const perEmail = [];
      for (let i = 0; i < 8; i++) perEmail.push((await client().post('/api/auth/password/forgot', { email: account.email })).status);
      expect(perEmail, 'one email from many addresses').toContain(429);
      expect(perEmail.filter((s) => s === 204).length).toBeGreaterThan(0);
      const api = client();
      const perAddress = [];
      for (let i = 0; i < 15; i++) perAddress.push((await api.post('/api/auth/password/forgot', { email: uniqueEmail() })).status);
      expect(perAddress, 'many emails from one address').toContain(429);
    },
  },
  {
    id: 'V2.2.3',
    requirement: 'A password change and a password reset each send the account a “password changed” mail, with no password in it',
    async test() {
      const account = await register();
      const newPassword = 'Brand-New-Horse-7';
      await account.api.post('/api/auth/password', { currentPassword: PASSWORD, newPassword }, { token: account.token });
      const changed = await mailTo(account.email, /password was changed/i);
      expect(changed.text).not.toContain(newPassword);
      expect(changed.html).not.toContain(newPassword);
      const token = await resetToken(account);
      const reset = await client().post('/api/auth/password/reset', { token, newPassword: 'Reset-Horse-8!' });
      expect(reset.status, show(reset)).toBe(204);
      await expect.poll(() => mailsTo(account.email).filter((m) => /password was changed/i.test(m.subject)).length, { timeout: 10_000 }).toBe(2);
      expect(mailsTo(account.email).some((m) => m.text.includes('Reset-Horse-8!'))).toBe(false);
    },
  },
  {
    id: 'V2.2.4',
    requirement: 'Unexpected authentication data is checked, not ignored: a sign-in with an extra field (e.g. a code) is refused with 422',
    async test() {
      const account = await register();
      const res = await client().post('/api/auth/login', { email: account.email, password: PASSWORD, code: '123456' });
      expect(res.status, show(res)).toBe(422);
    },
  },
  {
    id: 'V2 · WSTG-IDNT-04',
    requirement: 'Sign-in does not reveal accounts: an unknown email and a wrong password get the same status and body, in comparable time',
    async test() {
      const accounts = [await register(), await register(), await register()];
      const unknown = () => wrongLogin(client(), uniqueEmail('nobody'));
      const known = (i: number) => () => wrongLogin(client(), accounts[i % accounts.length]!.email);
      const [a, b] = [await unknown(), await known(0)()];
      expect(a.status).toBe(401);
      expect(b.status).toBe(401);
      expect(a.body).toEqual(b.body);
      expect(codeOf(a)).toBe('invalid_credentials');
      const calls: (() => Promise<unknown>)[] = [];
      for (let i = 0; i < 6; i++) calls.push(unknown, known(i));
      const times = await medianMs(calls);
      const unknownMs = median(times.filter((_, i) => i % 2 === 0));
      const knownMs = median(times.filter((_, i) => i % 2 === 1));
      // A skipped password hash for unknown emails answers in a fraction of the time.
      expect(unknownMs, `unknown ${unknownMs.toFixed(1)} ms vs known ${knownMs.toFixed(1)} ms`).toBeGreaterThan(knownMs * 0.5);
    },
  },
  {
    id: 'V2 · WSTG-IDNT-04',
    requirement: 'Forgot-password does not reveal accounts: 204 with the same (empty) answer and comparable time for known and unknown emails',
    async test() {
      const accounts = await Promise.all(Array.from({ length: 5 }, () => register()));
      const calls: (() => Promise<{ status: number; body: unknown }>)[] = [];
      for (let i = 0; i < 5; i++) {
        calls.push(
          () => client().post('/api/auth/password/forgot', { email: uniqueEmail('nobody') }),
          () => client().post('/api/auth/password/forgot', { email: accounts[i]!.email }),
        );
      }
      const answers: { status: number; body: unknown }[] = [];
      const times = await medianMs(calls.map((call) => async () => answers.push(await call())));
      for (const answer of answers) {
        expect(answer.status).toBe(204);
        expect(answer.body).toBe('');
      }
      const unknownMs = median(times.filter((_, i) => i % 2 === 0));
      const knownMs = median(times.filter((_, i) => i % 2 === 1));
      expect(knownMs, `known ${knownMs.toFixed(1)} ms vs unknown ${unknownMs.toFixed(1)} ms`).toBeLessThan(unknownMs * 1.5 + 30);
      // The known ones did get their mail (after the answer).
      await mailTo(accounts[4]!.email, /reset/i);
    },
  },
  {
    id: 'V2.4.1',
    requirement: 'Passwords are stored only as bcrypt hashes with a work factor of at least 10 (2.4.4), never in clear',
    async test() {
      const password = 'Stored-Horse-3!';
      const account = await register({ password });
      const [row] = await query<{ password_hash: string }>(sql`select password_hash from users where id = ${account.id}`);
      expect(row!.password_hash).toMatch(/^\$2[aby]\$(\d\d)\$/);
      expect(Number(/^\$2[aby]\$(\d\d)\$/.exec(row!.password_hash)![1])).toBeGreaterThanOrEqual(10);
      const [clear] = await query<{ n: number }>(sql`select count(*)::int as n from users u where u::text like ${'%' + password + '%'}`);
      expect(clear!.n).toBe(0);
    },
  },
  {
    id: 'V2.4.2',
    requirement: 'Each password hash has its own salt: the same password gives different hashes',
    async test() {
      const [a, b] = [await register({ password: 'Same-Horse-4!' }), await register({ password: 'Same-Horse-4!' })];
      const rows = await query<{ password_hash: string }>(sql`select password_hash from users where id in (${a.id}, ${b.id})`);
      expect(rows).toHaveLength(2);
      expect(rows[0]!.password_hash).not.toBe(rows[1]!.password_hash);
      expect(rows[0]!.password_hash.slice(7, 29)).not.toBe(rows[1]!.password_hash.slice(7, 29));
    },
  },
  {
    id: 'V2.5.4',
    requirement: 'No default or demo accounts exist: the demo logins do not sign in to a fresh deployment',
    async test() {
      for (const email of ['owner@demo.switchboard.dev', 'admin@demo.switchboard.dev', 'admin@example.com']) {
        const res = await client().post('/api/auth/login', { email, password: 'Switchboard!2026' });
        expect(res.status, `${email}: ${show(res)}`).toBe(401);
      }
    },
  },
  {
    id: 'V2.5.6',
    requirement: 'A reset link works once: the password is set, the same link again answers 410 gone',
    async test() {
      const account = await register();
      const token = await resetToken(account);
      const first = await client().post('/api/auth/password/reset', { token, newPassword: 'Reset-Horse-8!' });
      expect(first.status, show(first)).toBe(204);
      const second = await client().post('/api/auth/password/reset', { token, newPassword: 'Other-Horse-8!' });
      expect(second.status, show(second)).toBe(410);
      expect(codeOf(second)).toBe('gone');
      await signIn({ email: account.email, password: 'Reset-Horse-8!' });
    },
  },
  {
    id: 'V2.5.6',
    requirement: 'Only the newest reset link works: an earlier one answers 410 once a newer one was sent',
    async test() {
      const account = await register();
      const older = await resetToken(account);
      const newer = await resetToken(account);
      expect(newer).not.toBe(older);
      const stale = await client().post('/api/auth/password/reset', { token: older, newPassword: 'Reset-Horse-8!' });
      expect(stale.status, show(stale)).toBe(410);
      const fresh = await client().post('/api/auth/password/reset', { token: newer, newPassword: 'Reset-Horse-8!' });
      expect(fresh.status, show(fresh)).toBe(204);
    },
  },
  {
    id: 'V2.5.6',
    requirement: 'A reset link expires after 30 minutes: it is issued for at most 30 minutes, and a link 31 minutes old answers 410',
    async test() {
      const account = await register();
      const token = await resetToken(account);
      const [row] = await query<{ ttl: number }>(
        sql`select extract(epoch from expires_at - created_at)::float8 as ttl from account_tokens where token_hash = ${sha256hex(token)}`,
      );
      expect(row, 'the reset token is stored as its SHA-256 hash').toBeDefined();
      expect(Number(row!.ttl)).toBeLessThanOrEqual(30 * 60);
      // 31 minutes pass.
      await query(
        sql`update account_tokens set created_at = created_at - interval '31 minutes', expires_at = expires_at - interval '31 minutes' where token_hash = ${sha256hex(token)}`,
      );
      const res = await client().post('/api/auth/password/reset', { token, newPassword: 'Reset-Horse-8!' });
      expect(res.status, show(res)).toBe(410);
      await signIn(account);
    },
  },
  {
    id: 'V2.7.5',
    requirement:
      'Link tokens (verify email, reset, invitation), refresh tokens and recovery codes are random (≥ 128 bits) and stored only as hashes: no raw token in the database',
    async test() {
      const account = await register();
      const verifyToken = linkToken(await mailTo(account.email, /confirm your email/i), 'verify-email');
      const reset = await resetToken(account);
      const workspace = await account.api.post('/api/workspaces', { name: 'Hashes' }, { token: account.token });
      const invitee = uniqueEmail('invitee');
      await account.api.post(`/api/workspaces/${workspace.body.id}/members`, { email: invitee, role: 'agent' }, { token: account.token });
      const inviteToken = linkToken(await mailTo(invitee, /./), 'invite');
      const refresh = account.cookie.split('=')[1]!;
      const { recoveryCodes } = await enableTwoFactor(account);
      const raw = [verifyToken, reset, inviteToken, refresh];
      for (const token of raw) expect(token.length, 'base64url characters (6 bits each)').toBeGreaterThanOrEqual(22);
      const stored = async () => {
        const rows = await query<{ row: string }>(sql`
          select t::text as row from account_tokens t
          union all select i::text from invitations i
          union all select r::text from refresh_tokens r
          union all select c::text from recovery_codes c
          union all select s::text from sessions s
          union all select o::text from outbox o`);
        return rows.map((r) => r.row).join('\n');
      };
      const secrets = [...raw, ...recoveryCodes, ...recoveryCodes.map((c) => c.replace('-', ''))];
      // A mail waits in the outbox with its link until the relay takes it; once sent, only its address is kept.
      let text = '';
      await expect
        .poll(
          async () => {
            text = await stored();
            return secrets.filter((secret) => text.includes(secret));
          },
          { timeout: 10_000 },
        )
        .toEqual([]);
      for (const token of raw) expect(text, 'the hash of each token is what is stored').toContain(sha256hex(token));
    },
  },
  {
    id: 'V2.8.4',
    requirement: 'A TOTP code is accepted once: the code used to turn 2FA on, or to sign in, is refused the next time (422)',
    async test() {
      const account = await register();
      const { secret } = await enableTwoFactor(account);
      const api = client();
      const challenge = async () => {
        const res = await api.post('/api/auth/login', { email: account.email, password: PASSWORD });
        expect(res.status, show(res)).toBe(200);
        expect(res.body).toEqual({ mfaRequired: true, mfaToken: expect.any(String) });
        expect(refreshCookieOf(res.headers), 'no session before the second factor').toBeNull();
        return res.body.mfaToken as string;
      };
      const reused = await api.post('/api/auth/login/2fa', { mfaToken: await challenge(), code: totp(secret) });
      expect(reused.status, `the code that enabled 2FA, again: ${show(reused)}`).toBe(422);
      const next = totp(secret, 1);
      const ok = await api.post('/api/auth/login/2fa', { mfaToken: await challenge(), code: next });
      expect(ok.status, show(ok)).toBe(200);
      expect(refreshCookieOf(ok.headers)).not.toBeNull();
      const replay = await api.post('/api/auth/login/2fa', { mfaToken: await challenge(), code: next });
      expect(replay.status, show(replay)).toBe(422);
    },
  },
  {
    id: 'V2.8.4',
    requirement: 'A TOTP code sent twice at once signs in once',
    async test() {
      const account = await register();
      const { secret } = await enableTwoFactor(account);
      const tokens = await Promise.all(
        [client(), client()].map(async (api) => (await api.post('/api/auth/login', { email: account.email, password: PASSWORD })).body.mfaToken as string),
      );
      const code = totp(secret, 1);
      const answers = await Promise.all(tokens.map((mfaToken) => client().post('/api/auth/login/2fa', { mfaToken, code })));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 422]);
    },
  },
  {
    id: 'V2.8.4',
    requirement: 'The two-factor challenge token is not a session: as a Bearer token it is refused (401), and it is needed to finish sign-in',
    async test() {
      const account = await register();
      const { secret } = await enableTwoFactor(account);
      const challenge = await client().post('/api/auth/login', { email: account.email, password: PASSWORD });
      const me = await client().get('/api/auth/me', { token: challenge.body.mfaToken });
      expect(me.status, show(me)).toBe(401);
      const forged = await client().post('/api/auth/login/2fa', { mfaToken: account.token, code: totp(secret, 1) });
      expect(forged.status, `an access token as the challenge: ${show(forged)}`).toBe(401);
    },
  },
  {
    id: 'V2.6.1',
    requirement: 'A recovery code signs in once; the same code again is refused (422), another one still works',
    async test() {
      const account = await register();
      const { recoveryCodes } = await enableTwoFactor(account);
      expect(recoveryCodes).toHaveLength(10);
      expect(new Set(recoveryCodes).size).toBe(10);
      const signInWith = async (recoveryCode: string) => {
        const api = client();
        const challenge = await api.post('/api/auth/login', { email: account.email, password: PASSWORD });
        return api.post('/api/auth/login/2fa', { mfaToken: challenge.body.mfaToken, recoveryCode });
      };
      expect((await signInWith(recoveryCodes[0]!)).status).toBe(200);
      const again = await signInWith(recoveryCodes[0]!.toUpperCase());
      expect(again.status, show(again)).toBe(422);
      expect((await signInWith(recoveryCodes[1]!)).status).toBe(200);
    },
  },
];

/** Level 2 requirements Switchboard does not meet as specified, stated so the table shows them. */
const v2Gaps: AsvsRow[] = [
  {
    id: 'V2.1.1',
    requirement: 'User-set passwords are at least 12 characters long',
    gap: 'API.md sets the minimum at 8 characters (with composition rules); raising it is a product decision',
  },
  {
    id: 'V2.1.9',
    requirement: 'No composition rules (upper, lower, digit, symbol)',
    gap: 'API.md requires an upper-case letter, a lower-case letter, a digit and a symbol',
  },
  {
    id: 'V2.5.5',
    requirement: 'The user is notified when an authentication factor changes',
    gap: 'password changes and resets send a mail; turning two-factor sign-in on or off sends none',
  },
  {
    id: 'V2.6.2',
    requirement: 'Lookup secrets (recovery codes) have 112 bits of entropy, or are hashed with a unique salt',
    gap: 'recovery codes are 10 characters of a 31-letter alphabet (about 49 bits), stored as unsalted SHA-256',
  },
];

export const v2: AsvsChapter = { chapter: 'V2 Authentication', file: 'tests/security/asvs-v2.test.ts', rows: [...v2Rows, ...v2Gaps] };
