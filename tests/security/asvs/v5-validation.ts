// ASVS 4.0 V5 Validation: strict, typed input (no mass assignment, NUL, parameter pollution), size and media-type
// limits, forged cursors and database data exceptions answered 422 (never 500), injection and prototype pollution.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { allEndpoints } from '../../../contracts/registry.js';
import { collectionOf, fillPath, realId, resourceParams } from '../../support/registry-requests.js';
import {
  PASSWORD,
  client,
  codeOf,
  createWorkspace,
  query,
  register,
  show,
  sql,
  uniqueEmail,
  type Account,
  type AsvsChapter,
  type AsvsRow,
} from '../support.js';

let fixture: Promise<{ owner: Account; wid: string; customerId: string; conversationId: string }> | undefined;
/** One workspace with a customer and a conversation, shared by this chapter's rows (they only read or are refused). */
function workspace() {
  fixture ??= (async () => {
    const owner = await register();
    const { id: wid } = await createWorkspace(owner);
    const customer = await owner.api.post(`/api/workspaces/${wid}/customers`, { name: 'Alpha Customer', email: 'alpha@example.test' }, { token: owner.token });
    const conversation = await owner.api.post(`/api/workspaces/${wid}/conversations`, { customerId: customer.body.id, channel: 'web' }, { token: owner.token });
    return { owner, wid, customerId: customer.body.id as string, conversationId: conversation.body.id as string };
  })();
  return fixture;
}

/** A refusal of the input: 4xx, never a server error, in the API's error shape. */
function expectRefusal(res: { status: number; body: any }, status: number | number[], what: string) {
  const allowed = Array.isArray(status) ? status : [status];
  expect(allowed, `${what}: ${show(res as never)}`).toContain(res.status);
  expect(typeof res.body?.error?.code, `${what}: the error shape`).toBe('string');
}

const b64 = (value: string) => Buffer.from(value).toString('base64url');

/** Cursors no list ever wrote. */
const FORGED_CURSORS: Record<string, string> = {
  'not base64': '!!!***',
  'base64 of text': b64('hello world'),
  'an empty array': b64('[]'),
  'an object': b64('{"at":"2024-01-01T00:00:00.000000Z","id":"x"}'),
  'February 30': b64(JSON.stringify(['2024-02-30T00:00:00.000000Z', randomUUID()])),
  'hour 25': b64(JSON.stringify(['2024-01-01T25:00:00.000000Z', randomUUID()])),
  'year 0': b64(JSON.stringify(['0000-01-01T00:00:00.000000Z', randomUUID()])),
  'a time with SQL': b64(JSON.stringify(["2024-01-01T00:00:00.000000Z' or '1'='1", randomUUID()])),
  'an id with SQL': b64(JSON.stringify(['2024-01-01T00:00:00.000000Z', "x' or '1'='1"])),
  numbers: b64(JSON.stringify([1e308, -1])),
  'a NUL': b64('["2024-01-01T00:00:00.000000Z\u0000", "x"]'),
  'too long': 'A'.repeat(600),
};

/** Every list endpoint (query takes `cursor`), with its path filled with real ids of the fixture. */
async function listEndpoints(): Promise<{ id: string; path: string }[]> {
  const { owner, wid } = await workspace();
  const all = allEndpoints();
  const lists = all.filter(
    ({ endpoint }) => endpoint.method === 'GET' && endpoint.query && 'shape' in endpoint.query && 'cursor' in (endpoint.query as any).shape,
  );
  const out: { id: string; path: string }[] = [];
  for (const { id, endpoint } of lists) {
    const ids: Record<string, string> = {};
    for (const param of resourceParams(endpoint)) {
      const found = await realId(
        owner.api,
        owner.token,
        wid,
        collectionOf(endpoint.path, param),
        all.map((e) => e.endpoint),
      );
      ids[param] = found ?? randomUUID();
    }
    out.push({ id, path: fillPath(endpoint, wid, (param) => ids[param]!) });
  }
  return out;
}

const objectPrototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();

export const v5Rows: AsvsRow[] = [
  {
    id: 'V5.1.1',
    requirement: 'HTTP parameter pollution is refused: a repeated query parameter (limit, cursor, q) → 422, never 500',
    async test() {
      const { owner, wid } = await workspace();
      for (const query of ['limit=1&limit=2', 'cursor=a&cursor=b', 'q=a&q=b']) {
        const res = await owner.api.get(`/api/workspaces/${wid}/customers?${query}`, { token: owner.token });
        expectRefusal(res, 422, query);
      }
    },
  },
  {
    id: 'V5.1.2',
    requirement: 'No mass assignment: fields a client may not set (role, ids, verification, timestamps, 2FA state) are refused with 422 and change nothing',
    async test() {
      const { owner, wid } = await workspace();
      const email = uniqueEmail('mass');
      const register = await client().post('/api/auth/register', {
        email,
        password: PASSWORD,
        name: 'Mass',
        emailVerifiedAt: new Date().toISOString(),
        role: 'owner',
      });
      expectRefusal(register, 422, 'register with emailVerifiedAt and role');
      const [row] = await query<{ n: number }>(sql`select count(*)::int as n from users where lower(email) = ${email}`);
      expect(row!.n).toBe(0);
      const cases: [string, string, unknown][] = [
        ['PATCH', '/api/auth/me', { email: 'taken@example.test' }],
        ['PATCH', '/api/auth/me', { twoFactorEnabled: false }],
        ['POST', '/api/workspaces', { name: 'X', id: randomUUID() }],
        ['PATCH', `/api/workspaces/${wid}`, { name: 'X', role: 'owner' }],
        ['POST', `/api/workspaces/${wid}/customers`, { name: 'X', workspaceId: randomUUID() }],
        ['POST', `/api/workspaces/${wid}/customers`, { name: 'X', createdAt: '2000-01-01T00:00:00Z' }],
        ['POST', `/api/workspaces/${wid}/members`, { email: uniqueEmail(), role: 'agent', status: 'active' }],
      ];
      for (const [method, path, body] of cases)
        expectRefusal(await owner.api.request(method, path, { token: owner.token, json: body }), 422, `${method} ${path}`);
      const me = await owner.api.get('/api/auth/me', { token: owner.token });
      expect(me.body.user.email).toBe(owner.email);
    },
  },
  {
    id: 'V5.1.3',
    requirement: 'NUL characters are refused wherever text is taken: body fields → 422, query → 422, path → 404',
    async test() {
      const { owner, wid, conversationId } = await workspace();
      expectRefusal(await client().post('/api/auth/register', { email: uniqueEmail(), password: PASSWORD, name: 'Nul\u0000Name' }), 422, 'name');
      expectRefusal(await client().post('/api/auth/login', { email: `a\u0000${uniqueEmail()}`, password: PASSWORD }), 422, 'email');
      expectRefusal(await owner.api.post(`/api/workspaces/${wid}/customers`, { name: 'Nul\u0000' }, { token: owner.token }), 422, 'customer name');
      expectRefusal(
        await owner.api.post(`/api/workspaces/${wid}/conversations/${conversationId}/messages`, { content: 'hi\u0000there' }, { token: owner.token }),
        422,
        'message content',
      );
      expectRefusal(await owner.api.patch(`/api/workspaces/${wid}`, { name: 'W\u0000' }, { token: owner.token }), 422, 'workspace name');
      expectRefusal(await owner.api.get(`/api/workspaces/${wid}/customers?q=a%00b`, { token: owner.token }), 422, 'q');
      expectRefusal(await owner.api.get(`/api/workspaces/${wid}/customers?cursor=a%00b`, { token: owner.token }), 422, 'cursor');
      expectRefusal(await owner.api.get(`/api/workspaces/${wid}/customers/${randomUUID().slice(0, 35)}%00`, { token: owner.token }), 404, 'path id');
    },
  },
  {
    id: 'V5.1.4',
    requirement: 'Input is typed by schema: wrong types, arrays for objects, null, bare values and deep nesting are refused with 4xx (422 or 400), never 500',
    async test() {
      const { owner, wid } = await workspace();
      const path = `/api/workspaces/${wid}/customers`;
      const bodies: [string, string][] = [
        ['a number for a string', '{"name":123}'],
        ['an object for a string', '{"name":{"first":"A"}}'],
        ['an array for the body', '[{"name":"A"}]'],
        ['a string for the body', '"A"'],
        ['a number for the body', '42'],
        ['a boolean for a list', '{"name":"A","tags":true}'],
        ['a list of objects for tags', '{"name":"A","tags":[{"x":1}]}'],
        ['a huge number', '{"name":"A","tags":[1e400]}'],
        ['deep nesting', `{"name":"A","tags":${'['.repeat(5000)}${']'.repeat(5000)}}`],
      ];
      for (const [what, raw] of bodies) {
        const res = await owner.api.request('POST', path, { token: owner.token, raw, headers: { 'content-type': 'application/json' } });
        expectRefusal(res, [400, 422], what);
      }
      const limits = ['limit=0', 'limit=101', 'limit=abc', 'limit=1e400', 'limit=-1', 'limit=1.5'];
      for (const q of limits) expectRefusal(await owner.api.get(`${path}?${q}`, { token: owner.token }), 422, q);
    },
  },
  {
    id: 'V5.1.4',
    requirement: 'A body that is not JSON where JSON is declared → 400 invalid_json',
    async test() {
      const { owner, wid } = await workspace();
      for (const raw of ['{"name":', '{"name":"A"}garbage', "{'name':'A'}", '\ufeff{"name":"A"}x']) {
        const res = await owner.api.request('POST', `/api/workspaces/${wid}/customers`, {
          token: owner.token,
          raw,
          headers: { 'content-type': 'application/json' },
        });
        expectRefusal(res, 400, raw);
        expect(codeOf(res)).toBe('invalid_json');
      }
    },
  },
  {
    id: 'V5.1.4',
    requirement: 'Bodies over the platform limit (4.5 MB) → 413 payload_too_large; a large body under it with an over-long field → 422',
    timeout: 60_000,
    async test() {
      const { owner, wid } = await workspace();
      const big = await owner.api.post(`/api/workspaces/${wid}/customers`, { name: 'x'.repeat(5 * 1024 * 1024) }, { token: owner.token });
      expectRefusal(big, 413, '5 MB');
      expect(codeOf(big)).toBe('payload_too_large');
      const large = await owner.api.post(`/api/workspaces/${wid}/customers`, { name: 'x'.repeat(4 * 1024 * 1024) }, { token: owner.token });
      expectRefusal(large, 422, '4 MB name');
    },
  },
  {
    id: 'V5.1.4',
    requirement: 'Only JSON is taken where JSON is expected: text/plain, XML, multipart and a body without a content type → 415',
    async test() {
      const { owner, wid } = await workspace();
      const json = JSON.stringify({ name: 'Typed' });
      for (const type of [
        'text/plain',
        'application/xml',
        'multipart/form-data; boundary=x',
        'application/json-patch+json',
        'application/vnd.api+json',
        undefined,
      ]) {
        const headers: Record<string, string> = type ? { 'content-type': type } : {};
        const res = await owner.api.request('POST', `/api/workspaces/${wid}/customers`, { token: owner.token, raw: json, headers });
        expectRefusal(res, 415, `content-type ${type ?? '(none)'}`);
        expect(codeOf(res)).toBe('unsupported_media_type');
      }
    },
  },
  {
    id: 'V5.1.4',
    requirement: 'Forged or malformed cursors on every list endpoint of the registry → 422 validation_failed, never 500',
    timeout: 60_000,
    async test() {
      const { owner } = await workspace();
      const lists = await listEndpoints();
      expect(lists.length).toBeGreaterThan(4);
      for (const { id, path } of lists) {
        for (const [what, cursor] of Object.entries(FORGED_CURSORS)) {
          const res = await owner.api.get(`${path}?cursor=${encodeURIComponent(cursor)}`, { token: owner.token });
          expectRefusal(res, 422, `${id} with a cursor that is ${what}`);
          expect(codeOf(res)).toBe('validation_failed');
        }
      }
    },
  },
  {
    id: 'V5.1.4',
    requirement: 'Values the database refuses as data (Postgres class 22, e.g. a time-zone name only the runtime knows) → 422, never 500',
    async test() {
      const { owner, wid } = await workspace();
      for (const tz of ['US/Pacific-New', 'Not/A_Zone', 'UTC\u0000', '+99:99']) {
        const res = await owner.api.get(`/api/workspaces/${wid}/conversations/summary?tz=${encodeURIComponent(tz)}`, { token: owner.token });
        expectRefusal(res, 422, `tz=${tz}`);
      }
      for (const days of ['0', '91', '1e10', 'NaN']) {
        expectRefusal(await owner.api.get(`/api/workspaces/${wid}/conversations/summary?days=${days}`, { token: owner.token }), 422, `days=${days}`);
      }
    },
  },
  {
    id: 'V5.3.4',
    requirement: 'Queries are parameterised: SQL and LIKE metacharacters in search, ids and filters find nothing they should not (200 or 4xx, never 500)',
    async test() {
      const { owner, wid } = await workspace();
      for (const q of ["' or '1'='1", "'; drop table customers; --", '%', '_', '\\', "Alpha' --", '" or ""="']) {
        const res = await owner.api.get(`/api/workspaces/${wid}/customers?q=${encodeURIComponent(q)}`, { token: owner.token });
        expect(res.status, `q=${q}: ${show(res)}`).toBe(200);
        expect(res.body.data, `q=${q} matched customers that do not contain it`).toEqual([]);
      }
      const injected = await owner.api.get(`/api/workspaces/${wid}/customers/${encodeURIComponent("' or '1'='1")}`, { token: owner.token });
      expectRefusal(injected, 404, 'an id with SQL');
      const filter = await owner.api.get(`/api/workspaces/${wid}/conversations?status=${encodeURIComponent("open' or '1'='1")}`, { token: owner.token });
      expectRefusal(filter, 422, 'a status filter with SQL');
      const [tables] = await query<{ n: number }>(sql`select count(*)::int as n from customers where workspace_id = ${wid}`);
      expect(tables!.n).toBe(1);
    },
  },
  {
    id: 'V5.5.3',
    requirement: 'Prototype pollution through JSON bodies, form bodies and query strings is refused or ignored: Object.prototype of the server stays untouched',
    async test() {
      const { owner, wid } = await workspace();
      const before = objectPrototypeKeys();
      const raws = [
        '{"name":"P","__proto__":{"polluted":"yes"}}',
        '{"name":"P","constructor":{"prototype":{"polluted":"yes"}}}',
        '{"__proto__":{"polluted":"yes"}}',
      ];
      for (const raw of raws) {
        const res = await owner.api.request('POST', `/api/workspaces/${wid}/customers`, {
          token: owner.token,
          raw,
          headers: { 'content-type': 'application/json' },
        });
        expectRefusal(res, 422, raw);
      }
      const form = await client().post('/api/realtime/auth', undefined, {
        token: owner.token,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        raw: '__proto__[polluted]=yes&constructor[prototype][polluted]=yes&socket_id=1.1&channel_name=private-x',
      });
      expect(form.status, show(form)).toBeLessThan(500);
      const q = await owner.api.get(`/api/workspaces/${wid}/customers?__proto__[polluted]=yes&constructor[prototype][polluted]=yes&__proto__=x`, {
        token: owner.token,
      });
      expect(q.status, show(q)).toBeLessThan(500);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(objectPrototypeKeys()).toEqual(before);
    },
  },
];

/** Proven for every endpoint by the registry fuzz. */
const v5Fuzz: AsvsRow[] = [
  {
    id: 'V5.1.3',
    requirement: 'Every endpoint of the registry validates generated valid and invalid bodies, queries and path segments: no answer is a 5xx',
    coveredBy: 'tests/security/fuzz.test.ts',
  },
  {
    id: 'V7.4.1',
    requirement: 'Errors are generic: no answer of any endpoint carries a stack trace, SQL or driver text, and every error keeps { error: { code, message } }',
    coveredBy: 'tests/security/fuzz.test.ts',
  },
];

export const v5: AsvsChapter = { chapter: 'V5 Validation', file: 'tests/security/asvs-v5.test.ts', rows: [...v5Rows, ...v5Fuzz] };
