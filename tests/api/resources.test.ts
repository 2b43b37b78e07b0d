// The generic workspace resource (contracts/resource.ts, api/_lib/resources/) over HTTP, through the CRM's
// record types: codes, create/read/update/delete, filters, search, sorts with keyset pages, references that
// stay inside the workspace, CSV export and import.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourceSchemas } from '../../contracts/resource.js';
import { crmResources, employeeResource, projectResource, supplierResource, taskResource } from '../../contracts/crm.js';
import { operationsResources } from '../../contracts/operations.js';
import { serviceResource } from '../../contracts/services.js';
import { csvColumns, fieldsOf, kebab, snake, writableFields } from '../../contracts/resource.js';
import { rowsOf } from '../../db/client.js';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { teamFixture } from '../support/users.js';

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

const employee = resourceSchemas(employeeResource).record;
const supplier = resourceSchemas(supplierResource).record;

async function create(path: string, body: Record<string, unknown>, token = team.agent.token) {
  const res = await api.post(`${w}/${path}`, body, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('codes', () => {
  it('every resource table (and customers) has its code triggers, with the declared prefix and digits', async () => {
    const triggers = await rowsOf<{ table: string; name: string; args: string }>(
      app.database.db,
      sql`select c.relname as table, t.tgname as name, encode(t.tgargs, 'escape') as args
          from pg_trigger t join pg_class c on c.oid = t.tgrelid where not t.tgisinternal`,
    );
    const has = (table: string, name: string) => triggers.find((t) => t.table === table && t.name === name);
    for (const def of [...crmResources, ...operationsResources, serviceResource]) {
      const table = snake(def.plural);
      const code = has(table, `${table}_code`);
      expect(code, `${table}_code`).toBeDefined();
      expect(code!.args.split('\\000').slice(0, 2), table).toEqual([def.code.prefix, String(def.code.digits)]);
      expect(has(table, `${table}_code_kept`), `${table}_code_kept`).toBeDefined();
    }
    expect(has('customers', 'customers_code')).toBeDefined();
  });

  it('50 concurrent creates get 50 distinct codes with no gap, later creates higher ones, and a deleted code is never given again', async () => {
    const wave = async (from: number) => {
      const made = await Promise.all(
        Array.from({ length: 25 }, (_, i) => api.post(`${w}/suppliers`, { name: `Concurrent ${from + i}` }, { token: team.agent.token })),
      );
      expect(made.map((r) => r.status)).toEqual(Array(25).fill(201));
      return made.map((r) => supplier.parse(r.body).code);
    };
    // Two waves of 25 at once: within a wave the order is the database's; every code of the second wave
    // (started after the first committed) is higher than every code of the first.
    const [first, second] = [await wave(0), await wave(25)];
    const numbers = (codes: string[]) => codes.map((code) => Number(/^SUP-(\d{4})$/.exec(code)![1])).sort((a, b) => a - b);
    expect(Math.max(...numbers(first))).toBeLessThan(Math.min(...numbers(second)));
    const all = numbers([...first, ...second]);
    expect(new Set(all).size).toBe(50);
    expect(all.at(-1)! - all[0]!).toBe(49);
    const list = await api.get(`${w}/suppliers?sort=-code&limit=1`, { token: team.viewer.token });
    const last = list.body.data[0];
    expect(Number(last.code.slice(4))).toBe(all.at(-1));
    expect((await api.delete(`${w}/suppliers/${last.id}`, { token: team.admin.token })).status).toBe(204);
    const next = supplier.parse(await create('suppliers', { name: 'After the delete' }));
    expect(Number(next.code.slice(4))).toBe(Number(last.code.slice(4)) + 1);
  });

  it('ignores a code in the body (422: not a field) and keeps it on update', async () => {
    expect((await api.post(`${w}/suppliers`, { name: 'X', code: 'SUP-9999' }, { token: team.agent.token })).status).toBe(422);
    const s = supplier.parse(await create('suppliers', { name: 'Keeps its code' }));
    expect((await api.patch(`${w}/suppliers/${s.id}`, { code: 'SUP-0001' }, { token: team.agent.token })).status).toBe(422);
  });
});

describe('records', () => {
  it('creates with defaults, reads, changes only the given fields, clears with null, deletes', async () => {
    const e = employee.parse(await create('employees', { name: '  Ada Lovelace ', email: 'ADA@example.com', department: 'R&D', hireDate: '2026-01-15' }));
    expect(e).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com', department: 'R&D', hireDate: '2026-01-15', status: 'active', userId: null });
    expect(e.code).toMatch(/^EMP-\d{4}$/);
    const got = await api.get(`${w}/employees/${e.id}`, { token: team.viewer.token });
    expect(got.body).toEqual(e);
    const changed = await api.patch(`${w}/employees/${e.id}`, { status: 'on_leave', department: null }, { token: team.agent.token });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ status: 'on_leave', department: null, name: 'Ada Lovelace', hireDate: '2026-01-15' });
    expect((await api.patch(`${w}/employees/${e.id}`, { name: null }, { token: team.agent.token })).status).toBe(422);
    expect((await api.patch(`${w}/employees/${e.id}`, { status: 'retired' }, { token: team.agent.token })).status).toBe(422);
    expect((await api.delete(`${w}/employees/${e.id}`, { token: team.agent.token })).status).toBe(403);
    expect((await api.delete(`${w}/employees/${e.id}`, { token: team.admin.token })).status).toBe(204);
    expect((await api.get(`${w}/employees/${e.id}`, { token: team.viewer.token })).status).toBe(404);
  });

  it('links an employee to a member of this workspace only', async () => {
    const linked = await api.post(`${w}/employees`, { name: 'Ava', userId: team.agent.user.id }, { token: team.agent.token });
    expect(linked.status).toBe(201);
    const stranger = await api.post(`${w}/employees`, { name: 'Oscar', userId: team.outsider.user.id }, { token: team.agent.token });
    expect(stranger.status).toBe(422);
    expect(stranger.body.error.details[0].path).toBe('body.userId');
  });

  it('refuses a reference to a record of another workspace (422) and a delete of a referenced record (409 in_use)', async () => {
    const theirs = await api.post(`/api/workspaces/${team.otherWorkspace.id}/customers`, { name: 'Their client' }, { token: team.outsider.token });
    expect(theirs.status).toBe(201);
    const refused = await api.post(`${w}/projects`, { name: 'Leaky', customerId: theirs.body.id }, { token: team.agent.token });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details[0].path).toBe('body.customerId');
    const ours = await api.post(`${w}/customers`, { name: 'Our client' }, { token: team.agent.token });
    const project = await create('projects', { name: 'Website', customerId: ours.body.id, budget: 500000 });
    expect(project).toMatchObject({ customerId: ours.body.id, budget: 500000, currency: 'usd', status: 'planning', progress: 0 });
    const inUse = await api.delete(`${w}/customers/${ours.body.id}`, { token: team.admin.token });
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.code).toBe('in_use');
  });

  it("computes a project's progress from its tasks, and deleting the project deletes its tasks", async () => {
    const project = await create('projects', { name: 'Progress' });
    const tasks = [];
    for (const title of ['One', 'Two', 'Three', 'Four']) tasks.push(await create('tasks', { title, projectId: project.id }));
    for (const t of tasks.slice(0, 3)) await api.patch(`${w}/tasks/${t.id}`, { status: 'completed' }, { token: team.agent.token });
    expect((await api.get(`${w}/projects/${project.id}`, { token: team.viewer.token })).body.progress).toBe(75);
    expect((await api.delete(`${w}/projects/${project.id}`, { token: team.admin.token })).status).toBe(204);
    expect((await api.get(`${w}/tasks/${tasks[0].id}`, { token: team.viewer.token })).status).toBe(404);
  });

  it('never shows another workspace its records', async () => {
    const e = await create('employees', { name: 'Private person' });
    const other = `/api/workspaces/${team.otherWorkspace.id}`;
    expect((await api.get(`${other}/employees/${e.id}`, { token: team.outsider.token })).status).toBe(404);
    expect((await api.patch(`${other}/employees/${e.id}`, { name: 'Taken' }, { token: team.outsider.token })).status).toBe(404);
    expect((await api.delete(`${other}/employees/${e.id}`, { token: team.outsider.token })).status).toBe(404);
    expect((await api.get(`${w}/employees/${e.id}`, { token: team.outsider.token })).status).toBe(404);
  });
});

describe('lists', () => {
  it('filters, searches and sorts every sortable field both ways, paging by cursor without skipping or repeating', async () => {
    const dept = `Dept-${Date.now()}`;
    for (let i = 0; i < 13; i++) {
      await create('employees', {
        name: `Sorter ${String.fromCharCode(65 + ((i * 7) % 13))}${i}`,
        department: dept,
        hireDate: i % 4 === 0 ? null : `2025-0${1 + (i % 9)}-1${i % 10}`,
        position: i % 3 === 0 ? null : `Pos ${i % 5}`,
        status: i % 2 ? 'active' : 'on_leave',
      });
    }
    const sorts = ['code', 'name', 'email', 'position', 'department', 'hireDate', 'status', 'createdAt', 'updatedAt'];
    for (const field of sorts) {
      for (const sort of [field, `-${field}`]) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const res: { status: number; body: { data: { id: string }[]; nextCursor: string | null } } = await api.get(
            `${w}/employees?department=${dept}&sort=${sort}&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
            { token: team.viewer.token },
          );
          expect(res.status, sort).toBe(200);
          seen.push(...res.body.data.map((e) => e.id));
          cursor = res.body.nextCursor;
        } while (cursor);
        expect(seen.length, sort).toBe(13);
        expect(new Set(seen).size, sort).toBe(13);
      }
    }
    const onLeave = await api.get(`${w}/employees?department=${dept}&status=on_leave&limit=100`, { token: team.viewer.token });
    expect(onLeave.body.data).toHaveLength(7);
    const searched = await api.get(`${w}/employees?q=sorter%20a0&limit=100`, { token: team.viewer.token });
    expect(searched.body.data.map((e: { name: string }) => e.name)).toEqual(['Sorter A0']);
    const one = searched.body.data[0] as { id: string; code: string };
    const byCode = await api.get(`${w}/employees?q=${one.code.toLowerCase()}&limit=100`, { token: team.viewer.token });
    expect(byCode.body.data.map((e: { id: string }) => e.id)).toContain(one.id);
    const byName = await api.get(`${w}/employees?department=${dept}&sort=-name&limit=100`, { token: team.viewer.token });
    const names = byName.body.data.map((e: { name: string }) => e.name.toLowerCase());
    expect(names).toEqual([...names].sort().reverse());
  });

  it('answers 422 for an unknown sort, a forged cursor or a cursor of another sort', async () => {
    expect((await api.get(`${w}/employees?sort=salary`, { token: team.viewer.token })).status).toBe(422);
    expect((await api.get(`${w}/employees?cursor=garbage`, { token: team.viewer.token })).status).toBe(422);
    const forged = Buffer.from(JSON.stringify(['hireDate', 'not a date', '00000000-0000-4000-8000-000000000000'])).toString('base64url');
    expect((await api.get(`${w}/employees?sort=hireDate&cursor=${forged}`, { token: team.viewer.token })).status).toBe(422);
    const page = await api.get(`${w}/employees?sort=name&limit=1`, { token: team.viewer.token });
    expect((await api.get(`${w}/employees?sort=code&cursor=${page.body.nextCursor}`, { token: team.viewer.token })).status).toBe(422);
  });

  it('filters tasks by project, status, priority, assignee and due date', async () => {
    const project = await create('projects', { name: 'Filters' });
    const ava = await create('employees', { name: 'Assignee' });
    await create('tasks', { title: 'a', projectId: project.id, priority: 'high', dueDate: '2026-03-01', assigneeEmployeeId: ava.id });
    await create('tasks', { title: 'b', projectId: project.id, priority: 'low', dueDate: '2026-05-01' });
    await create('tasks', { title: 'c', projectId: project.id, priority: 'high', dueDate: '2026-07-01', status: 'completed' });
    const q = (query: string) =>
      api
        .get(`${w}/tasks?projectId=${project.id}&${query}&sort=title`, { token: team.viewer.token })
        .then((r) => r.body.data.map((t: { title: string }) => t.title));
    expect(await q('priority=high')).toEqual(['a', 'c']);
    expect(await q('dueBefore=2026-05-01')).toEqual(['a', 'b']);
    expect(await q(`assigneeEmployeeId=${ava.id}`)).toEqual(['a']);
    expect(await q('status=completed')).toEqual(['c']);
    expect(taskResource.fields.position.readOnly).toBe(true);
    expect(projectResource.computed.progress).toBeDefined();
  });
});

describe('CSV', () => {
  it('exports the filtered list, quotes formula-looking cells, and imports it back to identical records', async () => {
    const category = `cat-${Date.now()}`;
    await create('suppliers', { name: '=HYPERLINK("http://evil")', category, notes: 'line one\nline "two", three', email: 'x@example.com' });
    await create('suppliers', { name: '@SUM(A1)', category, taxId: '-12' });
    await create('suppliers', { name: "'=already quoted", category, status: 'inactive' });
    const before = await api.get(`${w}/suppliers?category=${category}&sort=code`, { token: team.viewer.token });
    const csv = await api.get(`${w}/suppliers/export?category=${category}&sort=code`, { token: team.viewer.token });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = String(csv.body);
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).toContain("'@SUM(A1)");
    expect(text).toContain("''=already quoted");
    expect(text.split('\r\n')[0]).toBe('code,name,contactName,email,phone,category,address,taxId,notes,status');
    const imported = await api.request('POST', `${w}/suppliers/import`, {
      raw: text.replace(/^\uFEFF/, ''),
      token: team.agent.token,
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body).toEqual({ created: 0, updated: 3, errors: [] });
    const after = await api.get(`${w}/suppliers?category=${category}&sort=code`, { token: team.viewer.token });
    const strip = (rows: { updatedAt: string }[]) => rows.map(({ updatedAt: _, ...rest }) => rest);
    expect(strip(after.body.data)).toEqual(strip(before.body.data));
  });

  it('writes nothing when one row of 1,000 is bad, and names that row; a dry run counts without writing', async () => {
    const category = `bulk-${Date.now()}`;
    const rows = Array.from({ length: 1000 }, (_, i) => `,Bulk ${i},,${i === 637 ? 'not-an-email' : `b${i}@example.com`},,${category},,,,active`);
    const header = 'code,name,contactName,email,phone,category,address,taxId,notes,status';
    const bad = await api.request('POST', `${w}/suppliers/import`, {
      raw: [header, ...rows].join('\n'),
      token: team.agent.token,
      headers: { 'content-type': 'text/csv' },
    });
    expect(bad.status).toBe(200);
    expect(bad.body.created).toBe(0);
    expect(bad.body.errors).toEqual([{ row: 639, path: 'email', message: expect.any(String) }]);
    expect((await api.get(`${w}/suppliers?category=${category}`, { token: team.viewer.token })).body.data).toHaveLength(0);
    rows[637] = `,Bulk 637,,b637@example.com,,${category},,,,active`;
    const dry = await api.request('POST', `${w}/suppliers/import?dryRun=true`, {
      raw: [header, ...rows].join('\n'),
      token: team.agent.token,
      headers: { 'content-type': 'text/csv' },
    });
    expect(dry.body).toEqual({ created: 1000, updated: 0, errors: [] });
    expect((await api.get(`${w}/suppliers?category=${category}`, { token: team.viewer.token })).body.data).toHaveLength(0);
    const done = await api.request('POST', `${w}/suppliers/import`, {
      raw: [header, ...rows].join('\n'),
      token: team.agent.token,
      headers: { 'content-type': 'text/csv' },
    });
    expect(done.body).toEqual({ created: 1000, updated: 0, errors: [] });
    // The new rows' codes are reserved at once, contiguous, in the file's order.
    const listed = await api.get(`${w}/suppliers?category=${category}&sort=code&limit=100`, { token: team.viewer.token });
    expect(listed.body.data.map((s: { name: string }) => s.name)).toEqual(Array.from({ length: 100 }, (_, i) => `Bulk ${i}`));
    const numbers = listed.body.data.map((s: { code: string }) => Number(s.code.slice(4)));
    expect(numbers).toEqual(numbers.map((_: number, i: number) => numbers[0] + i));
  });

  it('an import and single creates running at once never share a code', async () => {
    const category = `race-${Date.now()}`;
    const csv = ['name,category', ...Array.from({ length: 200 }, (_, i) => `Race ${i},${category}`)].join('\n');
    const [imported, ...singles] = await Promise.all([
      api.request('POST', `${w}/suppliers/import`, { raw: csv, token: team.agent.token, headers: { 'content-type': 'text/csv' } }),
      ...Array.from({ length: 20 }, (_, i) => api.post(`${w}/suppliers`, { name: `Single ${i}`, category }, { token: team.agent.token })),
    ]);
    expect(imported!.body).toEqual({ created: 200, updated: 0, errors: [] });
    expect(singles.map((r) => r.status)).toEqual(Array(20).fill(201));
    const codes: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: { code: string }[]; nextCursor: string | null } } = await api.get(
        `${w}/suppliers?category=${category}&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        { token: team.viewer.token },
      );
      codes.push(...page.body.data.map((s) => s.code));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(codes).toHaveLength(220);
    expect(new Set(codes).size).toBe(220);
  });

  it('refuses a row linking an employee to someone who is not a member of this workspace', async () => {
    const raw = `name,userId\nMember,${team.agent.user.id}\nStranger,${team.outsider.user.id}\n`;
    const res = await api.request('POST', `${w}/employees/import`, { raw, token: team.agent.token, headers: { 'content-type': 'text/csv' } });
    expect(res.body).toEqual({ created: 0, updated: 0, errors: [{ row: 3, path: 'userId', message: 'Choose a member of this workspace' }] });
    expect((await api.get(`${w}/employees?q=Stranger`, { token: team.viewer.token })).body.data).toHaveLength(0);
  });

  it('refuses an unknown code and a code given twice', async () => {
    const header = 'code,name';
    const res = await api.request('POST', `${w}/employees/import`, {
      raw: `${header}\nEMP-9999,Ghost\n`,
      token: team.agent.token,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.errors[0]).toMatchObject({ row: 2, path: 'code' });
    const e = await create('employees', { name: 'Twice' });
    const twice = await api.request('POST', `${w}/employees/import`, {
      raw: `${header}\n${e.code},A\n${e.code},B\n`,
      token: team.agent.token,
      headers: { 'content-type': 'text/csv' },
    });
    expect(twice.body.errors).toEqual([{ row: 3, path: 'code', message: 'Row 2 has this code too' }]);
  });
});

describe('CSV round trip of every importable record type', () => {
  // A value of each kind for record i, formula-looking where text allows it.
  const refs = new Map<string, string>();
  async function refId(to: string): Promise<string> {
    if (to === 'users') return team.agent.user.id;
    if (!refs.has(to)) {
      const body: Record<string, Record<string, unknown>> = {
        customers: { name: 'CSV client' },
        employees: { name: 'CSV employee' },
        projects: { name: 'CSV project' },
        plants: { name: 'CSV plant' },
        materials: { name: 'CSV material', unit: 'kg' },
      };
      refs.set(to, (await create(to, body[to]!)).id);
    }
    return refs.get(to)!;
  }
  async function valueFor(field: ReturnType<typeof fieldsOf>[number], i: number): Promise<unknown> {
    if (field.kind === 'enum' && field.key === 'kind') return 'chatbot'; // the service's configuration above is a chatbot's
    switch (field.kind) {
      case 'text':
        return (i === 0 ? `=SUM(A${i}) "quoted", ${field.key}` : `+${field.key} ${i}`).slice(0, field.max ?? 200);
      case 'longText':
        return `-line one ${i}\nline "two", @three`;
      case 'email':
        return `${field.key}-${i}-${Date.now()}@example.com`;
      case 'phone':
        return `+1 555 01${i}0`;
      case 'date':
        return `2026-0${i + 1}-1${i}`;
      case 'int':
        return (field.min ?? 0) + 7 + i;
      case 'money':
        return 12345 + i;
      case 'currency':
        return i ? 'eur' : 'usd';
      case 'enum':
        return field.values[i % field.values.length];
      case 'ref':
        return refId(field.to);
      case 'json':
        // A batch's inputs, or a service's configuration (an object).
        return field.key === 'config' ? { model: `model-${i}`, temperature: i / 2 } : [{ materialId: await refId('materials'), quantity: 3 + i }];
      default:
        return undefined;
    }
  }

  for (const def of [...crmResources, ...operationsResources, serviceResource]) {
    it(`${def.plural}: export, import the file back, and every record is as it was`, async () => {
      const path = kebab(def.plural);
      const made: string[] = [];
      const writer = def.access.write === 'admin' ? team.admin.token : team.agent.token;
      for (let i = 0; i < 2; i++) {
        const body: Record<string, unknown> = {};
        for (const field of writableFields(def)) body[field.key] = await valueFor(field, i);
        made.push((await create(path, body, writer)).id);
      }
      const read = async () =>
        Promise.all(made.map(async (id) => (await api.get(`${w}/${path}/${id}`, { token: team.viewer.token })).body as Record<string, unknown>));
      const before = await read();
      const codes = new Set(before.map((r) => r.code));
      const exported = await api.get(`${w}/${path}/export?sort=code`, { token: team.viewer.token });
      expect(exported.status).toBe(200);
      const [header, ...lines] = String(exported.body).split('\r\n').filter(Boolean);
      expect(header).toBe(csvColumns(def).join(','));
      // Only this test's rows (multi-line cells are quoted, so keep whole records by their code cell).
      const text = String(exported.body);
      const ours = text
        .split(/\r\n(?=[A-Z]+-)/)
        .slice(1)
        .filter((row) => codes.has(row.split(',')[0]));
      expect(ours, lines.join('\n')).toHaveLength(2);
      expect(ours.join('\n')).toMatch(/'=SUM|'\+|'-line/);
      const imported = await api.request('POST', `${w}/${path}/import`, {
        raw: `${header}\r\n${ours.join('\r\n')}\r\n`,
        token: writer,
        headers: { 'content-type': 'text/csv' },
      });
      expect(imported.status, JSON.stringify(imported.body)).toBe(200);
      expect(imported.body).toEqual({ created: 0, updated: 2, errors: [] });
      const after = await read();
      const strip = (rows: Record<string, unknown>[]) => rows.map(({ updatedAt: _, ...rest }) => rest);
      expect(strip(after)).toEqual(strip(before));
    });
  }
});
