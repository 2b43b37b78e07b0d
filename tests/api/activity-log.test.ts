// The activity log's list: each entry's sentence and the page of its subject (none once the subject is deleted),
// filters by member, action(s), subject type and days in the caller's time zone, kept across cursor pages; bad
// filters answer 422; nothing of another workspace shows.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activitySchema, type Activity } from '../../contracts/workspaces.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { teamFixture } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;
let t: Awaited<ReturnType<typeof teamFixture>>;
let w: string;
let tom: string;
let gone: string;
let conversation: { id: string; number: number };

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
  t = await teamFixture(api);
  w = `/api/workspaces/${t.workspace.id}`;
  const A = { token: t.agent.token };
  tom = (await api.post(`${w}/customers`, { name: 'Tom Becker' }, A)).body.id;
  const created = await api.post(`${w}/conversations`, { customerId: tom, channel: 'api' }, A);
  conversation = { id: created.body.id, number: created.body.number };
  expect((await api.patch(`${w}/conversations/${conversation.id}`, { assigneeId: t.admin.user.id }, A)).status).toBe(200);
  gone = (await api.post(`${w}/customers`, { name: 'Gone Guy' }, { token: t.admin.token })).body.id;
  expect((await api.delete(`${w}/customers/${gone}`, { token: t.admin.token })).status).toBe(204);
  // Another workspace's log has entries of its own (its creation, a customer).
  await api.post(`/api/workspaces/${t.otherWorkspace.id}/customers`, { name: 'Tom Becker' }, { token: t.outsider.token });
  // One entry at a known time: 23:30 UTC on 10 March is 00:30 on 11 March in Berlin.
  await app.database.db.execute(
    sql`insert into activities (workspace_id, actor_id, action, subject_type, subject_id, metadata, created_at)
        values (${t.workspace.id}, ${t.admin.user.id}, 'workspace.renamed', 'workspace', ${t.workspace.id}, ${JSON.stringify({ from: 'Old', to: 'Acme' })}::jsonb,
          '2026-03-10T23:30:00Z')`,
  );
});
afterAll(() => app.close());

const list = async (query: string, token = t.admin.token): Promise<Activity[]> => {
  const res = await api.get(`${w}/activity?limit=100${query ? `&${query}` : ''}`, { token });
  expect(res.status).toBe(200);
  return res.body.data;
};

describe('the activity log', () => {
  it('gives each entry its sentence and the page of its subject, none once the subject is deleted', async () => {
    const all = await list('');
    for (const entry of all) expect(activitySchema.strict().parse(entry)).toEqual(entry);
    const assigned = all.find((a) => a.action === 'conversation.assigned')!;
    expect(assigned.summary).toBe(`Ava Agent assigned #${conversation.number} Tom Becker to Adam Admin`);
    expect(assigned.link).toBe(`/w/${t.workspace.id}/inbox/${conversation.id}`);
    const started = all.find((a) => a.action === 'conversation.created')!;
    expect(started).toMatchObject({ summary: `Ava Agent started conversation #${conversation.number} with Tom Becker`, link: assigned.link });
    expect(all.find((a) => a.action === 'customer.created' && a.subjectId === tom)).toMatchObject({
      summary: 'Ava Agent created the customer “Tom Becker”',
      link: `/w/${t.workspace.id}/customers/${tom}`,
    });
    // The deleted customer: both its entries still read, neither leads anywhere.
    expect(all.filter((a) => a.subjectId === gone).map((a) => [a.summary, a.link])).toEqual([
      ['Adam Admin deleted the customer “Gone Guy”', null],
      ['Adam Admin created the customer “Gone Guy”', null],
    ]);
    // Members have no page of their own; the workspace's is its settings.
    const members = all.filter((a) => a.subjectType === 'member');
    expect(members.length).toBeGreaterThan(0);
    expect(members.every((a) => a.link === null)).toBe(true);
    expect(all.find((a) => a.action === 'workspace.renamed')).toMatchObject({
      summary: 'Adam Admin renamed the workspace from “Old” to “Acme”',
      link: `/w/${t.workspace.id}/settings`,
    });
  });

  it('filters by member', async () => {
    const ava = await list(`actorId=${t.agent.user.id}`);
    expect(ava.length).toBeGreaterThanOrEqual(3);
    expect(ava.every((a) => a.actor?.id === t.agent.user.id)).toBe(true);
    expect(ava.map((a) => a.action)).toEqual(expect.arrayContaining(['conversation.assigned', 'conversation.created', 'customer.created']));
    // Someone with no entries here (the other workspace's owner): nothing.
    expect(await list(`actorId=${t.outsider.user.id}`)).toEqual([]);
  });

  it('filters by one action or several, comma-separated or repeated', async () => {
    expect((await list('action=conversation.assigned')).map((a) => a.subjectId)).toEqual([conversation.id]);
    const two = await list('action=customer.created,customer.deleted');
    expect(new Set(two.map((a) => a.action))).toEqual(new Set(['customer.created', 'customer.deleted']));
    expect(two).toHaveLength(3);
    expect(await list('action=customer.created&action=customer.deleted')).toEqual(two);
    // With the member filter as well.
    expect((await list(`action=customer.created,customer.deleted&actorId=${t.admin.user.id}`)).map((a) => a.subjectId)).toEqual([gone, gone]);
  });

  it('filters by subject type', async () => {
    const conversations = await list('subjectType=conversation');
    expect(conversations.length).toBeGreaterThanOrEqual(2);
    expect(conversations.every((a) => a.subjectType === 'conversation')).toBe(true);
  });

  it('filters by days in the caller’s time zone', async () => {
    const renamed = (entries: Activity[]) => entries.filter((a) => a.action === 'workspace.renamed' && a.metadata.from === 'Old');
    expect(renamed(await list('from=2026-03-10&to=2026-03-10'))).toHaveLength(1);
    expect(renamed(await list('from=2026-03-11&to=2026-03-11'))).toHaveLength(0);
    expect(renamed(await list('from=2026-03-11&to=2026-03-11&tz=Europe/Berlin'))).toHaveLength(1);
    expect(renamed(await list('from=2026-03-10&to=2026-03-10&tz=Europe/Berlin'))).toHaveLength(0);
    // Only that entry is that old; today's entries are after `from` and not before `to`.
    expect(await list('to=2026-03-11&tz=Europe/Berlin')).toHaveLength(1);
    const today = new Date().toISOString().slice(0, 10);
    const fromToday = await list(`from=${today}`);
    expect(fromToday.some((a) => a.action === 'conversation.assigned')).toBe(true);
    expect(renamed(fromToday)).toHaveLength(0);
  });

  it('keeps the filters across cursor pages', async () => {
    const whole = await list('action=customer.created,customer.deleted,conversation.created');
    const seen: Activity[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { data: Activity[]; nextCursor: string | null } } = await api.get(
        `${w}/activity?limit=1&action=customer.created,customer.deleted,conversation.created${cursor ? `&cursor=${cursor}` : ''}`,
        {
          token: t.admin.token,
        },
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.data);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(whole);
    expect(seen).toHaveLength(4);
  });

  it('answers 422 to bad filters, naming the parameter', async () => {
    const cases: [string, string][] = [
      ['actorId=not-an-id', 'actorId'],
      ['action=order.teleported', 'action'],
      ['action=customer.created,,nope', 'action'],
      ['action=', 'action'],
      ['from=2026-13-01', 'from'],
      ['to=yesterday', 'to'],
      ['from=2026-03-12&to=2026-03-11', 'to'],
      ['from=2026-03-12&tz=Mars/Olympus', 'tz'],
    ];
    const unknown = await api.get(`${w}/activity?action=order.teleported`, { token: t.admin.token });
    expect(unknown.body.error.details[0].message).toBe('Unknown action "order.teleported"');
    for (const [query, path] of cases) {
      const res = await api.get(`${w}/activity?${query}`, { token: t.admin.token });
      expect(res.status, query).toBe(422);
      expect(res.body.error.code).toBe('validation_failed');
      const paths = res.body.error.details.map((d: { path: string }) => d.path) as string[];
      expect(
        paths.some((p) => p === `query.${path}` || p.startsWith(`query.${path}.`)),
        `${query}: ${paths.join(', ')}`,
      ).toBe(true);
    }
  });

  it('shows nothing of another workspace, and lets no outsider read this one', async () => {
    const all = await list('');
    const otherEntries = (await api.get(`/api/workspaces/${t.otherWorkspace.id}/activity?limit=100`, { token: t.outsider.token })).body.data as Activity[];
    expect(otherEntries.length).toBeGreaterThanOrEqual(2);
    const ids = new Set(all.map((a) => a.id));
    expect(otherEntries.some((a) => ids.has(a.id))).toBe(false);
    expect(otherEntries.every((a) => a.link === null || a.link.startsWith(`/w/${t.otherWorkspace.id}/`))).toBe(true);
    expect(all.every((a) => a.link === null || a.link.startsWith(`/w/${t.workspace.id}/`))).toBe(true);
    const foreign = await api.get(`${w}/activity?actorId=${t.outsider.user.id}`, { token: t.outsider.token });
    expect(foreign.status).toBe(404);
    const asAgent = await api.get(`${w}/activity?action=conversation.assigned`, { token: t.agent.token });
    expect(asAgent.status).toBe(403);
  });

  it('leads nowhere while a conversation is deleted, and to it again once restored', async () => {
    const linkOf = async () => (await list('action=conversation.assigned'))[0]!.link;
    expect(await linkOf()).toBe(`/w/${t.workspace.id}/inbox/${conversation.id}`);
    expect((await api.delete(`${w}/conversations/${conversation.id}`, { token: t.admin.token })).status).toBe(204);
    expect(await linkOf()).toBeNull();
    expect((await api.post(`${w}/conversations/${conversation.id}/restore`, {}, { token: t.admin.token })).status).toBe(200);
    expect(await linkOf()).toBe(`/w/${t.workspace.id}/inbox/${conversation.id}`);
  });
});
