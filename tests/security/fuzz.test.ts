// Property-based fuzz of every endpoint in the registry (fast-check): generated valid-looking and invalid bodies,
// queries, path segments and headers, sent with a member's token or none (or a bad one), must never answer 5xx nor
// carry a stack trace, SQL or driver text, and errors keep the API's shape.
//
// Bounded for CI: a fixed seed (FUZZ_SEED overrides it; each endpoint derives its own from it and its id, so adding
// an endpoint changes no other's runs) and FUZZ_RUNS runs per endpoint. A failure names the seed to replay.
//
// Rate limits: the app trusts one proxy hop (TRUST_PROXY=1), so each request claims an address of its own in
// X-Forwarded-For, and the limiter's windows are cleared before every run so runs reach validation and handlers
// rather than 429 (the limits themselves are tested in asvs-v2.test.ts).
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EndpointDef } from '../../contracts/endpoint.js';
import { allEndpoints, type RegisteredEndpoint } from '../../contracts/registry.js';
import { NASTY_STRINGS, bodyFor, headerValue, queryFor, segment, segmentValue, type FuzzBody, type Segment } from './fuzz-arbitraries.js';
import { app, createWorkspace, invitationToken, newAddress, query, register, sql, useSecurityApp, type Account } from './support.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_202);
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
/** The daily job answers only Vercel Cron's secret: the fuzz knows it, so the job itself is exercised too. */
const CRON_SECRET = 'fuzz-cron-secret-0123456789';
process.env.CRON_SECRET = CRON_SECRET;
/** Runs of the endpoints that destroy what they are given (each run gets a new workspace). */
const DESTRUCTIVE_RUNS = Math.max(3, Math.round(RUNS / 3));

useSecurityApp({ trustProxy: '1' });

/** The seed of one endpoint's property: the suite's seed mixed with the endpoint's id. */
const seedOf = (id: string) => (SEED ^ createHash('sha256').update(id).digest().readInt32BE(0)) | 0;

// What no answer may contain: SQL, driver or ORM names, Postgres error text, stack frames, runtime error names.
const LEAKS: [string, RegExp][] = [
  ['SQL select', /\bselect\b[^"]{0,200}\bfrom\b/i],
  ['SQL insert', /\binsert\s+into\b/i],
  ['SQL update', /\bupdate\s+"?\w+"?\s+set\b/i],
  ['SQL delete', /\bdelete\s+from\b/i],
  ['SQLSTATE', /sqlstate/i],
  ['a failed query', /failed query|params:/i],
  [
    'Postgres error text',
    /syntax error at or near|violates (?:foreign key|unique|check|not-null)|duplicate key value|invalid input (?:syntax|value)|relation "|column "|current transaction is aborted/i,
  ],
  ['a driver or ORM name', /pglite|node-postgres|pg-protocol|@neondatabase|drizzle|postgres(?:ql)? error/i],
  ['a stack frame', /\bat\s+(?:async\s+)?[\w$.<>[\] ]*\(?(?:file:\/\/|\/|node:)[^\s)]*:\d+:\d+/],
  ['a source position', /\.(?:ts|js|mjs|cjs):\d+:\d+/],
  ['a runtime error name', /\b(?:TypeError|ReferenceError|RangeError|SyntaxError|ZodError|AggregateError)\b/],
];

/** Strings the fuzz sent that look like a leak themselves: the API may echo them back as data. */
const echoes = new Set<string>(NASTY_STRINGS.filter((s) => s.length >= 3 && LEAKS.some(([, re]) => re.test(s))));

function collectStrings(value: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 50) return out;
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, out, depth + 1);
  else if (value && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) {
      out.push(key);
      collectStrings(item, out, depth + 1);
    }
  return out;
}

/** The answer's text without what the request itself put there (or an earlier request stored). */
function withoutEchoes(text: string): string {
  let out = text;
  for (const echo of echoes) {
    for (const form of [echo, JSON.stringify(echo).slice(1, -1)]) if (form) out = out.split(form).join('');
  }
  return out;
}

interface FuzzRequest {
  method: string;
  /** The endpoint's path with `:name` parameters. */
  path: string;
  segments: Segment[];
  search: string;
  token: 'member' | 'none' | 'garbage' | 'outsider' | 'tampered' | 'cron' | 'visitor';
  body: FuzzBody;
  headers: Record<string, string>;
}

/** Path parameter values: the fixture's real ones, by parameter name. */
type Params = (name: string) => string;

/** The request's URL once its parameters' real values are known. */
function urlOf(request: FuzzRequest, params: Params): string {
  let i = 0;
  return request.path.replace(/:(\w+)/g, (_, name: string) => segmentValue(request.segments[i++]!, params(name))) + request.search;
}

/** The request as a failure message shows it (huge values cut short). */
const describeRequest = (r: FuzzRequest, url: string) => {
  const body = r.body === null ? '' : 'json' in r.body ? JSON.stringify(r.body.json) : `(${r.body.contentType}) ${r.body.raw}`;
  return `${r.method} ${url.slice(0, 300)} token=${r.token} headers=${JSON.stringify(r.headers).slice(0, 200)} body=${(body ?? '').slice(0, 300)}`;
};

let owner: Account;
let outsider: Account;
/** Real values for path parameters of the fuzz workspace, by `collection path:param`. */
const real = new Map<string, string>();
let wid: string;
/** A live invitation link's token (its invitation is not the one the workspace endpoints resend). */
let invitationLinkToken: string;
/** A web-widget visitor's token (the credential of /api/public/widget/messages and the rest). */
let visitorToken: string;

const tokens = () => ({
  member: owner.token,
  none: undefined,
  garbage: 'not.a.token',
  outsider: outsider.token,
  tampered: owner.token.slice(0, -6) + 'AAAAAA',
  cron: CRON_SECRET,
  visitor: visitorToken,
});

async function fire(request: FuzzRequest, url: string): Promise<{ status: number; text: string; headers: Headers }> {
  const headers: Record<string, string> = { 'x-forwarded-for': newAddress(), ...request.headers };
  const token = tokens()[request.token];
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (request.body && 'json' in request.body) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(request.body.json) ?? 'null';
  } else if (request.body) {
    if (request.body.contentType) headers['content-type'] = request.body.contentType;
    body = request.body.raw;
  }
  const res = await fetch(app().url + url, { method: request.method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(20_000) });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

interface Outcome {
  status: number;
  /** The error message, for error answers. */
  message?: string;
}

/** Sends one generated request and checks the answer. */
async function check(request: FuzzRequest, endpoint: EndpointDef, params: Params): Promise<Outcome> {
  const url = urlOf(request, params);
  for (const s of collectStrings(request.body && 'json' in request.body ? request.body.json : request.body?.raw)) {
    if (s.length >= 3 && s.length < 10_000 && LEAKS.some(([, re]) => re.test(s))) echoes.add(s);
  }
  for (const s of decodeURIComponentSafe(url).split(/[?&=/]/)) if (s.length >= 3 && LEAKS.some(([, re]) => re.test(s))) echoes.add(s);
  // Fresh windows for every run: the fuzz is about what handlers do with input, not about the limits.
  await query(sql`delete from rate_limits`);
  const res = await fire(request, url);
  const where = describeRequest(request, url);
  if (res.status >= 500) throw new Error(`answered ${res.status}: ${res.text.slice(0, 500)}\n  request: ${where}`);
  const scanned = withoutEchoes(res.text);
  if (!endpoint.raw || res.status >= 400) {
    for (const [what, pattern] of LEAKS) {
      const m = pattern.exec(scanned);
      if (m) throw new Error(`the answer (${res.status}) carries ${what}: …${scanned.slice(Math.max(0, m.index - 80), m.index + 120)}…\n  request: ${where}`);
    }
  }
  if (res.status >= 400) {
    let parsed: { error?: { code?: unknown; message?: unknown } } | undefined;
    try {
      parsed = JSON.parse(res.text) as typeof parsed;
    } catch {
      parsed = undefined;
    }
    if (typeof parsed?.error?.code !== 'string' || typeof parsed.error.message !== 'string')
      throw new Error(`the error answer (${res.status}) is not { error: { code, message } }: ${res.text.slice(0, 300)}\n  request: ${where}`);
    return { status: res.status, message: parsed.error.message };
  }
  return { status: res.status };
}

/** The kernel's gates: no session, no workspace, no route, limited. An outcome past them ran validation or a handler. */
const pastTheGates = (o: Outcome) => o.status !== 401 && o.status !== 429 && !(o.status === 404 && /^(Workspace|Endpoint) not found$/.test(o.message ?? ''));

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Path parameter values for an endpoint in the fuzz workspace. */
function realParam(endpoint: EndpointDef, name: string): string {
  if (name === 'wid') return wid;
  if (name === 'token') return invitationLinkToken;
  // Sessions: a real id would be the fuzzing owner's own session, and revoking it would sign every later run out.
  if (endpoint.path.startsWith('/api/auth/sessions')) return '6d1f5a52-8a7e-4f0a-9d55-1c1b6f3f6a10';
  return real.get(`${endpoint.path.slice(0, endpoint.path.indexOf(`/:${name}`))}:${name}`) ?? '6d1f5a52-8a7e-4f0a-9d55-1c1b6f3f6a10';
}

function requestFor(endpoint: EndpointDef): fc.Arbitrary<FuzzRequest> {
  const names = [...endpoint.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const token: fc.Arbitrary<FuzzRequest['token']> =
    endpoint.path === '/api/cron/daily'
      ? fc.constantFrom('cron', 'cron', 'cron', 'none', 'garbage', 'member')
      : endpoint.path.startsWith('/api/public/widget/')
        ? fc.constantFrom('visitor', 'visitor', 'visitor', 'none', 'garbage', 'member')
        : endpoint.access === 'public'
          ? fc.constantFrom('none', 'none', 'garbage', 'member')
          : fc.oneof(
              { weight: 8, arbitrary: fc.constant('member' as const) },
              { weight: 1, arbitrary: fc.constantFrom('none', 'garbage', 'outsider', 'tampered') },
            );
  // Mostly none of these (so cookie endpoints get past their same-site guard too), sometimes a hostile mix.
  const headers = fc.oneof(
    { weight: 3, arbitrary: fc.constant({}) },
    {
      weight: 2,
      arbitrary: fc.record(
        {
          'x-forwarded-for': fc.oneof(fc.constant(newAddress()), headerValue, fc.constant('1.1.1.1, 2.2.2.2, 3.3.3.3')),
          origin: fc.constantFrom('https://evil.example', 'null', app().url, app().url),
          'sec-fetch-site': fc.constantFrom('cross-site', 'same-origin', 'same-origin', 'none'),
          'idempotency-key': headerValue,
          'x-socket-id': headerValue,
          cookie: headerValue.map((v) => `sb_refresh=${v}`),
        },
        { requiredKeys: [] },
      ),
    },
  );
  // fetch sends no body with GET (nor does a browser).
  return fc
    .record({
      segments: fc.array(segment, { minLength: names.length, maxLength: names.length }),
      search: queryFor(endpoint),
      body: endpoint.method === 'GET' ? fc.constant(null) : bodyFor(endpoint),
      token,
      headers,
    })
    .map((r) => ({ method: endpoint.method, path: endpoint.path, ...r, headers: r.headers as Record<string, string> }));
}

/** Endpoints whose success with the fixture's real ids would destroy the fixture: fuzzed on throwaway workspaces. */
const destroys = (endpoint: EndpointDef) => endpoint.method === 'DELETE' && endpoint.path.startsWith('/api/workspaces/:wid');

async function fuzz(id: string, endpoint: EndpointDef, params: Params, runs: number, before?: () => Promise<void>) {
  const seed = seedOf(id);
  const outcomes: Outcome[] = [];
  try {
    await fc.assert(
      fc.asyncProperty(requestFor(endpoint), async (request) => {
        await before?.();
        outcomes.push(await check(request, endpoint, params));
      }),
      { seed, numRuns: runs, endOnFailure: true },
    );
  } catch (err) {
    const cause = (err as Error).cause as Error | undefined;
    const run = /\{ seed: [^}]*\}/.exec((err as Error).message)?.[0] ?? '';
    throw new Error(`${id}: fuzz failed (replay with FUZZ_SEED=${SEED}; this endpoint's property: ${run})\n${cause?.message ?? (err as Error).message}`, {
      cause: err,
    });
  }
  if (process.env.FUZZ_VERBOSE) {
    const counts = new Map<number, number>();
    for (const o of outcomes) counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
    console.log(
      `${id}: ${[...counts]
        .sort(([a], [b]) => a - b)
        .map(([status, n]) => `${status}×${n}`)
        .join(' ')}`,
    );
  }
  return outcomes;
}

beforeAll(async () => {
  owner = await register({ name: 'Fuzz Owner', password: 'Fuzz-Fixture-Horse-5!' });
  outsider = await register({ name: 'Fuzz Outsider' });
  ({ id: wid } = await createWorkspace(owner, 'Fuzz Co'));
  const customer = await owner.api.post(`/api/workspaces/${wid}/customers`, { name: 'Fuzz Customer' }, { token: owner.token });
  const conversation = await owner.api.post(`/api/workspaces/${wid}/conversations`, { customerId: customer.body.id, channel: 'web' }, { token: owner.token });
  const invitation = await owner.api.post(`/api/workspaces/${wid}/members`, { email: 'fuzz-invitee@example.test', role: 'agent' }, { token: owner.token });
  await owner.api.post(`/api/workspaces/${wid}/members`, { email: 'fuzz-link@example.test', role: 'viewer' }, { token: owner.token });
  invitationLinkToken = await invitationToken('fuzz-link@example.test');
  const web = await owner.api.post(
    `/api/workspaces/${wid}/channels`,
    { type: 'web', name: 'Fuzz chat', settings: { allowedOrigins: ['https://shop.example'] } },
    { token: owner.token },
  );
  visitorToken = (await owner.api.post(`/api/public/widget/${web.body.publicKey}/sessions`, {})).body.visitorToken;
  expect(visitorToken, 'a visitor token').toEqual(expect.any(String));
  for (const [key, value] of [
    ['/api/workspaces/:wid/customers:id', customer.body.id],
    ['/api/workspaces/:wid/conversations:id', conversation.body.id],
    ['/api/workspaces/:wid/members:userId', owner.id],
    ['/api/workspaces/:wid/invitations:id', invitation.body.id],
  ] as const) {
    expect(value, key).toEqual(expect.any(String));
    real.set(key, value);
  }
});

const endpoints: RegisteredEndpoint[] = allEndpoints();

describe('fuzz: every endpoint of the registry, with a member’s token, none or a bad one', () => {
  it('covers the whole registry', () => {
    expect(endpoints.length).toBeGreaterThan(40);
  });

  it('recognises internals when an answer carries them (the checks below can fail)', () => {
    const leaked = [
      'Failed query: select "id" from "users" where "email" = $1\nparams: a@b.c',
      'error: duplicate key value violates unique constraint "users_email_lower_key"',
      'TypeError: Cannot read properties of undefined\n    at handler (/work/main/api/_lib/auth/service.ts:42:7)',
      '{"error":{"code":"internal_error","message":"PGlite: relation \\"x\\" does not exist"}}',
      'SQLSTATE 22008',
    ];
    for (const text of leaked)
      expect(
        LEAKS.some(([, re]) => re.test(withoutEchoes(text))),
        text,
      ).toBe(true);
    const clean = [
      '{"error":{"code":"validation_failed","message":"Some fields are not valid","details":[{"path":"name","message":"Enter a name"}]}}',
      '{"error":{"code":"validation_failed","message":"Choose a password different from the current one"}}',
      '{"error":{"code":"not_found","message":"Workspace not found"}}',
    ];
    for (const text of clean)
      expect(
        LEAKS.filter(([, re]) => re.test(text)).map(([what]) => what),
        text,
      ).toEqual([]);
  });

  it.each(endpoints.filter(({ endpoint }) => !destroys(endpoint)).map((e) => [e.id, e] as const))(
    '%s: no 5xx, no internals in any answer',
    async (id, { endpoint }) => {
      const outcomes = await fuzz(id, endpoint, (name) => realParam(endpoint, name), RUNS);
      // Runs got past the gates, so validation and the handler were exercised, and none was rate limited.
      const statuses = outcomes.map((o) => o.status).join(',');
      expect(outcomes.filter(pastTheGates).length, `${id}: statuses ${statuses}`).toBeGreaterThan(0);
      expect(outcomes.filter((o) => o.status === 429).length, `${id}: statuses ${statuses}`).toBe(0);
    },
    120_000,
  );

  // Deleting the workspace, removing a member or deleting a record succeeds with real ids: each run gets a new
  // workspace of its own (with a customer, a conversation and a pending invitation) so the fixture above survives.
  it.each(endpoints.filter(({ endpoint }) => destroys(endpoint)).map((e) => [e.id, e] as const))(
    '%s (on throwaway workspaces): no 5xx, no internals in any answer',
    async (id, { endpoint }) => {
      const current = new Map<string, string>();
      const setUp = async () => {
        const { id: throwaway } = await createWorkspace(owner, 'Throwaway');
        const customer = await owner.api.post(`/api/workspaces/${throwaway}/customers`, { name: 'Gone Soon' }, { token: owner.token });
        const conversation = await owner.api.post(
          `/api/workspaces/${throwaway}/conversations`,
          { customerId: customer.body.id, channel: 'web' },
          { token: owner.token },
        );
        const invitation = await owner.api.post(`/api/workspaces/${throwaway}/members`, { email: 'gone@example.test', role: 'viewer' }, { token: owner.token });
        current.set('wid', throwaway);
        current.set('/api/workspaces/:wid/customers:id', customer.body.id);
        current.set('/api/workspaces/:wid/conversations:id', conversation.body.id);
        current.set('/api/workspaces/:wid/members:userId', invitation.body.id);
      };
      const params = (name: string) => current.get(name === 'wid' ? 'wid' : `${endpoint.path.slice(0, endpoint.path.indexOf(`/:${name}`))}:${name}`) ?? '';
      const outcomes = await fuzz(id, endpoint, params, DESTRUCTIVE_RUNS, setUp);
      expect(outcomes).toHaveLength(DESTRUCTIVE_RUNS);
    },
    120_000,
  );
});
