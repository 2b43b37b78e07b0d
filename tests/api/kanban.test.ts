// The task board over HTTP (API.md "CRM", POST /tasks/{id}/move; api/_lib/crm/tasks.ts): new tasks and status
// changes go to the end of their column, moves within and across columns next to a task of that column, the
// refusals, a column renumbered when there is no room left, and concurrent moves that leave every column
// totally ordered with every task exactly once and no two on one position.
import { and, eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crmEvents, taskResource } from '../../contracts/crm.js';
import { resourceSchemas } from '../../contracts/resource.js';
import { outbox } from '../../db/schema/platform.js';
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
afterAll(() => app?.close());

const taskSchema = resourceSchemas(taskResource).record;
type Task = ReturnType<typeof taskSchema.parse>;
type Status = Task['status'];

async function project(name = 'Board'): Promise<string> {
  const res = await api.post(`${w}/projects`, { name }, { token: team.agent.token });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function task(title: string, fields: { projectId?: string | null; status?: Status } = {}): Promise<Task> {
  const res = await api.post(`${w}/tasks`, { title, ...fields }, { token: team.agent.token });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return taskSchema.parse(res.body);
}

/** A column of a board as the board reads it: the list filtered by project (or none) and status, by position. */
async function column(projectId: string | null, status: Status): Promise<Task[]> {
  const res = await api.get(`${w}/tasks?projectId=${projectId ?? 'none'}&status=${status}&sort=position&limit=100`, { token: team.viewer.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.data as unknown[]).map((t) => taskSchema.parse(t));
}
const titles = async (projectId: string | null, status: Status) => (await column(projectId, status)).map((t) => t.title);

async function move(id: string, body: Record<string, unknown>, token = team.agent.token) {
  return api.post(`${w}/tasks/${id}/move`, body, { token });
}
async function moved(id: string, body: Record<string, unknown>): Promise<Task> {
  const res = await move(id, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return taskSchema.parse(res.body);
}

/** Every task of the column exactly once, positions strictly increasing (so no two equal). */
function expectTotalOrder(tasks: Task[], ids: string[]) {
  expect([...tasks.map((t) => t.id)].sort()).toEqual([...ids].sort());
  const positions = tasks.map((t) => t.position);
  for (const p of positions) expect(p).toEqual(expect.any(Number));
  for (let i = 1; i < positions.length; i++) expect(positions[i]!).toBeGreaterThan(positions[i - 1]!);
}

describe('positions', () => {
  it('puts a new task at the end of its column, each board (a project, or the tasks without one) on its own', async () => {
    const p = await project();
    const a = await task('A', { projectId: p });
    const b = await task('B', { projectId: p });
    const c = await task('C', { projectId: p });
    expect([a.position, b.position, c.position]).toEqual([1024, 2048, 3072]);
    expect((await task('Started', { projectId: p, status: 'in_progress' })).position).toBe(1024);
    const loose = await task('Loose');
    expect(loose.projectId).toBeNull();
    expect(await titles(p, 'pending')).toEqual(['A', 'B', 'C']);
    expect((await column(null, 'pending')).map((t) => t.id)).toContain(loose.id);
    expect((await column(null, 'pending')).at(-1)!.id).toBe(loose.id);
  });

  it('moves a task to the end of its new column when a PATCH changes its status or project, and nowhere otherwise', async () => {
    const p = await project();
    const a = await task('A', { projectId: p });
    await task('B', { projectId: p });
    await task('Doing', { projectId: p, status: 'in_progress' });
    const renamed = await api.patch(`${w}/tasks/${a.id}`, { title: 'A2', status: 'pending' }, { token: team.agent.token });
    expect(renamed.body.position).toBe(a.position);
    const started = await api.patch(`${w}/tasks/${a.id}`, { status: 'in_progress' }, { token: team.agent.token });
    expect(started.status).toBe(200);
    expect(started.body.position).toBe(2048);
    expect(await titles(p, 'in_progress')).toEqual(['Doing', 'A2']);
    expect(await titles(p, 'pending')).toEqual(['B']);
    const q = await project('Other board');
    await task('Q1', { projectId: q, status: 'in_progress' });
    const rehomed = await api.patch(`${w}/tasks/${a.id}`, { projectId: q }, { token: team.agent.token });
    expect(rehomed.body.position).toBe(2048);
    expect(await titles(q, 'in_progress')).toEqual(['Q1', 'A2']);
  });

  it('puts imported tasks at the end of their columns, in the order of the file', async () => {
    const p = await project('Imported');
    await task('First', { projectId: p });
    const csv = `code,title,projectId,status\r\n,Second,${p},pending\r\n,Third,${p},pending\r\n,Elsewhere,${p},completed\r\n`;
    const res = await api.request('POST', `${w}/tasks/import`, { token: team.agent.token, raw: csv, headers: { 'content-type': 'text/csv' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ created: 3, updated: 0 });
    expect(await titles(p, 'pending')).toEqual(['First', 'Second', 'Third']);
    expectTotalOrder(
      await column(p, 'pending'),
      (await column(p, 'pending')).map((t) => t.id),
    );
    expect((await column(p, 'completed'))[0]!.position).toBe(1024);
  });
});

describe('POST /tasks/{id}/move', () => {
  it('reorders within a column: after a task, before a task, to the top, to the end', async () => {
    const p = await project();
    const [a, b, c, d] = [
      await task('A', { projectId: p }),
      await task('B', { projectId: p }),
      await task('C', { projectId: p }),
      await task('D', { projectId: p }),
    ];
    const afterB = await moved(d!.id, { status: 'pending', afterId: b!.id });
    expect(afterB.position).toBe(2560); // between B (2048) and C (3072)
    expect(await titles(p, 'pending')).toEqual(['A', 'B', 'D', 'C']);
    await moved(c!.id, { status: 'pending', beforeId: a!.id });
    expect(await titles(p, 'pending')).toEqual(['C', 'A', 'B', 'D']);
    await moved(c!.id, { status: 'pending' });
    expect(await titles(p, 'pending')).toEqual(['A', 'B', 'D', 'C']);
    const last = await moved(a!.id, { status: 'pending', afterId: c!.id });
    expect(await titles(p, 'pending')).toEqual(['B', 'D', 'C', 'A']);
    expect(last.updatedAt >= a!.updatedAt).toBe(true);
  });

  it('moves across columns, next to a task or into an empty column, with the activity and the event', async () => {
    const p = await project();
    const a = await task('A', { projectId: p });
    const b = await task('B', { projectId: p });
    const x = await task('X', { projectId: p, status: 'in_progress' });
    const y = await task('Y', { projectId: p, status: 'in_progress' });
    const started = await moved(a.id, { status: 'in_progress', beforeId: y.id });
    expect(started).toMatchObject({ status: 'in_progress', projectId: p });
    expect(await titles(p, 'in_progress')).toEqual(['X', 'A', 'Y']);
    expect(await titles(p, 'pending')).toEqual(['B']);
    const done = await moved(b.id, { status: 'completed' });
    expect(done).toMatchObject({ status: 'completed', position: 1024 });
    expect(await titles(p, 'pending')).toEqual([]);
    await moved(x.id, { status: 'pending' });
    expect(await titles(p, 'pending')).toEqual(['X']);

    const got = await api.get(`${w}/tasks/${a.id}`, { token: team.viewer.token });
    expect(got.body).toEqual(started);
    const activity = await api.get(`/api/workspaces/${team.workspace.id}/activity?limit=20`, { token: team.owner.token });
    const entry = (activity.body.data as { action: string; subjectId?: string; metadata: { fields?: string[] } }[]).find(
      (e) => e.action === 'task.updated' && e.metadata.fields?.includes('status') && JSON.stringify(e).includes(a.code),
    );
    expect(entry?.metadata.fields).toEqual(['status', 'position']);
    const events = await app.database.db.select().from(outbox).where(eq(outbox.name, 'task.updated'));
    const payloads = events.map((e) => crmEvents['task.updated'].parse(e.payload).task);
    expect(payloads.find((t) => t.id === a.id && t.status === 'in_progress')).toEqual(started);
  });

  it('changes nothing when the task is already there', async () => {
    const p = await project();
    const a = await task('A', { projectId: p });
    const b = await task('B', { projectId: p });
    const same = await moved(b.id, { status: 'pending', afterId: a.id });
    expect(same).toEqual(b);
    expect(await moved(a.id, { status: 'pending', beforeId: b.id })).toEqual(a);
  });

  it('refuses a place that is not in that column of the same board (422), or both afterId and beforeId', async () => {
    const p = await project();
    const a = await task('A', { projectId: p });
    const b = await task('B', { projectId: p });
    const doing = await task('Doing', { projectId: p, status: 'in_progress' });
    const elsewhere = await task('Elsewhere', { projectId: await project('Elsewhere') });
    const loose = await task('Loose');
    const refusals: [Record<string, unknown>, string][] = [
      [{ status: 'pending', afterId: doing.id }, 'afterId'],
      [{ status: 'in_progress', beforeId: b.id }, 'beforeId'],
      [{ status: 'pending', afterId: elsewhere.id }, 'afterId'],
      [{ status: 'pending', beforeId: loose.id }, 'beforeId'],
      [{ status: 'pending', afterId: crypto.randomUUID() }, 'afterId'],
      [{ status: 'pending', afterId: a.id }, 'afterId'],
      [{ status: 'pending', afterId: b.id, beforeId: b.id }, 'beforeId'],
      [{ status: 'done' }, 'status'],
      [{ status: 'pending', position: 3 }, 'position'],
    ];
    for (const [body, path] of refusals) {
      const res = await move(a.id, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.code).toBe('validation_failed');
      expect(
        res.body.error.details.map((d: { path: string }) => d.path),
        JSON.stringify(body),
      ).toContain(path);
    }
    expect(await titles(p, 'pending')).toEqual(['A', 'B']);
  });

  it("refuses a viewer (403), and answers 404 for another workspace's task or an unknown one", async () => {
    const p = await project();
    const a = await task('A', { projectId: p });
    expect((await move(a.id, { status: 'completed' }, team.viewer.token)).status).toBe(403);
    const other = `/api/workspaces/${team.otherWorkspace.id}`;
    const theirs = await api.post(`${other}/tasks`, { title: 'Theirs' }, { token: team.outsider.token });
    expect(theirs.status).toBe(201);
    expect((await api.post(`${other}/tasks/${a.id}/move`, { status: 'completed' }, { token: team.outsider.token })).status).toBe(404);
    expect((await move(theirs.body.id, { status: 'completed' })).status).toBe(404);
    expect((await move(crypto.randomUUID(), { status: 'completed' })).status).toBe(404);
    expect((await api.post(`${w}/tasks/${a.id}/move`, { status: 'completed', afterId: theirs.body.id }, { token: team.agent.token })).status).toBe(422);
    expect((await column(p, 'pending')).map((t) => t.id)).toEqual([a.id]);
  });

  it('renumbers the column in one go when there is no room left between two tasks, and sends the new positions', async () => {
    const p = await project();
    const tasks: Task[] = [];
    for (const title of ['T0', 'T1', 'T2', 'T3']) tasks.push(await task(title, { projectId: p }));
    const since = (await app.database.db.select({ id: outbox.id }).from(outbox)).reduce((max, r) => Math.max(max, r.id), 0);
    // Each move to the top halves the first position (512, 256, …, 1); the eleventh finds no room and renumbers.
    const order = tasks.map((t) => t.title);
    for (let i = 0; i < 11; i++) {
      const first = (await column(p, 'pending'))[0]!;
      const last = (await column(p, 'pending')).at(-1)!;
      await moved(last.id, { status: 'pending', beforeId: first.id });
      order.unshift(order.pop()!);
      expect(await titles(p, 'pending')).toEqual(order);
    }
    const final = await column(p, 'pending');
    expectTotalOrder(
      final,
      tasks.map((t) => t.id),
    );
    expect(final.map((t) => t.position)).toEqual([1024, 2048, 3072, 4096]);
    const reordered = await app.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.name, 'task.reordered'), gt(outbox.id, since)));
    expect(reordered.length).toBeGreaterThan(0);
    const last = crmEvents['task.reordered'].parse(reordered.at(-1)!.payload);
    expect(last).toMatchObject({ projectId: p, status: 'pending' });
    for (const { id, position } of last.positions) expect(final.find((t) => t.id === id)?.position).toBe(position);
  });

  it('20 concurrent moves on one column leave it totally ordered, every task exactly once, no two on one position', async () => {
    const p = await project('Busy');
    const tasks: Task[] = [];
    for (let i = 0; i < 20; i++) tasks.push(await task(`Card ${i}`, { projectId: p }));
    // All twenty go right before the same task: each halves the gap there (512, 768, 896, …, 1023), so the
    // eleventh finds none left and renumbers the column while the other moves wait for it.
    const anchor = await task('Anchor', { projectId: p });
    await moved(anchor.id, { status: 'pending', beforeId: tasks[0]!.id });
    const moves = tasks.map((t) => move(t.id, { status: 'pending', beforeId: anchor.id }));
    const answers = await Promise.all(moves);
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    const after = await column(p, 'pending');
    expectTotalOrder(
      after,
      [...tasks, anchor].map((t) => t.id),
    );
    expect(after.at(-1)!.id).toBe(anchor.id);
    const renumbered = await app.database.db.select({ payload: outbox.payload }).from(outbox).where(eq(outbox.name, 'task.reordered'));
    expect(renumbered.some((e) => (e.payload as { projectId: string }).projectId === p)).toBe(true);

    // And 20 at once across columns: a third go to the end of each column.
    const statuses: Status[] = ['pending', 'in_progress', 'completed'];
    const across = await Promise.all(tasks.map((t, i) => move(t.id, { status: statuses[i % 3] })));
    expect(across.map((r) => r.status)).toEqual(Array(20).fill(200));
    const columns = await Promise.all(statuses.map((s) => column(p, s)));
    statuses.forEach((s, k) =>
      expectTotalOrder(
        columns[k]!,
        [...tasks.filter((_, i) => i % 3 === k), ...(s === 'pending' ? [anchor] : [])].map((t) => t.id),
      ),
    );
  });
});
