// Metrics over HTTP: ingestion (idempotent, a point replaced by the same key, every refusal a 422 naming the
// point, never a 500; the event after the commit), the names, series (every bucket of the range, empty ones 0 or
// null, a service's alone, ranges refused), the CSV export, and the built-in series computed from the app's own
// conversations, messages, orders and batches. tests/api/metrics-series.test.ts compares every aggregate and
// interval across time zones with a naive computation; metrics-keys.test.ts ingests with API keys.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsIngestedEventSchema } from '../../contracts/metrics.js';
import { rowsOf } from '../../db/client.js';
import { computeSeries } from '../../api/_lib/metrics/series.js';
import { seriesQuerySchema } from '../../contracts/metrics.js';
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

const db = () => app.database.db;
interface Point {
  name: string;
  value: number;
  at?: string;
  serviceId?: string | null;
  dimensions?: Record<string, string>;
}
const ingest = (points: Point[], token = team.admin.token, headers?: Record<string, string>) => api.post(`${w}/metrics`, { points }, { token, headers });
const series = async (query: Record<string, string>, token = team.viewer.token) => {
  const res = await api.get(`${w}/metrics/series?${new URLSearchParams(query)}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.points as { t: string; value: number | null }[];
};
let nameCount = 0;
const freshName = (prefix = 'test') => `${prefix}.m${++nameCount}_${Date.now().toString(36)}`;
const newService = async (name: string, kind = 'custom') => {
  const res = await api.post(`${w}/services`, { name, kind }, { token: team.admin.token });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
};
const DAY = { from: '2026-01-10T00:00:00Z', to: '2026-01-11T00:00:00Z' };

describe('ingestion', () => {
  it('answers 202 with the count, and the same batch twice gives the same series and the same stored rows', async () => {
    const name = freshName();
    const points: Point[] = [
      { name, value: 1, at: '2026-01-10T01:00:00Z' },
      { name, value: 2, at: '2026-01-10T01:05:00Z', dimensions: { region: 'eu' } },
      { name, value: 7, at: '2026-01-10T13:30:00Z', dimensions: { region: 'us' } },
    ];
    const first = await ingest(points);
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    expect(first.body).toEqual({ accepted: 3 });
    const stored = () =>
      rowsOf<Record<string, unknown>>(
        db(),
        sql`select name, service_id, at, value, dimensions from metric_points where name = ${name} order by at, dimensions::text`,
      );
    const rollups = () =>
      rowsOf<Record<string, unknown>>(db(), sql`select bucket, count, sum, min, max from metric_rollups where name = ${name} order by bucket`);
    const query = { name, interval: 'hour', agg: 'sum', ...DAY };
    const before = { series: await series(query), points: await stored(), rollups: await rollups() };
    expect((await ingest(points)).status).toBe(202);
    expect({ series: await series(query), points: await stored(), rollups: await rollups() }).toEqual(before);
    expect(before.points).toHaveLength(3);
    expect(before.series.filter((p) => p.value !== 0)).toEqual([
      { t: '2026-01-10T01:00:00.000Z', value: 3 },
      { t: '2026-01-10T13:00:00.000Z', value: 7 },
    ]);
    expect(before.rollups.map((r) => [r.count, r.sum, r.min, r.max])).toEqual([
      [2, 3, 1, 2],
      [1, 7, 7, 7],
    ]);
  });

  it('a point with the same name, service, dimensions and instant replaces the earlier one, in any key order; others stay', async () => {
    const name = freshName();
    const service = await newService(`Replace ${name}`);
    const at = '2026-01-10T05:00:00Z';
    await ingest([
      { name, value: 10, at, serviceId: service, dimensions: { a: '1', b: '2' } },
      { name, value: 20, at, serviceId: service, dimensions: { a: '1' } },
      { name, value: 30, at },
    ]);
    const res = await ingest([{ name, value: 4, at, serviceId: service, dimensions: { b: '2', a: '1' } }]);
    expect(res.status).toBe(202);
    const q = { name, interval: 'day', ...DAY };
    expect(await series({ ...q, agg: 'sum' })).toEqual([{ t: '2026-01-10T00:00:00.000Z', value: 54 }]);
    expect(await series({ ...q, agg: 'min', serviceId: service })).toEqual([{ t: '2026-01-10T00:00:00.000Z', value: 4 }]);
    expect(await series({ ...q, agg: 'count' })).toEqual([{ t: '2026-01-10T00:00:00.000Z', value: 3 }]);
    // Within one batch the later of two same points wins.
    await ingest([
      { name, value: 100, at },
      { name, value: 1, at },
    ]);
    expect(await series({ ...q, agg: 'max' })).toEqual([{ t: '2026-01-10T00:00:00.000Z', value: 20 }]);
    expect(await series({ ...q, agg: 'sum' })).toEqual([{ t: '2026-01-10T00:00:00.000Z', value: 25 }]);
  });

  it('batches sent at once into the same buckets all count: each rebuild sees the batches committed before it', async () => {
    const name = freshName();
    const batches = Array.from({ length: 12 }, (_, b) =>
      Array.from({ length: 50 }, (_, i) => ({ name, value: 1, at: new Date(Date.UTC(2026, 0, 10, 10, 0, b * 50 + i)).toISOString() })),
    );
    const answers = await Promise.all(batches.map((points) => ingest(points)));
    expect(answers.map((a) => a.status)).toEqual(batches.map(() => 202));
    const rollups = await rowsOf<{ count: number; sum: number }>(db(), sql`select count, sum from metric_rollups where name = ${name} order by bucket`);
    expect(rollups).toEqual([{ count: 600, sum: 600 }]);
  });

  it('takes 1,000 points and refuses 1,001 with 422, writing nothing', async () => {
    const name = freshName();
    const batch = (n: number) => Array.from({ length: n }, (_, i) => ({ name, value: i, at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString() }));
    const over = await ingest(batch(1001));
    expect(over.status).toBe(422);
    expect(over.body.error.details[0].path).toBe('points');
    expect(await rowsOf(db(), sql`select 1 from metric_points where name = ${name}`)).toHaveLength(0);
    const full = await ingest(batch(1000));
    expect(full.status).toBe(202);
    expect(full.body).toEqual({ accepted: 1000 });
    const day = await series({ name, interval: 'day', agg: 'count', from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' });
    expect(day).toEqual([{ t: '2026-01-01T00:00:00.000Z', value: 1000 }]);
  });

  it('refuses bad points with 422 naming the point, never 500, and writes none of the batch', async () => {
    const name = freshName();
    const other = await api.post(`/api/workspaces/${team.otherWorkspace.id}/services`, { name: 'Theirs', kind: 'custom' }, { token: team.outsider.token });
    expect(other.status).toBe(201);
    const good = { name, value: 1, at: '2026-01-10T00:00:00Z' };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, name: 'Upper.Case' }, 'points.1.name'],
      [{ ...good, name: '9lives' }, 'points.1.name'],
      [{ ...good, name: 'x'.repeat(101) }, 'points.1.name'],
      [{ ...good, name: 'orders.revenue' }, 'points.1.name'],
      [{ ...good, value: 'NaN' }, 'points.1.value'],
      [{ ...good, value: null }, 'points.1.value'],
      [{ ...good, at: 'yesterday' }, 'points.1.at'],
      [{ ...good, at: new Date(Date.now() + 60 * 60_000).toISOString() }, 'points.1.at'],
      [{ ...good, dimensions: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v'])) }, 'points.1.dimensions'],
      [{ ...good, dimensions: { k: 1 } }, 'points.1.dimensions.k'],
      [{ ...good, serviceId: other.body.id }, 'points.1.serviceId'],
      [{ ...good, serviceId: '00000000-0000-4000-8000-000000000000' }, 'points.1.serviceId'],
      [{ ...good, serviceId: 'svc-1' }, 'points.1.serviceId'],
      [{ ...good, extra: true }, 'points.1.extra'],
    ];
    for (const [bad, path] of cases) {
      const res = await api.post(`${w}/metrics`, { points: [good, bad] }, { token: team.admin.token });
      expect(res.status, `${path} ${JSON.stringify(res.body)}`).toBe(422);
      expect(
        res.body.error.details.map((d: { path: string }) => d.path),
        JSON.stringify(bad),
      ).toContain(path);
    }
    expect((await api.post(`${w}/metrics`, { points: [] }, { token: team.admin.token })).status).toBe(422);
    expect(await rowsOf(db(), sql`select 1 from metric_points where name = ${name}`)).toHaveLength(0);
    // A point a few seconds ahead of the server's clock is fine; no `at` means now.
    const soon = await ingest([
      { name, value: 1, at: new Date(Date.now() + 60_000).toISOString() },
      { name, value: 2 },
    ]);
    expect(soon.status).toBe(202);
  });

  it('is for admins: agents and viewers get 403, another workspace 404', async () => {
    const points = [{ name: freshName(), value: 1 }];
    expect((await ingest(points, team.agent.token)).status).toBe(403);
    expect((await ingest(points, team.viewer.token)).status).toBe(403);
    expect((await ingest(points, team.owner.token)).status).toBe(202);
    const outsider = await api.post(`${w}/metrics`, { points }, { token: team.outsider.token });
    expect(outsider.status).toBe(404);
  });

  it('honours Idempotency-Key, and records metrics.ingested with the names, services and instants after the commit', async () => {
    const name = freshName();
    const service = await newService(`Events ${name}`);
    const points = [
      { name, value: 1, at: '2026-01-10T03:00:00Z', serviceId: service },
      { name: `${name}.b`, value: 2, at: '2026-01-10T09:00:00Z' },
    ];
    const headers = { 'Idempotency-Key': `metrics-${name}` };
    const first = await ingest(points, team.admin.token, headers);
    const again = await ingest(points, team.admin.token, headers);
    expect([first.status, again.status]).toEqual([202, 202]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const events = await rowsOf<{ payload: unknown }>(
      db(),
      sql`select payload from outbox where name = 'metrics.ingested' and workspace_id = ${team.workspace.id}::uuid and payload->'names' ? ${name}`,
    );
    expect(events).toHaveLength(1);
    expect(metricsIngestedEventSchema.parse(events[0]!.payload)).toEqual({
      names: [name, `${name}.b`],
      serviceIds: [service, null],
      truncated: false,
      from: '2026-01-10T03:00:00.000Z',
      to: '2026-01-10T09:00:00.000Z',
    });
  });
});

describe('names', () => {
  it('lists the built-ins, then each ingested name with its services and newest point; serviceId narrows', async () => {
    const name = freshName('names');
    const a = await newService(`Names A ${name}`);
    const b = await newService(`Names B ${name}`);
    await ingest([
      { name, value: 1, at: '2026-01-10T00:00:00Z', serviceId: a },
      { name, value: 1, at: '2026-01-12T00:00:00Z', serviceId: b },
      { name, value: 1, at: '2026-01-11T00:00:00Z' },
      { name: `${name}.only_a`, value: 1, at: '2026-01-10T00:00:00Z', serviceId: a },
    ]);
    const all = await api.get(`${w}/metrics`, { token: team.viewer.token });
    expect(all.status).toBe(200);
    const data = all.body.data as { name: string; builtin: boolean; serviceIds: (string | null)[]; agg: string | null; lastAt: string | null }[];
    expect(data.slice(0, 8).map((m) => [m.name, m.builtin])).toEqual([
      ['conversations.created', true],
      ['conversations.first_response_seconds', true],
      ['conversations.resolution_seconds', true],
      ['messages.received', true],
      ['orders.count', true],
      ['orders.revenue', true],
      ['batches.released', true],
      ['batches.rejection_rate', true],
    ]);
    expect(data.find((m) => m.name === 'batches.rejection_rate')!.agg).toBe('avg');
    const mine = data.find((m) => m.name === name)!;
    expect(mine.builtin).toBe(false);
    expect([...mine.serviceIds].sort()).toEqual([a, b, null].sort());
    expect(mine.lastAt).toBe('2026-01-12T00:00:00.000Z');
    const ingestedNames = data.filter((m) => !m.builtin).map((m) => m.name);
    expect(ingestedNames).toEqual([...ingestedNames].sort());

    const ofA = await api.get(`${w}/metrics?serviceId=${a}`, { token: team.viewer.token });
    expect(ofA.body.data.map((m: { name: string; serviceIds: string[] }) => [m.name, m.serviceIds])).toEqual([
      [name, [a]],
      [`${name}.only_a`, [a]],
    ]);
  });
});

describe('series', () => {
  it('answers every bucket of the range: count and sum 0 when empty, the others null; a service alone with serviceId', async () => {
    const name = freshName();
    const service = await newService(`Series ${name}`);
    await ingest([
      { name, value: 5, at: '2026-01-10T10:10:00Z', serviceId: service },
      { name, value: 3, at: '2026-01-10T10:50:00Z' },
    ]);
    const range = { name, interval: 'hour', from: '2026-01-10T08:00:00Z', to: '2026-01-10T12:00:00Z' };
    const hours = ['08', '09', '10', '11'].map((h) => `2026-01-10T${h}:00:00.000Z`);
    const values = async (agg: string, extra: Record<string, string> = {}) => (await series({ ...range, agg, ...extra })).map((p) => p.value);
    expect((await series({ ...range, agg: 'sum' })).map((p) => p.t)).toEqual(hours);
    expect(await values('sum')).toEqual([0, 0, 8, 0]);
    expect(await values('count')).toEqual([0, 0, 2, 0]);
    expect(await values('avg')).toEqual([null, null, 4, null]);
    expect(await values('min')).toEqual([null, null, 3, null]);
    expect(await values('max')).toEqual([null, null, 5, null]);
    expect(await values('p50')).toEqual([null, null, 4, null]);
    expect(await values('sum', { serviceId: service })).toEqual([0, 0, 5, 0]);
    expect(await values('p95', { serviceId: service })).toEqual([null, null, 5, null]);
    // A bucket counts whole: a range starting inside the 10:00 hour still holds both points.
    expect(await series({ ...range, agg: 'sum', from: '2026-01-10T10:30:00Z', to: '2026-01-10T10:31:00Z' })).toEqual([{ t: hours[2], value: 8 }]);
  });

  it('defaults to day buckets of the last 30 days in UTC, summed', async () => {
    const name = freshName();
    await ingest([{ name, value: 2 }]);
    const points = await series({ name });
    expect(points).toHaveLength(31);
    expect(points.at(-1)).toEqual({ t: `${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`, value: 2 });
  });

  it('refuses more than 5,000 buckets, an end before the start, an unknown zone or offset, and a service on a built-in with 422', async () => {
    const name = freshName();
    const refused = async (query: Record<string, string>, path: string) => {
      const res = await api.get(`${w}/metrics/series?${new URLSearchParams({ name, ...query })}`, { token: team.viewer.token });
      expect(res.status, JSON.stringify(query)).toBe(422);
      expect(res.body.error.details[0].path).toBe(path);
    };
    await refused({ interval: 'hour', from: '2025-01-01T00:00:00Z', to: '2025-08-01T00:00:00Z' }, 'query.from');
    await refused({ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' }, 'query.to');
    await refused({ tz: 'Mars/Olympus_Mons' }, 'query.tz');
    await refused({ tz: '+05:00' }, 'query.tz');
    await refused({ agg: 'median' }, 'query.agg');
    await refused({ name: 'orders.count', serviceId: '00000000-0000-4000-8000-000000000000' }, 'query.serviceId');
    // 5,000 hours is the most.
    const most = await api.get(
      `${w}/metrics/series?${new URLSearchParams({ name, interval: 'hour', from: '2025-01-01T00:00:00Z', to: '2025-07-28T08:00:00Z' })}`,
      {
        token: team.viewer.token,
      },
    );
    expect(most.status).toBe(200);
    expect(most.body.points).toHaveLength(5000);
  });

  it('exports the series as CSV t,value', async () => {
    const name = freshName();
    await ingest([{ name, value: 1.5, at: '2026-01-10T10:00:00Z' }]);
    const res = await api.get(
      `${w}/metrics/series/export?${new URLSearchParams({ name, agg: 'avg', from: '2026-01-09T00:00:00Z', to: '2026-01-11T00:00:00Z' })}`,
      {
        token: team.viewer.token,
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(String(res.body).replace(/^\uFEFF/, '')).toBe('t,value\r\n2026-01-09T00:00:00.000Z,\r\n2026-01-10T00:00:00.000Z,1.5\r\n');
  });

  it('computeSeries answers what the endpoint answers, for a caller that settled access itself', async () => {
    const name = freshName();
    await ingest([
      { name, value: 2, at: '2026-01-10T10:00:00Z' },
      { name, value: 6, at: '2026-01-10T23:30:00Z' },
    ]);
    for (const agg of ['sum', 'p95']) {
      const query = { name, agg, interval: 'day', tz: 'Europe/Berlin', from: '2026-01-09T12:00:00Z', to: '2026-01-12T00:00:00Z' };
      expect(await computeSeries(db(), team.workspace.id, seriesQuerySchema.parse(query))).toEqual({ points: await series(query) });
    }
    await expect(
      computeSeries(db(), team.workspace.id, seriesQuerySchema.parse({ name, interval: 'hour', from: '2020-01-01T00:00:00Z' })),
    ).rejects.toMatchObject({
      status: 422,
    });
  });
});

describe('built-in series', () => {
  it("computes conversations, first response, resolution, messages, orders, revenue, releases and the rejection rate from the app's data", async () => {
    // A workspace of its own, so nothing else is counted.
    const owner = team.owner.token;
    const ws = await api.post('/api/workspaces', { name: 'Built-ins' }, { token: owner });
    const base = `/api/workspaces/${ws.body.id}`;
    const wid = ws.body.id as string;
    const customer = await api.post(`${base}/customers`, { name: 'Cleo Customer', email: 'cleo@example.com' }, { token: owner });
    const conversations: string[] = [];
    for (let i = 0; i < 2; i++) {
      const c = await api.post(`${base}/conversations`, { customerId: customer.body.id, channel: 'email' }, { token: owner });
      expect(c.status, JSON.stringify(c.body)).toBe(201);
      conversations.push(c.body.id);
      for (const [senderType, content] of [
        ['customer', 'Hello?'],
        ['agent', 'Hi!'],
        ['agent', 'Anything else?'],
      ])
        expect((await api.post(`${base}/conversations/${c.body.id}/messages`, { content, senderType }, { token: owner })).status).toBe(201);
    }
    expect((await api.patch(`${base}/conversations/${conversations[0]}`, { status: 'closed' }, { token: owner })).status).toBe(200);
    // Place everything at known instants: conversation 1 on Jan 10 08:00, replied at 08:10 and 08:20, closed at
    // 09:00; conversation 2 on Jan 11 08:00, replied at 08:30.
    await db()
      .execute(sql`update conversations set created_at = case id when ${conversations[0]}::uuid then '2026-01-10T08:00:00Z'::timestamptz else '2026-01-11T08:00:00Z' end
      where workspace_id = ${wid}::uuid`);
    await db()
      .execute(sql`with m as (select id, conversation_id, row_number() over (partition by conversation_id order by created_at, id) as n from messages where workspace_id = ${wid}::uuid)
      update messages set created_at = c.created_at + (case m.n when 1 then interval '0 minutes' when 2 then (case when c.id = ${conversations[0]}::uuid then interval '10 minutes' else interval '30 minutes' end) else interval '40 minutes' end)
      from m, conversations c where messages.id = m.id and c.id = m.conversation_id`);
    await db().execute(
      sql`update activities set created_at = '2026-01-10T09:00:00Z' where workspace_id = ${wid}::uuid and action = 'conversation.status_changed'`,
    );
    await db()
      .execute(sql`insert into orders (workspace_id, number, currency, subtotal, total, status, payment_status, amount_paid, amount_refunded, created_at) values
      (${wid}::uuid, 1, 'usd', 1000, 1000, 'completed', 'paid', 1000, 0, '2026-01-10T12:00:00Z'),
      (${wid}::uuid, 2, 'usd', 500, 500, 'pending', 'unpaid', 0, 0, '2026-01-10T13:00:00Z'),
      (${wid}::uuid, 3, 'usd', 800, 800, 'completed', 'partially_refunded', 800, 300, '2026-01-11T12:00:00Z')`);
    const plant = await api.post(`${base}/plants`, { name: 'Roastery' }, { token: owner });
    for (const [status, at] of [
      ['released', '2026-01-10T15:00:00Z'],
      ['released', '2026-01-10T16:00:00Z'],
      ['rejected', '2026-01-10T17:00:00Z'],
      ['rejected', '2026-01-11T17:00:00Z'],
    ]) {
      const b = await api.post(`${base}/batches`, { plantId: plant.body.id, product: 'Blend', plannedQuantity: 10, unit: 'bags' }, { token: owner });
      expect(b.status, JSON.stringify(b.body)).toBe(201);
      await db().execute(sql`update batches set status = ${status}, started_at = ${at}::timestamptz - interval '2 hours', completed_at = ${at}::timestamptz,
        produced_quantity = ${status === 'released' ? 10 : null} where id = ${b.body.id}::uuid`);
    }

    const read = async (name: string, agg: string) => {
      const res = await api.get(
        `${base}/metrics/series?${new URLSearchParams({ name, agg, interval: 'day', from: '2026-01-10T00:00:00Z', to: '2026-01-12T00:00:00Z' })}`,
        {
          token: owner,
        },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.points.map((p: { value: number | null }) => p.value);
    };
    expect(await read('conversations.created', 'count')).toEqual([1, 1]);
    expect(await read('conversations.first_response_seconds', 'avg')).toEqual([600, 1800]);
    expect(await read('conversations.resolution_seconds', 'max')).toEqual([3600, null]);
    expect(await read('messages.received', 'count')).toEqual([1, 1]);
    expect(await read('orders.count', 'count')).toEqual([2, 1]);
    expect(await read('orders.revenue', 'sum')).toEqual([1000, 500]);
    expect(await read('batches.released', 'count')).toEqual([2, 0]);
    const rate = await read('batches.rejection_rate', 'avg');
    expect(rate[0]).toBeCloseTo(1 / 3, 10);
    expect(rate[1]).toBe(1);
    // Built-ins in the caller's day: in Los Angeles, 07:59 UTC on Jan 10 is still Jan 9.
    await db().execute(sql`update conversations set created_at = created_at - interval '1 minute' where id = ${conversations[0]}::uuid`);
    const la = await api.get(
      `${base}/metrics/series?${new URLSearchParams({ name: 'conversations.created', agg: 'count', tz: 'America/Los_Angeles', from: '2026-01-09T08:00:00Z', to: '2026-01-12T08:00:00Z' })}`,
      { token: owner },
    );
    expect(la.body.points).toEqual([
      { t: '2026-01-09T08:00:00.000Z', value: 1 },
      { t: '2026-01-10T08:00:00.000Z', value: 0 },
      { t: '2026-01-11T08:00:00.000Z', value: 1 },
    ]);
  });
});
