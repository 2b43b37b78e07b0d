// What the security suite shares: the ASVS row type, the app of the running test file, clients that come from a
// chosen client address (X-Forwarded-For, believed only because the suite starts the app with TRUST_PROXY=1), and
// fixtures built through the public API only (accounts, verified emails, invitations accepted from their mailed
// link, two-factor set-up with codes computed here).
import { createHash, randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import type { ApiResponse, RequestOptions } from '../support/http.js';

/** One OWASP ASVS 4.0 requirement as this suite checks it. */
export interface AsvsRow {
  /** The ASVS 4.0.3 requirement number, e.g. `V2.2.1`. */
  id: string;
  /** What Switchboard does to meet it, as the test asserts it. */
  requirement: string;
  /** The check; rows without one are proven by the suite named in `coveredBy`. */
  test?: () => Promise<void>;
  /** Another test file that proves the row (e.g. the registry-driven access matrix). */
  coveredBy?: string;
  /** A requirement Switchboard does not meet (yet): why, for the table. Such a row has no check. */
  gap?: string;
  /** The check's time limit in ms, when it needs more than the project's default. */
  timeout?: number;
}

/** A chapter of the table and the test file that runs its rows. */
export interface AsvsChapter {
  chapter: string;
  file: string;
  rows: AsvsRow[];
}

/** Declares one `it()` per row that has a check, named by the requirement, in a describe block for the chapter. */
export function runChapter({ chapter, rows }: AsvsChapter): void {
  describe(chapter, () => {
    for (const row of rows) if (row.test) it(`${row.id}: ${row.requirement}`, row.test, row.timeout);
  });
}

export const PASSWORD = 'Correct-Horse-9';

interface Running {
  app: TestApp;
}
let running: Running | undefined;

/** The app of the running test file (started by `useSecurityApp`). */
export function app(): TestApp {
  if (!running) throw new Error('useSecurityApp() did not start the app');
  return running.app;
}

/**
 * Starts the app for this test file, before its tests, with the given TRUST_PROXY: 1 (one proxy in front, so the
 * right-most X-Forwarded-For entry is the client, which lets a test speak from many addresses) or unset (the
 * socket's address, whatever the header says). The server environment is read once per process (vitest's forks
 * pool gives every test file its own), so the setting is checked, not assumed.
 */
export function useSecurityApp(options: { trustProxy: '1' | undefined }): void {
  const setTrustProxy = () => {
    if (options.trustProxy === undefined) delete process.env.TRUST_PROXY;
    else process.env.TRUST_PROXY = options.trustProxy;
  };
  beforeAll(async () => {
    const { startTestApp } = await import('../support/app.js');
    const { serverEnv } = await import('../../api/_lib/env.js');
    const started = await startTestApp();
    // startTestApp() declares one trusted proxy for every API test; the server reads the variable at its first
    // request, so this file's own setting still applies.
    setTrustProxy();
    running = { app: started };
    expect(serverEnv().trustProxy, 'the server environment was read before this file set TRUST_PROXY').toBe(Number(options.trustProxy ?? 0));
  });
  afterAll(async () => {
    await running?.app.close();
    running = undefined;
  });
}

let addressCounter = 0;
/** A client address of its own (198.18.0.0/15, the benchmarking range), unique in this process. */
export function newAddress(): string {
  addressCounter += 1;
  return `198.${18 + ((addressCounter >> 16) & 1)}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
}

export interface Client {
  /** The address this client's requests come from (null: none claimed, the socket's). */
  address: string | null;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  get<T = any>(path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  post<T = any>(path: string, json?: unknown, options?: RequestOptions): Promise<ApiResponse<T>>;
  patch<T = any>(path: string, json?: unknown, options?: RequestOptions): Promise<ApiResponse<T>>;
  put<T = any>(path: string, json?: unknown, options?: RequestOptions): Promise<ApiResponse<T>>;
  delete<T = any>(path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
}

/** Sends one request and reads the answer (JSON parsed when it says it is JSON, else text). */
export async function send<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = options.cookie;
  let body: string | Buffer | undefined;
  if (options.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.raw !== undefined) body = options.raw;
  const res = await fetch(app().url + path, { method, headers, body: body as BodyInit | undefined, redirect: 'manual' });
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: parsed as T };
}

/** A client whose every request claims `address` in X-Forwarded-For (a new one by default; null claims none). */
export function client(address: string | null = newAddress()): Client {
  const request = <T = any>(method: string, path: string, options: RequestOptions = {}) =>
    send<T>(method, path, { ...options, headers: { ...(address ? { 'x-forwarded-for': address } : {}), ...options.headers } });
  return {
    address,
    request,
    get: (path, o) => request('GET', path, o),
    post: (path, json, o) => request('POST', path, { ...o, json }),
    patch: (path, json, o) => request('PATCH', path, { ...o, json }),
    put: (path, json, o) => request('PUT', path, { ...o, json }),
    delete: (path, o) => request('DELETE', path, o),
  };
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.test`;
}

/** The refresh cookie of an answer as a `name=value` pair (null when the answer set none). */
export function refreshCookieOf(headers: Headers): string | null {
  const set = headers.getSetCookie().find((c) => c.startsWith('sb_refresh='));
  return set ? set.split(';')[0]! : null;
}

export interface Account {
  id: string;
  email: string;
  name: string;
  password: string;
  token: string;
  /** `sb_refresh=…` */
  cookie: string;
  /** The client this account signed up from. */
  api: Client;
}

/** Registers an account (from an address of its own) and returns it signed in. */
export async function register(input: { email?: string; name?: string; password?: string; invitationToken?: string; api?: Client } = {}): Promise<Account> {
  const api = input.api ?? client();
  const email = input.email ?? uniqueEmail();
  const password = input.password ?? PASSWORD;
  const body = { email, password, name: input.name ?? 'Test User', ...(input.invitationToken ? { invitationToken: input.invitationToken } : {}) };
  const res = await api.post('/api/auth/register', body);
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.user.id, email, name: res.body.user.name, password, token: res.body.accessToken, cookie: refreshCookieOf(res.headers)!, api };
}

/** Signs in again (a new session) from the given client. */
export async function signIn(account: Pick<Account, 'email' | 'password'>, api: Client = client()): Promise<{ token: string; cookie: string }> {
  const res = await api.post('/api/auth/login', { email: account.email, password: account.password });
  if (res.status !== 200 || !res.body.accessToken) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: res.body.accessToken, cookie: refreshCookieOf(res.headers)! };
}

/** The newest mail to `email` whose subject matches, waiting for it. */
export function mailTo(email: string, subject: RegExp, timeoutMs = 10_000) {
  return app().mail.waitFor((m) => m.to.includes(email.toLowerCase()) && subject.test(m.subject), timeoutMs);
}

/** Every mail caught for `email` so far. */
export function mailsTo(email: string) {
  return app()
    .mail.messages()
    .filter((m) => m.to.includes(email.toLowerCase()));
}

/** The token at the end of a link of the mail (`/verify-email/{token}`, `/reset-password/{token}`, `/invite/{token}`). */
export function linkToken(mail: { links: string[]; text: string }, page: 'verify-email' | 'reset-password' | 'invite'): string {
  const pattern = new RegExp(`/${page}/([A-Za-z0-9_-]+)`);
  for (const link of mail.links) {
    const m = pattern.exec(link);
    if (m) return m[1]!;
  }
  const m = pattern.exec(mail.text);
  if (!m) throw new Error(`no /${page}/ link in the mail`);
  return m[1]!;
}

/** Opens the verification link mailed at registration. */
export async function verifyEmail(account: Account): Promise<void> {
  const mail = await mailTo(account.email, /confirm your email/i);
  const res = await account.api.post('/api/auth/verify-email', { token: linkToken(mail, 'verify-email') });
  if (res.status !== 204) throw new Error(`verify-email failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Invites `email` as `role` (answer of POST …/members). */
export async function invite(by: Account, wid: string, email: string, role: string): Promise<ApiResponse> {
  return by.api.post(`/api/workspaces/${wid}/members`, { email, role }, { token: by.token });
}

/** The token of the newest invitation mailed to `email` (for the workspace named `workspaceName`, when given). */
export async function invitationToken(email: string, workspaceName?: string): Promise<string> {
  const mail = await app().mail.waitFor(
    (m) => m.to.includes(email.toLowerCase()) && m.links.some((l) => l.includes('/invite/')) && (!workspaceName || m.text.includes(workspaceName)),
    10_000,
  );
  return linkToken(mail, 'invite');
}

export async function createWorkspace(owner: Account, name = `Acme ${randomUUID().slice(0, 6)}`): Promise<{ id: string; name: string }> {
  const res = await owner.api.post('/api/workspaces', { name }, { token: owner.token });
  if (res.status !== 201) throw new Error(`create workspace failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, name: res.body.name };
}

/** A new account that joins the workspace as `role` the only way there is: the invitation's mailed link, accepted. */
export async function member(owner: Account, workspace: { id: string; name: string }, role: 'owner' | 'admin' | 'agent' | 'viewer', name = `${role} user`) {
  const email = uniqueEmail(role);
  const invited = await invite(owner, workspace.id, email, role);
  if (invited.status !== 201) throw new Error(`invite failed: ${invited.status} ${JSON.stringify(invited.body)}`);
  const token = await invitationToken(email, workspace.name);
  const account = await register({ email, name, invitationToken: token });
  return account;
}

/** A workspace with an owner, an admin, an agent and a viewer, and an outsider with a workspace of their own. */
export async function team() {
  const owner = await register({ name: 'Olivia Owner' });
  const workspace = await createWorkspace(owner);
  const admin = await member(owner, workspace, 'admin', 'Adam Admin');
  const agent = await member(owner, workspace, 'agent', 'Ava Agent');
  const viewer = await member(owner, workspace, 'viewer', 'Victor Viewer');
  const outsider = await register({ name: 'Oscar Outsider' });
  const otherWorkspace = await createWorkspace(outsider);
  return { owner, admin, agent, viewer, outsider, workspace, otherWorkspace };
}

/** A TOTP code for the secret, `steps` periods of 30 s away from now (RFC 6238, as authenticator apps compute it). */
export function totp(secret: string, steps = 0): string {
  const generator = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
  return generator.generate({ timestamp: Date.now() + steps * 30_000 });
}

/** Turns two-factor sign-in on for the account; its secret and recovery codes. */
export async function enableTwoFactor(account: Account): Promise<{ secret: string; recoveryCodes: string[] }> {
  const setup = await account.api.post('/api/auth/2fa/setup', undefined, { token: account.token });
  if (setup.status !== 200) throw new Error(`2fa setup failed: ${setup.status} ${JSON.stringify(setup.body)}`);
  const enabled = await account.api.post('/api/auth/2fa/enable', { code: totp(setup.body.secret) }, { token: account.token });
  if (enabled.status !== 200) throw new Error(`2fa enable failed: ${enabled.status} ${JSON.stringify(enabled.body)}`);
  return { secret: setup.body.secret, recoveryCodes: enabled.body.recoveryCodes };
}

/** Rows of a statement on the test file's database. */
export async function query<Row = Record<string, unknown>>(statement: SQL): Promise<Row[]> {
  const result = (await app().database.db.execute(statement)) as unknown as { rows: Row[] };
  return result.rows;
}

export { sql };

/** The rate limiter's key for a value, as it stores it (SHA-256, base64url). */
export const limiterKey = (value: string) => createHash('sha256').update(value).digest('base64url');

/** Seconds until the limiter's current window for (bucket, key) ends, as the database sees it (null: no window). */
export async function secondsLeft(bucket: string, key: string): Promise<number | null> {
  const [row] = await query<{ left: number }>(
    sql`select extract(epoch from expires_at - now())::float8 as "left" from rate_limits where bucket = ${bucket} and key = ${limiterKey(key)} and expires_at > now() order by window_start desc limit 1`,
  );
  return row ? Number(row.left) : null;
}

/**
 * `seconds` pass for the rate limiter: every fixed window that would have ended by then ends (its row is gone, as
 * the daily purge deletes ended ones), and longer windows keep their counts. The sign-in back-off keeps its count
 * and its next-attempt time moves `seconds` into the past, as the clock would. Lets a test see what the limits do
 * later without waiting.
 */
export async function passTime(seconds: number): Promise<void> {
  await query(sql`update rate_limits set expires_at = expires_at - make_interval(secs => ${seconds}) where bucket = 'login:backoff'`);
  await query(sql`delete from rate_limits where bucket <> 'login:backoff' and expires_at <= now() + make_interval(secs => ${seconds})`);
}

/**
 * Waits, when needed, until the database clock is at least `margin` seconds away from the end of the current
 * fixed window of `windowSeconds` (windows start at multiples of their length since the epoch): for a scenario that
 * must stay inside one such window while `passTime` simulates shorter ones ending.
 */
/** The number of the fixed window of `windowSeconds` the database's clock is in now (as the limiter counts them). */
export async function windowNumber(windowSeconds: number): Promise<number> {
  const [row] = await query<{ n: number }>(sql`select floor(extract(epoch from now()) / ${windowSeconds}::int)::float8 as n`);
  return Number(row!.n);
}

export async function awayFromWindowEnd(windowSeconds: number, margin: number): Promise<void> {
  const [row] = await query<{ left: number }>(
    sql`select (${windowSeconds}::int - mod(extract(epoch from now())::numeric, ${windowSeconds}::int))::float8 as "left"`,
  );
  const left = Number(row!.left);
  if (left < margin) await new Promise((resolve) => setTimeout(resolve, (left + 1) * 1000));
}

/** The error code of an answer (undefined when it is not an API error). */
export const codeOf = (res: ApiResponse) => (res.body as { error?: { code?: string } } | undefined)?.error?.code;

/** The request's description for assertion messages. */
export const show = (res: ApiResponse) => `${res.status} ${typeof res.body === 'string' ? res.body.slice(0, 300) : JSON.stringify(res.body)?.slice(0, 300)}`;
