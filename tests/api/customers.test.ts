import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerSchema } from '../../contracts/customers.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { teamFixture } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;
let base: string;

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
  team = await teamFixture(api);
  base = `/api/workspaces/${team.workspace.id}/customers`;
});
afterAll(() => app.close());

async function createCustomer(body: Record<string, unknown>, token = team.agent.token) {
  const res = await api.post(base, body, { token });
  if (res.status !== 201) throw new Error(`create customer: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; name: string; email: string | null; tags: string[]; createdAt: string; updatedAt: string };
}

async function listAll(url: string, token: string, limit = 2): Promise<{ id: string }[]> {
  const seen: { id: string }[] = [];
  let cursor: string | null = null;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const res: { status: number; body: { data: { id: string }[]; nextCursor: string | null } } = await api.get(
      `${url}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      { token },
    );
    expect(res.status).toBe(200);
    seen.push(...res.body.data);
    cursor = res.body.nextCursor;
  } while (cursor);
  return seen;
}

describe('POST /customers', () => {
  it('creates a customer with the documented shape', async () => {
    const res = await api.post(
      base,
      { name: '  Maya Chen ', email: 'Maya@Example.com', phone: '+1 555 0100', company: 'Bean There', tags: ['wholesale', 'vip', 'wholesale'] },
      { token: team.agent.token },
    );
    expect(res.status).toBe(201);
    expect(customerSchema.strict().parse(res.body)).toEqual(res.body);
    expect(res.body).toMatchObject({ name: 'Maya Chen', email: 'maya@example.com', phone: '+1 555 0100', company: 'Bean There', tags: ['wholesale', 'vip'] });
    expect((await api.get(`${base}/${res.body.id}`, { token: team.viewer.token })).body).toEqual(res.body);
  });

  it('defaults optional fields to null and tags to []', async () => {
    const c = await createCustomer({ name: 'Walk-in' });
    expect(c).toMatchObject({ email: null, tags: [] });
    expect((c as Record<string, unknown>).phone).toBeNull();
  });

  it('answers 409 for an email another customer of the workspace has, case-insensitively', async () => {
    await createCustomer({ name: 'Sam', email: 'sam@roastery.test' });
    const dup = await api.post(base, { name: 'Sam again', email: 'SAM@roastery.test' }, { token: team.agent.token });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('conflict');
    // The same email is fine in another workspace, and many customers may have none.
    const other = await api.post(
      `/api/workspaces/${team.otherWorkspace.id}/customers`,
      { name: 'Sam', email: 'sam@roastery.test' },
      { token: team.outsider.token },
    );
    expect(other.status).toBe(201);
    await createCustomer({ name: 'No email 1' });
    await createCustomer({ name: 'No email 2' });
  });

  it('validates the body', async () => {
    const cases: [unknown, string][] = [
      [{}, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 'x'.repeat(201) }, 'name'],
      [{ name: 'A', email: 'not-an-email' }, 'email'],
      [{ name: 'A', tags: ['ok', ''] }, 'tags.1'],
      [{ name: 'A', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'tags'],
      [{ name: 'A\u0000B' }, 'name'],
      [{ name: 'A', role: 'admin' }, 'role'],
    ];
    for (const [body, path] of cases) {
      const res = await api.post(base, body, { token: team.agent.token });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.code).toBe('validation_failed');
      expect(
        res.body.error.details.map((d: { path: string }) => d.path),
        JSON.stringify(body),
      ).toContain(path);
    }
    expect((await api.request('POST', base, { token: team.agent.token, raw: '{"name":', headers: { 'content-type': 'application/json' } })).status).toBe(400);
  });
});

describe('GET /customers', () => {
  it('lists newest first and pages without gaps or duplicates', async () => {
    const t = await teamFixture(api);
    const url = `/api/workspaces/${t.workspace.id}/customers`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await api.post(url, { name: `C${i}` }, { token: t.agent.token })).body.id);
    const seen = await listAll(url, t.viewer.token);
    expect(seen.map((c) => c.id)).toEqual([...ids].reverse());
    const first = await api.get(url, { token: t.viewer.token });
    expect(first.body.nextCursor).toBeNull();
    expect(first.body.data).toHaveLength(5);
  });

  it('searches name, email, phone and company case-insensitively, and filters by tag', async () => {
    const t = await teamFixture(api);
    const url = `/api/workspaces/${t.workspace.id}/customers`;
    const post = async (body: object) => (await api.post(url, body, { token: t.agent.token })).body.id as string;
    const ana = await post({ name: 'Ana Torres', email: 'ana@lighthouse.test', tags: ['wholesale'] });
    const ben = await post({ name: 'Ben Okafor', phone: '+44 20 7946 0958', tags: ['subscriber', 'vip'] });
    const cafe = await post({ name: 'Front desk', company: 'Lighthouse Café', tags: ['wholesale', 'vip'] });
    const pct = await post({ name: '100% Arabica fan' });
    const q = async (query: string) => ((await api.get(`${url}?${query}`, { token: t.viewer.token })).body.data as { id: string }[]).map((c) => c.id);
    expect(await q('q=TORRES')).toEqual([ana]);
    expect(await q('q=lighthouse')).toEqual([cafe, ana]);
    expect(await q('q=7946')).toEqual([ben]);
    expect(await q('q=caf%C3%A9')).toEqual([cafe]);
    expect(await q(`q=${encodeURIComponent('100%')}`)).toEqual([pct]);
    expect(await q(`q=${encodeURIComponent('%')}`)).toEqual([pct]);
    expect(await q('q=_')).toEqual([]);
    expect(await q('tag=vip')).toEqual([cafe, ben]);
    expect(await q('tag=wholesale&q=ana')).toEqual([ana]);
    expect(await q('tag=nope')).toEqual([]);
  });

  it('rejects bad list parameters', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'cursor=garbage', `q=${'x'.repeat(201)}`]) {
      const res = await api.get(`${base}?${query}`, { token: team.viewer.token });
      expect(res.status, query).toBe(422);
    }
  });
});

describe('GET, PATCH, DELETE /customers/{id}', () => {
  it('answers 404 for an unknown or malformed id', async () => {
    expect((await api.get(`${base}/${crypto.randomUUID()}`, { token: team.viewer.token })).status).toBe(404);
    expect((await api.get(`${base}/not-a-uuid`, { token: team.viewer.token })).status).toBe(404);
    expect((await api.patch(`${base}/${crypto.randomUUID()}`, { name: 'X' }, { token: team.agent.token })).status).toBe(404);
    expect((await api.delete(`${base}/${crypto.randomUUID()}`, { token: team.admin.token })).status).toBe(404);
  });

  it('patches only the given fields, clears with null, and writes the activity log', async () => {
    const c = await createCustomer({ name: 'Lee', email: 'lee@example.test', phone: '123', tags: ['a'] });
    await new Promise((r) => setTimeout(r, 5));
    const res = await api.patch(`${base}/${c.id}`, { company: 'Lee & Co', phone: null, tags: ['b', 'b', 'c'] }, { token: team.agent.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: c.id,
      name: 'Lee',
      email: 'lee@example.test',
      phone: null,
      company: 'Lee & Co',
      tags: ['b', 'c'],
      createdAt: c.createdAt,
    });
    expect(Date.parse(res.body.updatedAt)).toBeGreaterThan(Date.parse(c.updatedAt));
    expect((await api.get(`${base}/${c.id}`, { token: team.viewer.token })).body).toEqual(res.body);

    const log = await api.get(`/api/workspaces/${team.workspace.id}/activity?subjectType=customer&subjectId=${c.id}`, { token: team.admin.token });
    expect(log.body.data.map((a: { action: string }) => a.action)).toEqual(['customer.updated', 'customer.created']);
    expect(log.body.data[0]).toMatchObject({ actor: { id: team.agent.user.id }, metadata: { fields: ['phone', 'company', 'tags'] } });
  });

  it('answers 409 when a patch takes another customer’s email, 422 for bad fields', async () => {
    await createCustomer({ name: 'One', email: 'one@example.test' });
    const two = await createCustomer({ name: 'Two', email: 'two@example.test' });
    const res = await api.patch(`${base}/${two.id}`, { email: 'ONE@example.test' }, { token: team.agent.token });
    expect(res.status).toBe(409);
    expect((await api.patch(`${base}/${two.id}`, { name: null }, { token: team.agent.token })).status).toBe(422);
    expect((await api.patch(`${base}/${two.id}`, { workspaceId: team.otherWorkspace.id }, { token: team.agent.token })).status).toBe(422);
    expect((await api.get(`${base}/${two.id}`, { token: team.agent.token })).body.email).toBe('two@example.test');
  });

  it('deletes (admin+) together with the customer’s conversations', async () => {
    const c = await createCustomer({ name: 'Leaving' });
    const conv = await api.post(`/api/workspaces/${team.workspace.id}/conversations`, { customerId: c.id, channel: 'email' }, { token: team.agent.token });
    expect(conv.status).toBe(201);
    expect((await api.delete(`${base}/${c.id}`, { token: team.admin.token })).status).toBe(204);
    expect((await api.get(`${base}/${c.id}`, { token: team.admin.token })).status).toBe(404);
    expect((await api.get(`/api/workspaces/${team.workspace.id}/conversations/${conv.body.id}`, { token: team.admin.token })).status).toBe(404);
    expect((await api.delete(`${base}/${c.id}`, { token: team.admin.token })).status).toBe(404);
    const log = await api.get(`/api/workspaces/${team.workspace.id}/activity?subjectType=customer&subjectId=${c.id}`, { token: team.admin.token });
    expect(log.body.data[0]).toMatchObject({ action: 'customer.deleted', metadata: { name: 'Leaving' } });
  });
});

describe('roles and tenancy', () => {
  it('lets viewers read, agents write and admins delete', async () => {
    const c = await createCustomer({ name: 'Role matrix' });
    const calls = {
      list: (token: string) => api.get(base, { token }),
      get: (token: string) => api.get(`${base}/${c.id}`, { token }),
      create: (token: string) => api.post(base, { name: 'By role' }, { token }),
      patch: (token: string) => api.patch(`${base}/${c.id}`, { company: 'X' }, { token }),
    };
    const expected: Record<string, Record<keyof typeof calls, number>> = {
      viewer: { list: 200, get: 200, create: 403, patch: 403 },
      agent: { list: 200, get: 200, create: 201, patch: 200 },
      admin: { list: 200, get: 200, create: 201, patch: 200 },
      owner: { list: 200, get: 200, create: 201, patch: 200 },
    };
    for (const [role, row] of Object.entries(expected)) {
      const token = team[role as 'viewer'].token;
      for (const [name, status] of Object.entries(row)) {
        const res = await calls[name as keyof typeof calls](token);
        expect(res.status, `${role} ${name}`).toBe(status);
        if (status === 403) expect(res.body.error.code).toBe('forbidden');
      }
    }
    for (const role of ['viewer', 'agent'] as const) {
      expect((await api.delete(`${base}/${c.id}`, { token: team[role].token })).status, role).toBe(403);
    }
    expect((await api.delete(`${base}/${(await createCustomer({ name: 'd1' })).id}`, { token: team.admin.token })).status).toBe(204);
    expect((await api.delete(`${base}/${c.id}`, { token: team.owner.token })).status).toBe(204);
  });

  it('requires a session', async () => {
    expect((await api.get(base)).status).toBe(401);
    expect((await api.post(base, { name: 'x' })).status).toBe(401);
  });

  it('answers 404 across workspaces and leaves the rows unchanged', async () => {
    const c = await createCustomer({ name: 'Private Person', email: 'pp@example.test' });
    const theirs = `/api/workspaces/${team.otherWorkspace.id}/customers`;
    const token = team.outsider.token;
    // Our workspace in the URL: the outsider is not a member.
    for (const res of [
      await api.get(base, { token }),
      await api.get(`${base}/${c.id}`, { token }),
      await api.post(base, { name: 'Intruder' }, { token }),
      await api.patch(`${base}/${c.id}`, { name: 'Hacked' }, { token }),
      await api.delete(`${base}/${c.id}`, { token }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    // Their own workspace in the URL, our customer's id.
    expect((await api.get(`${theirs}/${c.id}`, { token })).status).toBe(404);
    expect((await api.patch(`${theirs}/${c.id}`, { name: 'Hacked' }, { token })).status).toBe(404);
    expect((await api.delete(`${theirs}/${c.id}`, { token })).status).toBe(404);
    expect(((await api.get(`${theirs}?q=Private`, { token })).body.data as unknown[]).length).toBe(0);
    const after = await api.get(`${base}/${c.id}`, { token: team.viewer.token });
    expect(after.body).toEqual(c);
  });

  it('answers 405 with Allow for a known path and another method', async () => {
    const res = await api.request('PUT', base, { token: team.agent.token, json: {} });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST');
  });
});

describe('customers as the CRM’s clients', () => {
  const csv = (text: string, query = '') =>
    api.request('POST', `${base}/import${query}`, { raw: text, token: team.agent.token, headers: { 'content-type': 'text/csv' } });

  it('gives each customer a client code, increasing and never reused, and keeps the client fields', async () => {
    const a = await createCustomer({ name: 'Client A', address: '1 Main St', taxId: 'VAT-1', notes: 'Pays net 30', status: 'inactive' });
    const b = await createCustomer({ name: 'Client B' });
    expect(a).toMatchObject({ address: '1 Main St', taxId: 'VAT-1', notes: 'Pays net 30', status: 'inactive' });
    const codeA = Number((a as unknown as { code: string }).code.slice(4));
    expect((b as unknown as { code: string }).code).toBe(`CLI-${String(codeA + 1).padStart(4, '0')}`);
    expect((await api.delete(`${base}/${b.id}`, { token: team.admin.token })).status).toBe(204);
    const c = (await createCustomer({ name: 'Client C' })) as unknown as { code: string };
    expect(c.code).toBe(`CLI-${String(codeA + 2).padStart(4, '0')}`);
    const patched = await api.patch(`${base}/${a.id}`, { status: 'active', taxId: null }, { token: team.agent.token });
    expect(patched.body).toMatchObject({ status: 'active', taxId: null, address: '1 Main St' });
    expect((await api.patch(`${base}/${a.id}`, { status: 'archived' }, { token: team.agent.token })).status).toBe(422);
  });

  it('filters by status and sorts by name, code, email and company, paging without gaps', async () => {
    const tag = `sort-${Date.now()}`;
    for (const [i, name] of ['delta', 'Alpha', 'charlie', 'Bravo', 'echo'].entries())
      await createCustomer({
        name,
        email: i % 2 ? null : `${name.toLowerCase()}-${tag}@example.com`,
        company: i === 2 ? null : `Co ${5 - i}`,
        tags: [tag],
        status: i === 4 ? 'inactive' : 'active',
      });
    const names = async (query: string) =>
      (await listAll(`${base}?tag=${tag}&${query}`, team.viewer.token)).map((c) => (c as unknown as { name: string }).name);
    expect(await names('sort=name')).toEqual(['Alpha', 'Bravo', 'charlie', 'delta', 'echo']);
    expect(await names('sort=-name')).toEqual(['echo', 'delta', 'charlie', 'Bravo', 'Alpha']);
    expect(await names('sort=code')).toEqual(['delta', 'Alpha', 'charlie', 'Bravo', 'echo']);
    expect(await names('sort=company')).toEqual(['charlie', 'echo', 'Bravo', 'Alpha', 'delta']);
    expect(await names('status=inactive')).toEqual(['echo']);
    expect((await api.get(`${base}?sort=tags`, { token: team.viewer.token })).status).toBe(422);
  });

  it('exports the filtered customers as CSV and imports it back by email to identical customers', async () => {
    const tag = `csv-${Date.now()}`;
    await createCustomer({ name: '=cmd|calc', email: `one-${tag}@example.com`, tags: [tag, 'vip'], address: 'A, "quoted" street', notes: 'two\nlines' });
    await createCustomer({ name: 'Plain', email: `two-${tag}@example.com`, tags: [tag], status: 'inactive' });
    const before = await api.get(`${base}?tag=${tag}&sort=code`, { token: team.viewer.token });
    const exported = await api.get(`${base}/export?tag=${tag}&sort=code`, { token: team.viewer.token });
    expect(exported.status).toBe(200);
    const text = String(exported.body);
    expect(text.split('\r\n')[0]).toBe('code,name,email,phone,company,tags,address,taxId,notes,status');
    expect(text).toContain("'=cmd|calc");
    expect(text).toContain(`${tag};vip`);
    const imported = await csv(text);
    expect(imported.body).toEqual({ created: 0, updated: 2, errors: [] });
    const after = await api.get(`${base}?tag=${tag}&sort=code`, { token: team.viewer.token });
    const strip = (rows: { updatedAt: string }[]) => rows.map(({ updatedAt: _, ...rest }) => rest);
    expect(strip(after.body.data)).toEqual(strip(before.body.data));
  });

  it('creates rows with new or no email, writes nothing when a row is bad, and counts on a dry run', async () => {
    const tag = `imp-${Date.now()}`;
    const good = `name,email,tags\nNew one,new-${tag}@example.com,${tag}\nNo email,,${tag}\n`;
    expect((await csv(good, '?dryRun=true')).body).toEqual({ created: 2, updated: 0, errors: [] });
    expect((await api.get(`${base}?tag=${tag}`, { token: team.viewer.token })).body.data).toHaveLength(0);
    const bad = await csv(`${good}Bad,not-an-email,${tag}\nDup,NEW-${tag}@example.com,${tag}\n`);
    expect(bad.body.created).toBe(0);
    expect(bad.body.errors.map((e: { row: number; path: string }) => [e.row, e.path])).toEqual([
      [4, 'email'],
      [5, 'email'],
    ]);
    expect((await api.get(`${base}?tag=${tag}`, { token: team.viewer.token })).body.data).toHaveLength(0);
    expect((await csv(good)).body).toEqual({ created: 2, updated: 0, errors: [] });
    expect((await api.get(`${base}?tag=${tag}`, { token: team.viewer.token })).body.data).toHaveLength(2);
    expect((await api.request('POST', `${base}/import`, { raw: good, token: team.viewer.token, headers: { 'content-type': 'text/csv' } })).status).toBe(403);
  });

  it('matches rows by code before email: a customer without an email imports back onto itself, an unknown code is an error', async () => {
    const tag = `code-${Date.now()}`;
    const plain = (await createCustomer({ name: 'No email', tags: [tag] })) as unknown as { id: string; code: string };
    const other = await createCustomer({ name: 'Has email', email: `has-${tag}@example.com`, tags: [tag] });
    const back = await csv(`code,name,tags\n${plain.code},Renamed,${tag}\n`);
    expect(back.body).toEqual({ created: 0, updated: 1, errors: [] });
    expect((await api.get(`${base}/${plain.id}`, { token: team.viewer.token })).body.name).toBe('Renamed');
    expect((await api.get(`${base}?tag=${tag}`, { token: team.viewer.token })).body.data).toHaveLength(2);
    const unknown = await csv(`code,name\nCLI-9999,Ghost\n`);
    expect(unknown.body.errors).toEqual([{ row: 2, path: 'code', message: 'No customer has the code CLI-9999' }]);
    const taken = await csv(`code,name,email\n${plain.code},Renamed,${other.email}\n`);
    expect(taken.status).toBe(409);
    expect((await api.get(`${base}/${plain.id}`, { token: team.viewer.token })).body.email).toBeNull();
  });
});
