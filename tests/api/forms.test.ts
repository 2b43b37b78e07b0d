// Forms over HTTP: create, read, replace and delete with their rules (keys, choices, an email field, the
// workspace's own products), roles, tenant isolation, the submissions list and its CSV export.
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formSchema, submissionSchema } from '../../contracts/forms.js';
import { parseCsv } from '../../api/_lib/http/csv.js';
import { formSubmissions } from '../../db/schema/forms.js';
import { conversations } from '../../db/schema/inbox.js';
import { products } from '../../db/schema/products.js';
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
  base = `/api/workspaces/${team.workspace.id}/forms`;
});
afterAll(() => app?.close());

const contactFields = [
  { key: 'name', label: 'Your name', type: 'text', required: true },
  { key: 'email', label: 'Email', type: 'email', required: true },
];

async function createForm(body: Record<string, unknown>, token = team.admin.token) {
  const res = await api.post(base, body, { token });
  if (res.status !== 201) throw new Error(`create form: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; name: string; publicKey: string; fields: { key: string }[]; submissionCount: number };
}

async function addProduct(workspaceId: string, sku: string, values: Partial<typeof products.$inferInsert> = {}) {
  const [row] = await app.database.db
    .insert(products)
    .values({ workspaceId, sku, name: `Product ${sku}`, price: 1500, currency: 'usd', ...values })
    .returning({ id: products.id });
  return row!.id;
}

async function formCount() {
  const res = await api.get(`${base}?limit=100`, { token: team.viewer.token });
  return (res.body.data as unknown[]).length;
}

describe('forms', () => {
  it('creates, reads, replaces and deletes one, keeping its public key', async () => {
    const created = await api.post(
      base,
      {
        name: ' Order request ',
        fields: [
          ...contactFields,
          { key: 'size', label: 'Size', type: 'select', options: ['S', 'M'] },
          { key: 'notes', label: 'Notes', type: 'textarea', options: ['stray'] },
        ],
      },
      { token: team.admin.token },
    );
    expect(created.status).toBe(201);
    expect(formSchema.strict().parse(created.body)).toEqual(created.body);
    expect(created.body).toMatchObject({ name: 'Order request', active: true, submissionCount: 0 });
    expect(created.body.publicKey).toMatch(/^[A-Za-z0-9_-]{24}$/);
    // Choices belong to select fields only; required defaults to false.
    expect(created.body.fields[3]).toEqual({ key: 'notes', label: 'Notes', type: 'textarea', required: false });
    expect(created.body.fields[2]).toEqual({ key: 'size', label: 'Size', type: 'select', required: false, options: ['S', 'M'] });
    expect((await api.get(`${base}/${created.body.id}`, { token: team.viewer.token })).body).toEqual(created.body);

    const replaced = await api.put(
      `${base}/${created.body.id}`,
      { name: 'Contact us', fields: [{ key: 'email', label: 'Email', type: 'email', required: true }], active: false },
      { token: team.admin.token },
    );
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ id: created.body.id, name: 'Contact us', active: false, publicKey: created.body.publicKey });
    expect(replaced.body.fields).toHaveLength(1);
    expect((await api.get(`${base}/${created.body.id}`, { token: team.viewer.token })).body).toEqual(replaced.body);

    expect((await api.delete(`${base}/${created.body.id}`, { token: team.agent.token })).status).toBe(403);
    expect((await api.delete(`${base}/${created.body.id}`, { token: team.admin.token })).status).toBe(204);
    expect((await api.get(`${base}/${created.body.id}`, { token: team.viewer.token })).status).toBe(404);
    expect((await api.delete(`${base}/${created.body.id}`, { token: team.admin.token })).status).toBe(404);
    const activity = await api.get(`/api/workspaces/${team.workspace.id}/activity?subjectId=${created.body.id}`, { token: team.owner.token });
    expect(activity.body.data.map((a: { action: string }) => a.action)).toEqual(['form.deleted', 'form.updated', 'form.created']);
  });

  it('gives every form its own public key', async () => {
    const a = await createForm({ name: 'Key A', fields: contactFields });
    const b = await createForm({ name: 'Key B', fields: contactFields });
    expect(a.publicKey).not.toBe(b.publicKey);
  });

  it('lets admins and owners write, and only read for agents and viewers', async () => {
    const body = { name: 'Roles', fields: contactFields };
    expect((await api.post(base, body, { token: team.agent.token })).status).toBe(403);
    expect((await api.post(base, body, { token: team.viewer.token })).status).toBe(403);
    const form = await createForm(body, team.owner.token);
    expect((await api.put(`${base}/${form.id}`, body, { token: team.agent.token })).status).toBe(403);
    expect((await api.get(`${base}/${form.id}`, { token: team.agent.token })).status).toBe(200);
    expect((await api.get(`${base}/${form.id}/submissions`, { token: team.viewer.token })).status).toBe(200);
    expect((await api.get(base, { token: team.outsider.token })).status).toBe(404);
  });

  it('lists newest first, searches by name and pages without gaps', async () => {
    for (const name of ['Alpha list', 'Beta list', 'Gamma list']) await createForm({ name, fields: contactFields });
    const first = await api.get(`${base}?limit=2`, { token: team.viewer.token });
    expect(first.body.data).toHaveLength(2);
    const second = await api.get(`${base}?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`, { token: team.viewer.token });
    expect([...first.body.data, ...second.body.data].map((r: { name: string }) => r.name).slice(0, 3)).toEqual(['Gamma list', 'Beta list', 'Alpha list']);
    expect((await api.get(`${base}?q=eta%20li`, { token: team.viewer.token })).body.data.map((r: { name: string }) => r.name)).toEqual(['Beta list']);
    expect((await api.get(`${base}?cursor=forged`, { token: team.viewer.token })).status).toBe(422);
  });

  describe('refuses a bad definition and creates nothing', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['duplicate keys', { name: 'Dup', fields: [...contactFields, { key: 'email', label: 'Again', type: 'email' }] }, 'fields.2.key'],
      ['a select without options', { name: 'Sel', fields: [...contactFields, { key: 'size', label: 'Size', type: 'select' }] }, 'fields.2.options'],
      ['no email field', { name: 'No email', fields: [{ key: 'name', label: 'Name', type: 'text' }] }, 'fields'],
      ['a bad key', { name: 'Key', fields: [...contactFields, { key: 'Bad Key', label: 'x', type: 'text' }] }, 'fields.2.key'],
      ['an unknown type', { name: 'Type', fields: [...contactFields, { key: 'x', label: 'x', type: 'date' }] }, 'fields.2.type'],
      ['no name', { name: ' ', fields: contactFields }, 'name'],
      ['an unknown property', { name: 'Extra', fields: contactFields, extra: 1 }, 'extra'],
    ];
    it.each(cases)('%s', async (_, body, path) => {
      const before = await formCount();
      const res = await api.post(base, body, { token: team.admin.token });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
      expect(await formCount()).toBe(before);
    });

    it('products of another workspace, or none at all', async () => {
      const own = await addProduct(team.workspace.id, 'OWN-1');
      const foreign = await addProduct(team.otherWorkspace.id, 'FOREIGN-1');
      const before = await formCount();
      const fields = [...contactFields, { key: 'items', label: 'Items', type: 'product', productIds: [own, foreign] }];
      const res = await api.post(base, { name: 'Foreign', fields }, { token: team.admin.token });
      expect(res.status).toBe(422);
      expect(res.body.error.details).toEqual([{ path: 'fields.2.productIds', message: expect.any(String) }]);
      const missing = [...contactFields, { key: 'items', label: 'Items', type: 'product', productIds: ['00000000-0000-4000-8000-000000000000'] }];
      expect((await api.post(base, { name: 'Missing', fields: missing }, { token: team.admin.token })).body.error.details[0].path).toBe('fields.2.productIds');
      expect(await formCount()).toBe(before);

      const ok = await createForm({ name: 'Own', fields: [...contactFields, { key: 'items', label: 'Items', type: 'product', productIds: [own, own] }] });
      expect(ok.fields[2]).toMatchObject({ productIds: [own] });
      const put = await api.put(`${base}/${ok.id}`, { name: 'Own', fields }, { token: team.admin.token });
      expect(put.status).toBe(422);
      expect(put.body.error.details[0].path).toBe('fields.2.productIds');
    });
  });

  it('keeps forms, submissions and exports to their workspace', async () => {
    const theirs = await api.post(`/api/workspaces/${team.otherWorkspace.id}/forms`, { name: 'Theirs', fields: contactFields }, { token: team.outsider.token });
    expect(theirs.status).toBe(201);
    const id = theirs.body.id;
    const body = { name: 'Taken', fields: contactFields };
    expect((await api.get(`${base}/${id}`, { token: team.owner.token })).status).toBe(404);
    expect((await api.put(`${base}/${id}`, body, { token: team.owner.token })).status).toBe(404);
    expect((await api.delete(`${base}/${id}`, { token: team.owner.token })).status).toBe(404);
    expect((await api.get(`${base}/${id}/submissions`, { token: team.owner.token })).status).toBe(404);
    expect((await api.get(`${base}/${id}/submissions/export`, { token: team.owner.token })).status).toBe(404);
    expect((await api.get(base, { token: team.owner.token })).body.data.map((f: { id: string }) => f.id)).not.toContain(id);
    expect((await api.get(`/api/workspaces/${team.otherWorkspace.id}/forms/${id}`, { token: team.outsider.token })).body.name).toBe('Theirs');
  });

  describe('submissions', () => {
    let form: Awaited<ReturnType<typeof createForm>>;
    let productId: string;
    const submit = (answers: Record<string, unknown>) => api.post(`/api/public/forms/${form.publicKey}/submissions`, answers);

    beforeAll(async () => {
      productId = await addProduct(team.workspace.id, 'TEE-M', { name: 'Tee, M', price: 2500 });
      form = await createForm({
        name: 'Export me',
        fields: [
          ...contactFields,
          { key: 'size', label: 'Size', type: 'select', options: ['S', 'M'] },
          { key: 'gift', label: 'Gift wrap', type: 'checkbox' },
          { key: 'note', label: 'Note, please', type: 'text' },
          { key: 'items', label: 'Items', type: 'product', productIds: [productId] },
        ],
      });
      for (const [i, extra] of [{}, { note: '=HYPERLINK("http://x")', items: [{ productId, quantity: 2 }] }, { note: '@SUM(1)', gift: true }].entries()) {
        const res = await submit({ name: `Buyer ${i}`, email: `buyer${i}@example.test`, size: 'M', ...extra });
        expect(res.status).toBe(201);
      }
    });

    it('lists them newest first by keyset, and counts them on the form', async () => {
      const first = await api.get(`${base}/${form.id}/submissions?limit=2`, { token: team.viewer.token });
      expect(first.status).toBe(200);
      expect(first.body.data).toHaveLength(2);
      for (const s of first.body.data) expect(submissionSchema.strict().parse(s)).toEqual(s);
      const second = await api.get(`${base}/${form.id}/submissions?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`, { token: team.viewer.token });
      expect(second.body.nextCursor).toBeNull();
      const all = [...first.body.data, ...second.body.data];
      expect(all.map((s: { answers: { name: string } }) => s.answers.name)).toEqual(['Buyer 2', 'Buyer 1', 'Buyer 0']);
      expect(all[1]).toMatchObject({ formId: form.id, answers: { items: [{ productId, quantity: 2 }], gift: false }, orderId: expect.any(String) });
      expect(all[2].orderId).toBeNull();
      expect(all.every((s: { customerId: string; conversationId: string }) => s.customerId && s.conversationId)).toBe(true);
      expect((await api.get(`${base}/${form.id}`, { token: team.viewer.token })).body.submissionCount).toBe(3);
      const listed = (await api.get(`${base}?q=Export`, { token: team.viewer.token })).body.data;
      expect(listed[0]).toMatchObject({ id: form.id, submissionCount: 3 });
    });

    it('exports them as CSV, one column per field, formulas neutralised', async () => {
      const res = await api.get(`${base}/${form.id}/submissions/export`, { token: team.viewer.token });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toContain('export-me-submissions.csv');
      const rows = parseCsv(res.body as string);
      expect(rows[0]).toEqual(['submittedAt', 'customerEmail', 'Your name', 'Email', 'Size', 'Gift wrap', 'Note, please', 'Items']);
      expect(rows.slice(1).map((r) => r.slice(1))).toEqual([
        ['buyer2@example.test', 'Buyer 2', 'buyer2@example.test', 'M', 'true', "'@SUM(1)", ''],
        ['buyer1@example.test', 'Buyer 1', 'buyer1@example.test', 'M', 'false', `'=HYPERLINK("http://x")`, 'TEE-M×2'],
        ['buyer0@example.test', 'Buyer 0', 'buyer0@example.test', 'M', 'false', '', ''],
      ]);
      expect(rows.slice(1).every((r) => !Number.isNaN(Date.parse(r[0]!)))).toBe(true);
      expect((await api.get(`${base}/${form.id}/submissions/export`, { token: team.outsider.token })).status).toBe(404);
    });

    it('streams an export longer than a page without losing or repeating a row', async () => {
      const big = await createForm({ name: 'Big', fields: [{ key: 'email', label: 'Email', type: 'email' }] });
      const total = 1_234;
      const start = Date.parse('2026-01-01T00:00:00Z');
      await app.database.db.insert(formSubmissions).values(
        Array.from({ length: total }, (_, i) => ({
          workspaceId: team.workspace.id,
          formId: big.id,
          answers: { email: `row${i}@example.test` },
          // Pairs share a timestamp, so the id breaks ties across page boundaries too.
          createdAt: new Date(start + Math.floor(i / 2) * 1000),
        })),
      );
      const res = await api.get(`${base}/${big.id}/submissions/export`, { token: team.viewer.token });
      expect(res.status).toBe(200);
      const rows = parseCsv(res.body as string).slice(1);
      expect(rows).toHaveLength(total);
      expect(new Set(rows.map((r) => r[2])).size).toBe(total);
      const times = rows.map((r) => Date.parse(r[0]!));
      expect(times.every((t, i) => i === 0 || t <= times[i - 1]!)).toBe(true);
      expect(rows.every((r) => r[1] === '')).toBe(true); // inserted without a customer
    });

    it('deleting the form deletes its submissions and keeps the conversations they opened', async () => {
      const doomed = await createForm({ name: 'Doomed', fields: contactFields });
      const sent = await api.post(`/api/public/forms/${doomed.publicKey}/submissions`, { name: 'Dora', email: 'dora@example.test' });
      expect(sent.status).toBe(201);
      const db = app.database.db;
      const [submission] = await db.select().from(formSubmissions).where(eq(formSubmissions.id, sent.body.id));
      expect((await api.delete(`${base}/${doomed.id}`, { token: team.admin.token })).status).toBe(204);
      const [left] = await db.select({ n: count() }).from(formSubmissions).where(eq(formSubmissions.formId, doomed.id));
      expect(left!.n).toBe(0);
      const [conversation] = await db.select({ id: conversations.id }).from(conversations).where(eq(conversations.id, submission!.conversationId!));
      expect(conversation).toBeDefined();
      expect((await api.post(`/api/public/forms/${doomed.publicKey}/submissions`, { name: 'Dora', email: 'dora@example.test' })).status).toBe(404);
    });
  });
});
