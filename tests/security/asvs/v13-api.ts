// ASVS 4.0 V13 API and web service (with the V14.4 response headers the local runtime sets from vercel.json):
// methods, media types and cross-site requests on every endpoint of the registry, CORS, and the client address the
// limits count.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { EndpointDef } from '../../../contracts/endpoint.js';
import { allEndpoints } from '../../../contracts/registry.js';
import { NAMED_PARAMS } from '../../support/registry-requests.js';
import {
  app,
  client,
  codeOf,
  createWorkspace,
  limiterKey,
  query,
  register,
  show,
  sql,
  uniqueEmail,
  type Account,
  type AsvsChapter,
  type AsvsRow,
} from '../support.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const TOKEN_PARAM = 'A'.repeat(43);
const RANDOM_ID = '6d1f5a52-8a7e-4f0a-9d55-1c1b6f3f6a10';

let fixture: Promise<{ owner: Account; wid: string }> | undefined;
function workspace() {
  fixture ??= (async () => {
    const owner = await register();
    const { id: wid } = await createWorkspace(owner);
    return { owner, wid };
  })();
  return fixture;
}

/** The endpoint's URL with its parameters filled (`:wid` with the fixture's workspace, named ones such as `:provider` with a real value, ids and tokens made up). */
const urlOf = (endpoint: EndpointDef, wid: string) =>
  endpoint.path.replace(/:(\w+)/g, (_, name: string) => (name === 'wid' ? wid : name === 'token' ? TOKEN_PARAM : (NAMED_PARAMS[name] ?? RANDOM_ID)));

/** A token that passes the endpoint's access check (none for public endpoints). */
const tokenFor = (endpoint: EndpointDef, owner: Account) => (endpoint.access === 'public' ? undefined : owner.token);

const cookieEndpoints = () => allEndpoints().filter(({ endpoint }) => endpoint.cookie);

/** Which rows the limiter holds for a bucket: the keys (hashed addresses). */
async function limiterKeys(bucket: string): Promise<string[]> {
  const rows = await query<{ key: string }>(sql`select key from rate_limits where bucket = ${bucket}`);
  return rows.map((r) => r.key);
}

export const v13Rows: AsvsRow[] = [
  {
    id: 'V13.2.1',
    requirement:
      'Every path of the registry answers a method no endpoint declares for it with 405 and an Allow header listing exactly the methods the registry routes there',
    async test() {
      const { wid } = await workspace();
      const endpoints = allEndpoints().map((e) => e.endpoint);
      const matches = (pattern: string, url: string) => new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, '[^/]+')}$`).test(url);
      for (const pattern of new Set(endpoints.map((e) => e.path))) {
        const url = urlOf({ path: pattern } as EndpointDef, wid);
        // Parameter routes match static segments too (PATCH …/conversations/:id routes …/conversations/summary).
        const routed = new Set(endpoints.filter((e) => matches(e.path.replace(':wid', wid), url)).map((e) => e.method));
        const other = (['PUT', 'PATCH', 'DELETE', 'POST', 'GET'] as const).find((m) => !routed.has(m));
        if (!other) continue;
        const res = await client().request(other, url);
        expect(res.status, `${other} ${pattern}: ${show(res)}`).toBe(405);
        const allow = (res.headers.get('allow') ?? '').split(',').map((m) => m.trim());
        expect(new Set(allow), `Allow of ${pattern}`).toEqual(routed);
      }
    },
  },
  {
    id: 'V13.1.5',
    requirement: 'Every endpoint of the registry that takes a body refuses an unexpected media type (text/plain carrying JSON) with 415 (13.2.5)',
    async test() {
      const { owner, wid } = await workspace();
      for (const { id, endpoint } of allEndpoints()) {
        if (!endpoint.body) continue;
        const res = await client().request(endpoint.method, urlOf(endpoint, wid), {
          token: tokenFor(endpoint, owner),
          raw: JSON.stringify(endpoint.example ?? {}),
          headers: { 'content-type': 'text/plain' },
        });
        expect(res.status, `${id}: ${show(res)}`).toBe(415);
        expect(codeOf(res)).toBe('unsupported_media_type');
      }
    },
  },
  {
    id: 'V13.2.3',
    requirement:
      'Every endpoint that sets or uses the refresh cookie refuses cross-site requests (another Origin, Origin null, Sec-Fetch-Site: cross-site) with 403, and the CORS-safelisted bodies a cross-site form can send (form-encoded, multipart, text/plain) with 415',
    async test() {
      const endpoints = cookieEndpoints();
      expect(endpoints.map((e) => e.id)).toEqual(expect.arrayContaining(['auth.register', 'auth.login', 'auth.loginTwoFactor', 'auth.refresh', 'auth.logout']));
      for (const { id, endpoint } of endpoints) {
        const json = JSON.stringify(endpoint.example ?? {});
        const crossSite: Record<string, Record<string, string>> = {
          'another Origin': { origin: 'https://evil.example', 'content-type': 'application/json' },
          'Origin null': { origin: 'null', 'content-type': 'application/json' },
          'a look-alike Origin': { origin: `${app().url}.evil.example`, 'content-type': 'application/json' },
          'Sec-Fetch-Site: cross-site': { 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
        };
        for (const [what, headers] of Object.entries(crossSite)) {
          const res = await client().request(endpoint.method, endpoint.path, { raw: json, headers });
          expect(res.status, `${id} with ${what}: ${show(res)}`).toBe(403);
        }
        for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain']) {
          const res = await client().request(endpoint.method, endpoint.path, { raw: 'email=a%40b.c&password=x', headers: { 'content-type': type } });
          expect(res.status, `${id} with ${type}: ${show(res)}`).toBe(415);
        }
        // The same site, with JSON, passes the guard.
        const same = await client().request(endpoint.method, endpoint.path, {
          raw: json,
          headers: { origin: app().url, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
        });
        expect([403, 415], `${id} from the same site: ${show(same)}`).not.toContain(same.status);
      }
    },
  },
  {
    id: 'V13.2.3',
    requirement:
      'State changes are authorised by the Bearer token only: a valid refresh cookie without the token is refused (401) on every signed-in POST, PATCH, PUT and DELETE',
    async test() {
      const { owner, wid } = await workspace();
      for (const { id, endpoint } of allEndpoints()) {
        if (endpoint.access === 'public' || endpoint.method === 'GET') continue;
        const res = await client().request(endpoint.method, urlOf(endpoint, wid), {
          cookie: owner.cookie,
          json: endpoint.body ? (endpoint.example ?? {}) : undefined,
        });
        expect(res.status, `${id} with only the cookie: ${show(res)}`).toBe(401);
      }
    },
  },
  {
    id: 'V14.5.3',
    requirement: 'No CORS grant to other origins: a preflight or request from another site gets no Access-Control-Allow-Origin (nor credentials)',
    async test() {
      const { owner } = await workspace();
      const origin = 'https://evil.example';
      const preflight = await client().request('OPTIONS', '/api/auth/login', {
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(preflight.status, show(preflight)).toBeLessThan(500);
      const read = await client().get('/api/auth/me', { token: owner.token, headers: { origin } });
      for (const res of [preflight, read]) {
        expect(res.headers.get('access-control-allow-origin')).toBeNull();
        expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      }
    },
  },
  {
    id: 'V14.4.1',
    requirement:
      'API answers (success and error) declare JSON with UTF-8, and carry nosniff, a Referrer-Policy, and framing denied (X-Frame-Options DENY, CSP frame-ancestors none) (14.4.3-14.4.7)',
    async test() {
      const { owner, wid } = await workspace();
      const answers = {
        'a read': await client().get(`/api/workspaces/${wid}`, { token: owner.token }),
        'a 401': await client().get('/api/auth/me'),
        'a 404': await client().get('/api/no-such-endpoint'),
        'a 422': await client().post('/api/auth/login', {}),
      };
      for (const [what, res] of Object.entries(answers)) {
        expect(res.headers.get('content-type'), what).toMatch(/^application\/json;\s*charset=utf-8$/i);
        expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
        expect(res.headers.get('referrer-policy'), what).toMatch(/^(no-referrer|strict-origin|strict-origin-when-cross-origin|same-origin)$/);
        expect(res.headers.get('x-frame-options'), what).toBe('DENY');
        expect(res.headers.get('content-security-policy'), what).toMatch(/frame-ancestors 'none'/);
      }
    },
  },
  {
    id: 'V14.4.5',
    requirement: 'Production answers carry Strict-Transport-Security (max-age of a year or more, subdomains) from vercel.json’s headers',
    async test() {
      const config = JSON.parse(readFileSync(path.join(ROOT, 'vercel.json'), 'utf8')) as {
        headers?: { source: string; headers: { key: string; value: string }[] }[];
      };
      const everywhere = (config.headers ?? []).filter((h) => h.source === '/(.*)').flatMap((h) => h.headers);
      const hsts = everywhere.find((h) => h.key.toLowerCase() === 'strict-transport-security');
      expect(hsts, 'Strict-Transport-Security in vercel.json for /(.*)').toBeDefined();
      const maxAge = Number(/max-age=(\d+)/i.exec(hsts!.value)?.[1] ?? 0);
      expect(maxAge).toBeGreaterThanOrEqual(31_536_000);
      expect(hsts!.value).toMatch(/includeSubDomains/i);
    },
  },
  {
    id: 'V13.2.6',
    requirement:
      'Behind one trusted proxy (TRUST_PROXY=1) the limits count the address that proxy saw (the right-most X-Forwarded-For entry), never one the client wrote to its left',
    async test() {
      const bucket = 'POST /api/auth/password/forgot';
      const before = new Set(await limiterKeys(bucket));
      const real = '198.51.100.23';
      for (const spoofed of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
        const res = await client(null).post('/api/auth/password/forgot', { email: uniqueEmail() }, { headers: { 'x-forwarded-for': `${spoofed}, ${real}` } });
        expect(res.status, show(res)).toBe(204);
      }
      const added = (await limiterKeys(bucket)).filter((k) => !before.has(k));
      expect(added).toEqual([limiterKey(real)]);
      const [row] = await query<{ hits: number }>(sql`select hits from rate_limits where bucket = ${bucket} and key = ${limiterKey(real)}`);
      expect(row!.hits).toBe(3);
    },
  },
  {
    id: 'V13.2.6',
    requirement: 'A malformed X-Forwarded-For never makes a request anonymous: it is counted on the connection’s address',
    async test() {
      const bucket = 'POST /api/auth/password/forgot';
      const socket = limiterKey('127.0.0.1');
      const hitsOf = async () =>
        Number(
          (await query<{ hits: number }>(sql`select coalesce(sum(hits), 0)::int as hits from rate_limits where bucket = ${bucket} and key = ${socket}`))[0]!
            .hits,
        );
      const start = await hitsOf();
      for (const garbage of ['not-an-address', '', '999.1.1.1', 'unknown', ', , ,']) {
        const res = await client(null).post('/api/auth/password/forgot', { email: uniqueEmail() }, { headers: { 'x-forwarded-for': garbage } });
        expect([204, 429], show(res)).toContain(res.status);
      }
      expect(await hitsOf()).toBe(start + 5);
      expect(await limiterKeys(bucket)).not.toContain(limiterKey('unknown'));
    },
  },
];

export const v13: AsvsChapter = { chapter: 'V13 API and web service', file: 'tests/security/asvs-v13.test.ts', rows: v13Rows };
