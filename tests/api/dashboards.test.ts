// Dashboards: every workspace's default dashboard, CRUD with PUT replacing the name and widgets, the grid's and
// queries' validation, the precondition that keeps a second tab from overwriting the first, the default that
// stays, roles and tenancy; and sharing: the public page shows the dashboard's data and nothing else, a revoked
// or replaced link answers 410, and a link edited to name another dashboard is refused.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardBodySchema, DEFAULT_DASHBOARD, publicDashboardSchema, type Dashboard, type WidgetInput } from '../../contracts/dashboards.js';
import { signShareToken } from '../../api/_lib/dashboards/share-token.js';
import { SHARED_DEMO_DASHBOARD, seedDashboards } from '../../db/seed-dashboards.js';
import { workspaceEventSchemas } from '../../contracts/events.js';
import { activities } from '../../db/schema/activity.js';
import { dashboards } from '../../db/schema/analytics.js';
import { workspaces } from '../../db/schema/identity.js';
import { outbox } from '../../db/schema/platform.js';
import { ROOT, startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { createWorkspace, teamFixture } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;
let base: string;

const kpi = (id: string, name = 'shop.visits', layout = { x: 0, y: 0, w: 4, h: 2 }): WidgetInput => ({
  id,
  type: 'kpi',
  title: `KPI ${id}`,
  query: { name, agg: 'sum', interval: 'day' },
  layout,
});
const line = (id: string, name = 'shop.visits'): WidgetInput => ({
  id,
  type: 'line',
  title: `Line ${id}`,
  query: { name, agg: 'sum', interval: 'day' },
  layout: { x: 4, y: 0, w: 8, h: 4 },
});

async function create(body: { name: string; widgets?: WidgetInput[] }, token = team.agent.token): Promise<Dashboard> {
  const res = await api.post(`${base}/dashboards`, body, { token });
  if (res.status !== 201) throw new Error(`create dashboard: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Dashboard;
}

async function share(id: string, token = team.admin.token): Promise<{ url: string; token: string }> {
  const res = await api.post(`${base}/dashboards/${id}/share`, undefined, { token });
  if (res.status !== 200) throw new Error(`share: ${res.status} ${JSON.stringify(res.body)}`);
  const url = res.body.url as string;
  return { url, token: new URL(url).pathname.split('/').pop()! };
}

const publicUrl = (token: string, query = '') => `/api/public/dashboards/${token}${query}`;

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
  team = await teamFixture(api);
  base = `/api/workspaces/${team.workspace.id}`;
});
afterAll(() => app?.close());

describe('the default dashboard', () => {
  it('is made with every new workspace: its home page, with the widgets of the inbox dashboard', async () => {
    const fresh = await createWorkspace(api, team.owner.token, 'Fresh Co');
    const res = await api.get(`/api/workspaces/${fresh.id}/dashboards`, { token: team.owner.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({
      name: DEFAULT_DASHBOARD.name,
      isDefault: true,
      widgets: DEFAULT_DASHBOARD.widgets,
      sharedAt: null,
      shareUrl: null,
    });
    // The fixture's workspaces were created the same way.
    const other = await api.get(`/api/workspaces/${team.otherWorkspace.id}/dashboards`, { token: team.outsider.token });
    expect(other.body.data.filter((d: Dashboard) => d.isDefault)).toHaveLength(1);
  });

  it('is given to every workspace that had none by migration 0013, once', async () => {
    const migration = readFileSync(path.join(ROOT, 'db/migrations/0013_default_dashboards.sql'), 'utf8');
    const [older] = await app.database.db.insert(workspaces).values({ name: 'Made before dashboards' }).returning({ id: workspaces.id });
    await app.database.db.execute(sql.raw(migration));
    await app.database.db.execute(sql.raw(migration));
    const rows = await app.database.db.select().from(dashboards).where(eq(dashboards.workspaceId, older!.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: DEFAULT_DASHBOARD.name, isDefault: true, widgets: DEFAULT_DASHBOARD.widgets, shareId: null });
    // Workspaces that had theirs keep exactly one.
    expect(
      await app.database.db
        .select()
        .from(dashboards)
        .where(and(eq(dashboards.workspaceId, team.workspace.id), eq(dashboards.isDefault, true))),
    ).toHaveLength(1);
  });

  it('cannot be deleted (409), by anyone', async () => {
    const list = await api.get(`${base}/dashboards`, { token: team.viewer.token });
    const home = (list.body.data as Dashboard[]).find((d) => d.isDefault)!;
    const res = await api.delete(`${base}/dashboards/${home.id}`, { token: team.owner.token });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    expect((await api.get(`${base}/dashboards/${home.id}`, { token: team.viewer.token })).status).toBe(200);
  });

  it('can be rearranged like any other', async () => {
    const home = ((await api.get(`${base}/dashboards`, { token: team.agent.token })).body.data as Dashboard[]).find((d) => d.isDefault)!;
    const widgets = home.widgets.map((w) => (w.id === 'conversations-per-day' ? { ...w, layout: { ...w.layout, h: 6 } } : w));
    const res = await api.put(`${base}/dashboards/${home.id}`, { name: 'Home', widgets }, { token: team.agent.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ name: 'Home', isDefault: true });
    expect(res.body.widgets.find((w: { id: string }) => w.id === 'conversations-per-day').layout.h).toBe(6);
  });
});

describe('CRUD', () => {
  it('an agent creates a dashboard; viewers read it; the write has its activity row and event', async () => {
    const created = await create({ name: '  Shop  ', widgets: [kpi('visits'), line('trend')] });
    expect(created).toMatchObject({ name: 'Shop', isDefault: false, sharedAt: null, shareUrl: null });
    expect(created.widgets).toEqual([
      { ...kpi('visits'), query: { ...kpi('visits').query, serviceId: null } },
      { ...line('trend'), query: { ...line('trend').query, serviceId: null } },
    ]);
    const read = await api.get(`${base}/dashboards/${created.id}`, { token: team.viewer.token });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created);
    const list = await api.get(`${base}/dashboards`, { token: team.viewer.token });
    expect((list.body.data as Dashboard[]).map((d) => d.id)).toContain(created.id);
    expect(list.body.data[0].isDefault).toBe(true);

    const [activity] = await app.database.db
      .select()
      .from(activities)
      .where(and(eq(activities.subjectId, created.id), eq(activities.action, 'dashboard.created')));
    expect(activity).toMatchObject({ subjectType: 'dashboard', actorId: team.agent.user.id, metadata: { name: 'Shop' } });
    const [event] = await app.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.workspaceId, team.workspace.id), eq(outbox.name, 'dashboard.created')));
    expect(workspaceEventSchemas['dashboard.created'].parse(event!.payload)).toEqual({ id: created.id, name: 'Shop', updatedAt: created.updatedAt });
  });

  it('lists in pages, oldest first', async () => {
    await create({ name: 'Page A' });
    await create({ name: 'Page B' });
    const first = await api.get(`${base}/dashboards?limit=2`, { token: team.viewer.token });
    expect(first.body.data).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const rest = await api.get(`${base}/dashboards?limit=100&cursor=${first.body.nextCursor}`, { token: team.viewer.token });
    const all = [...first.body.data, ...rest.body.data] as Dashboard[];
    expect(new Set(all.map((d) => d.id)).size).toBe(all.length);
    expect(all.map((d) => d.createdAt)).toEqual([...all.map((d) => d.createdAt)].sort());
    expect(all.map((d) => d.name)).toEqual(expect.arrayContaining(['Page A', 'Page B']));
  });

  it('PUT replaces the name and the widgets (a widget left out is gone)', async () => {
    const created = await create({ name: 'Before', widgets: [kpi('a'), line('b')] });
    const moved = { ...kpi('a'), layout: { x: 6, y: 3, w: 6, h: 3 }, title: 'Visits, renamed' };
    const res = await api.put(`${base}/dashboards/${created.id}`, { name: 'After', widgets: [moved] }, { token: team.agent.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.name).toBe('After');
    expect(res.body.widgets).toEqual([{ ...moved, query: { ...moved.query, serviceId: null } }]);
    expect(Date.parse(res.body.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));
    const [row] = await app.database.db.select().from(dashboards).where(eq(dashboards.id, created.id));
    expect(row!.widgets.map((w) => w.id)).toEqual(['a']);
  });

  it('refuses a save over someone else’s (409 with a stale updatedAt), and takes the current one', async () => {
    const created = await create({ name: 'Shared edit', widgets: [kpi('a')] });
    const first = await api.put(
      `${base}/dashboards/${created.id}`,
      { name: 'Tab one', widgets: [kpi('a')], updatedAt: created.updatedAt },
      { token: team.agent.token },
    );
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const second = await api.put(
      `${base}/dashboards/${created.id}`,
      { name: 'Tab two', widgets: [], updatedAt: created.updatedAt },
      { token: team.admin.token },
    );
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('conflict');
    expect((await api.get(`${base}/dashboards/${created.id}`, { token: team.viewer.token })).body).toMatchObject({ name: 'Tab one' });
    const third = await api.put(
      `${base}/dashboards/${created.id}`,
      { name: 'Tab two', widgets: [], updatedAt: first.body.updatedAt },
      { token: team.admin.token },
    );
    expect(third.status, JSON.stringify(third.body)).toBe(200);
    expect(third.body).toMatchObject({ name: 'Tab two', widgets: [] });
  });

  it('deletes a dashboard (then 404); a missing one is 404 on every write', async () => {
    const created = await create({ name: 'Doomed' });
    expect((await api.delete(`${base}/dashboards/${created.id}`, { token: team.agent.token })).status).toBe(204);
    expect((await api.get(`${base}/dashboards/${created.id}`, { token: team.viewer.token })).status).toBe(404);
    expect((await api.delete(`${base}/dashboards/${created.id}`, { token: team.agent.token })).status).toBe(404);
    expect((await api.put(`${base}/dashboards/${created.id}`, { name: 'X', widgets: [] }, { token: team.agent.token })).status).toBe(404);
    expect((await api.post(`${base}/dashboards/${created.id}/share`, undefined, { token: team.admin.token })).status).toBe(404);
    expect((await api.delete(`${base}/dashboards/${created.id}/share`, { token: team.admin.token })).status).toBe(404);
  });
});

describe('validation', () => {
  const cases: [string, unknown, string][] = [
    ['more than 24 widgets', { name: 'Big', widgets: Array.from({ length: 25 }, (_, i) => kpi(`w${i}`)) }, 'widgets'],
    ['two widgets with one id', { name: 'Twice', widgets: [kpi('same'), line('same')] }, 'widgets.1.id'],
    ['a widget past the 12th column', { name: 'Wide', widgets: [kpi('a', 'shop.visits', { x: 8, y: 0, w: 6, h: 2 })] }, 'widgets.0.layout.w'],
    ['a height of 0', { name: 'Flat', widgets: [kpi('a', 'shop.visits', { x: 0, y: 0, w: 4, h: 0 })] }, 'widgets.0.layout.h'],
    ['a height of 13', { name: 'Tall', widgets: [kpi('a', 'shop.visits', { x: 0, y: 0, w: 4, h: 13 })] }, 'widgets.0.layout.h'],
    ['a fractional column', { name: 'Half', widgets: [kpi('a', 'shop.visits', { x: 0.5, y: 0, w: 4, h: 2 })] }, 'widgets.0.layout.x'],
    ['a negative row', { name: 'Up', widgets: [kpi('a', 'shop.visits', { x: 0, y: -1, w: 4, h: 2 })] }, 'widgets.0.layout.y'],
    ['an empty title', { name: 'Untitled', widgets: [{ ...kpi('a'), title: '   ' }] }, 'widgets.0.title'],
    ['a metric name of the wrong form', { name: 'Bad', widgets: [kpi('a', 'Not A Metric')] }, 'widgets.0.query.name'],
    [
      'an unknown aggregate',
      { name: 'Agg', widgets: [{ ...kpi('a'), query: { name: 'shop.visits', agg: 'median', interval: 'day' } }] },
      'widgets.0.query.agg',
    ],
    [
      'an unknown interval',
      { name: 'Int', widgets: [{ ...kpi('a'), query: { name: 'shop.visits', agg: 'sum', interval: 'month' } }] },
      'widgets.0.query.interval',
    ],
    ['an unknown widget type', { name: 'Pie', widgets: [{ ...kpi('a'), type: 'pie' }] }, 'widgets.0.type'],
    [
      'a service on a built-in metric',
      {
        name: 'Svc',
        widgets: [{ ...kpi('a'), query: { name: 'orders.count', agg: 'count', interval: 'day', serviceId: '00000000-0000-4000-8000-000000000000' } }],
      },
      'widgets.0.query.serviceId',
    ],
    ['an unknown field', { name: 'Extra', widgets: [{ ...kpi('a'), colour: 'red' }] }, 'widgets.0'],
    ['no name', { name: '', widgets: [] }, 'name'],
  ];
  it.each(cases)('refuses %s (422, naming the field), on create and on PUT', async (_label, body, path) => {
    const res = await api.post(`${base}/dashboards`, body, { token: team.agent.token });
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContainEqual(expect.stringContaining(path));
    const existing = await create({ name: 'Target' });
    const put = await api.put(`${base}/dashboards/${existing.id}`, body, { token: team.agent.token });
    expect(put.status).toBe(422);
  });

  it('refuses a service of another workspace, and takes one of its own', async () => {
    const mine = await api.post(`${base}/services`, { name: 'Chatbot' }, { token: team.admin.token });
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    const theirs = await api.post(`/api/workspaces/${team.otherWorkspace.id}/services`, { name: 'Their bot' }, { token: team.outsider.token });
    const widget = (serviceId: string) => ({
      ...kpi('svc', 'chatbot.latency_ms'),
      query: { name: 'chatbot.latency_ms', agg: 'p95', interval: 'hour', serviceId },
    });
    const refused = await api.post(`${base}/dashboards`, { name: 'Bots', widgets: [widget(theirs.body.id)] }, { token: team.agent.token });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toEqual([{ path: 'widgets.0.query.serviceId', message: 'Pick a service of this workspace' }]);
    const taken = await create({ name: 'Bots', widgets: [widget(mine.body.id) as WidgetInput] });
    expect(taken.widgets[0]!.query).toEqual({ name: 'chatbot.latency_ms', agg: 'p95', interval: 'hour', serviceId: mine.body.id });
  });
});

describe('roles and tenancy', () => {
  it('viewers read only; agents build; only admins and owners share, and only they see the link', async () => {
    expect((await api.post(`${base}/dashboards`, { name: 'Nope' }, { token: team.viewer.token })).status).toBe(403);
    const created = await create({ name: 'Roles', widgets: [kpi('a')] });
    expect((await api.put(`${base}/dashboards/${created.id}`, { name: 'X', widgets: [] }, { token: team.viewer.token })).status).toBe(403);
    expect((await api.delete(`${base}/dashboards/${created.id}`, { token: team.viewer.token })).status).toBe(403);
    expect((await api.post(`${base}/dashboards/${created.id}/share`, undefined, { token: team.agent.token })).status).toBe(403);
    expect((await api.delete(`${base}/dashboards/${created.id}/share`, { token: team.agent.token })).status).toBe(403);
    const link = await share(created.id, team.owner.token);
    for (const who of [team.owner, team.admin]) {
      expect((await api.get(`${base}/dashboards/${created.id}`, { token: who.token })).body.shareUrl).toBe(link.url);
    }
    for (const who of [team.agent, team.viewer]) {
      const seen = await api.get(`${base}/dashboards/${created.id}`, { token: who.token });
      expect(seen.body).toMatchObject({ shareUrl: null, sharedAt: expect.any(String) });
    }
  });

  it('never reaches another workspace’s dashboard, through its own workspace or the other', async () => {
    const theirs = (await api.get(`/api/workspaces/${team.otherWorkspace.id}/dashboards`, { token: team.outsider.token })).body.data[0] as Dashboard;
    const path = `${base}/dashboards/${theirs.id}`;
    expect((await api.get(path, { token: team.owner.token })).status).toBe(404);
    expect((await api.put(path, { name: 'Mine now', widgets: [] }, { token: team.owner.token })).status).toBe(404);
    expect((await api.delete(path, { token: team.owner.token })).status).toBe(404);
    expect((await api.post(`${path}/share`, undefined, { token: team.owner.token })).status).toBe(404);
    expect((await api.get(`/api/workspaces/${team.otherWorkspace.id}/dashboards/${theirs.id}`, { token: team.owner.token })).status).toBe(404);
    const [row] = await app.database.db.select().from(dashboards).where(eq(dashboards.id, theirs.id));
    expect(row).toMatchObject({ name: DEFAULT_DASHBOARD.name, shareId: null });
  });
});

describe('sharing', () => {
  const range = '?from=2026-01-01T00:00:00Z&to=2026-01-08T00:00:00Z&tz=UTC';
  let shop: Dashboard;

  beforeAll(async () => {
    const points = [
      { name: 'shop.visits', value: 5, at: '2026-01-02T10:00:00Z' },
      { name: 'shop.visits', value: 7, at: '2026-01-05T12:00:00Z' },
      // The week before the range: what the KPI compares with.
      { name: 'shop.visits', value: 4, at: '2025-12-28T09:00:00Z' },
    ];
    const ingested = await api.post(`${base}/metrics`, { points }, { token: team.admin.token });
    expect(ingested.status, JSON.stringify(ingested.body)).toBe(202);
    shop = await create({ name: 'Shop visits', widgets: [kpi('visits'), line('trend')] });
  });

  it('the link shows the dashboard and its data over the range, and nothing else', async () => {
    await create({ name: 'Secret plans', widgets: [kpi('secret', 'secret.metric')] });
    const link = await share(shop.id);
    expect(link.url).toMatch(/^https?:\/\/[^/]+\/d\/[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/);
    const res = await api.get(publicUrl(link.token, range));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers.get('cache-control')).toContain('no-store');
    const page = publicDashboardSchema.parse(res.body);
    expect(Object.keys(res.body).sort()).toEqual(['data', 'from', 'name', 'previous', 'to', 'tz', 'widgets']);
    expect(page).toMatchObject({ name: 'Shop visits', from: '2026-01-01T00:00:00.000Z', to: '2026-01-08T00:00:00.000Z', tz: 'UTC' });
    expect(page.widgets.map((w) => w.id)).toEqual(['visits', 'trend']);
    expect(page.widgets[0]!.query).toEqual({ name: 'shop.visits', agg: 'sum', interval: 'day' });
    expect(page.data.trend!.map((p) => p.t)).toEqual(Array.from({ length: 7 }, (_, i) => `2026-01-0${i + 1}T00:00:00.000Z`));
    expect(page.data.trend!.map((p) => p.value)).toEqual([0, 5, 0, 0, 7, 0, 0]);
    expect(page.data.visits!.reduce((sum, p) => sum + (p.value ?? 0), 0)).toBe(12);
    expect(page.previous).toEqual({ visits: expect.any(Array) });
    expect(page.previous.visits!.reduce((sum, p) => sum + (p.value ?? 0), 0)).toBe(4);

    const text = JSON.stringify(res.body);
    for (const secret of [
      team.workspace.id,
      shop.id,
      'Secret plans',
      'secret.metric',
      'Acme',
      team.owner.user.email,
      team.owner.user.name,
      team.agent.user.id,
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('defaults to the last 30 days in UTC', async () => {
    const link = await share(shop.id);
    const before = Date.now();
    const res = await api.get(publicUrl(link.token));
    expect(res.status).toBe(200);
    expect(res.body.tz).toBe('UTC');
    const to = Date.parse(res.body.to);
    expect(to).toBeGreaterThanOrEqual(before - 1000);
    expect(to - Date.parse(res.body.from)).toBe(30 * 86_400_000);
    expect(res.body.data.trend.length).toBeGreaterThanOrEqual(30);
  });

  it('refuses a range it cannot show (422)', async () => {
    const link = await share(shop.id);
    expect((await api.get(publicUrl(link.token, '?from=2026-01-08T00:00:00Z&to=2026-01-01T00:00:00Z'))).status).toBe(422);
    expect((await api.get(publicUrl(link.token, '?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z'))).status).toBe(422);
    expect((await api.get(publicUrl(link.token, '?tz=Mars/Olympus'))).status).toBe(422);
  });

  it('revoking makes the link answer 410, saying so; sharing again makes a new link and retires the old one', async () => {
    const first = await share(shop.id);
    expect((await api.get(publicUrl(first.token))).status).toBe(200);
    expect((await api.delete(`${base}/dashboards/${shop.id}/share`, { token: team.admin.token })).status).toBe(204);
    const revoked = await api.get(publicUrl(first.token));
    expect(revoked.status).toBe(410);
    expect(revoked.body.error.code).toBe('gone');
    expect(revoked.body.error.message).toMatch(/revoked/);
    expect((await api.get(`${base}/dashboards/${shop.id}`, { token: team.admin.token })).body).toMatchObject({ sharedAt: null, shareUrl: null });
    // Revoking what is not shared changes nothing.
    expect((await api.delete(`${base}/dashboards/${shop.id}/share`, { token: team.admin.token })).status).toBe(204);

    const second = await share(shop.id);
    const third = await share(shop.id);
    expect(second.token).not.toBe(third.token);
    expect((await api.get(publicUrl(second.token))).status).toBe(410);
    expect((await api.get(publicUrl(third.token))).status).toBe(200);
    const actions = await app.database.db.select({ action: activities.action }).from(activities).where(eq(activities.subjectId, shop.id));
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['dashboard.shared', 'dashboard.unshared']));
  });

  it('a deleted dashboard’s link answers 410', async () => {
    const doomed = await create({ name: 'Short-lived', widgets: [kpi('a')] });
    const link = await share(doomed.id);
    expect((await api.delete(`${base}/dashboards/${doomed.id}`, { token: team.agent.token })).status).toBe(204);
    expect((await api.get(publicUrl(link.token))).status).toBe(410);
  });

  it('never opens another dashboard or workspace: an edited link is refused', async () => {
    const mine = await share(shop.id);
    const theirs = (await api.get(`/api/workspaces/${team.otherWorkspace.id}/dashboards`, { token: team.outsider.token })).body.data[0] as Dashboard;
    const theirLink = await api.post(`/api/workspaces/${team.otherWorkspace.id}/dashboards/${theirs.id}/share`, undefined, { token: team.outsider.token });
    const theirToken = new URL(theirLink.body.url).pathname.split('/').pop()!;
    const [minePayload, mineSignature] = mine.token.split('.') as [string, string];
    const [theirPayload, theirSignature] = theirToken.split('.') as [string, string];
    const bytes = Buffer.from(minePayload, 'base64url');
    const named = (dashboardId: string, shareBytes = bytes.subarray(16)) =>
      Buffer.concat([Buffer.from(dashboardId.replace(/-/g, ''), 'hex'), shareBytes]).toString('base64url');

    const forged = [
      // My signature over a payload that names their dashboard (with my share id, then theirs).
      `${named(theirs.id)}.${mineSignature}`,
      `${theirPayload}.${mineSignature}`,
      // Their signature over my payload, and my payload naming another dashboard of my own workspace.
      `${minePayload}.${theirSignature}`,
      `${named(((await api.get(`${base}/dashboards`, { token: team.viewer.token })).body.data as Dashboard[]).find((d) => d.isDefault)!.id)}.${mineSignature}`,
      // The signature's last character changed, and a token of the right length signed by no one.
      `${minePayload}.${mineSignature.slice(0, -1)}${mineSignature.endsWith('A') ? 'B' : 'A'}`,
      `${'A'.repeat(43)}.${'A'.repeat(43)}`,
    ];
    for (const token of forged) {
      const res = await api.get(publicUrl(token));
      expect(res.status, token).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain(theirs.id);
    }
    for (const malformed of ['not-a-token', `${minePayload}.${mineSignature}x`, `${minePayload}`]) {
      expect((await api.get(publicUrl(malformed))).status).toBe(404);
    }
    // Their own link shows their dashboard: nothing of this workspace.
    const own = await api.get(publicUrl(theirToken));
    expect(own.status).toBe(200);
    expect(own.body.name).toBe(DEFAULT_DASHBOARD.name);
    expect(JSON.stringify(own.body)).not.toContain('shop.visits');
  });
});

describe('demo data', () => {
  it('gives the demo workspace its default dashboard and a shared one whose link opens', async () => {
    const [demo] = await app.database.db.insert(workspaces).values({ name: 'Demo-like' }).returning({ id: workspaces.id });
    await app.database.db.transaction((tx) => seedDashboards(tx, { workspaceId: demo!.id, ownerId: team.owner.user.id }));
    const rows = await app.database.db.select().from(dashboards).where(eq(dashboards.workspaceId, demo!.id));
    expect(rows.map((r) => [r.name, r.isDefault, r.shareId !== null])).toEqual(
      expect.arrayContaining([
        [DEFAULT_DASHBOARD.name, true, false],
        [SHARED_DEMO_DASHBOARD.name, false, true],
      ]),
    );
    // Its widgets are ones the API would take.
    expect(createDashboardBodySchema.safeParse(SHARED_DEMO_DASHBOARD).success).toBe(true);
    const shared = rows.find((r) => r.shareId)!;
    const res = await api.get(publicUrl(signShareToken({ dashboardId: shared.id, shareId: shared.shareId! })));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.name).toBe(SHARED_DEMO_DASHBOARD.name);
    expect(Object.keys(res.body.data).sort()).toEqual(SHARED_DEMO_DASHBOARD.widgets.map((w) => w.id).sort());
  });
});
