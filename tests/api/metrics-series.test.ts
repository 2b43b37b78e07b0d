// Series against a naive computation (fast-check): random points (several names, services and dimensions, many
// sent again with new values, in one to three batches) around the DST changes of 2026, then random queries of
// every aggregate and interval in UTC, Berlin, New York, Lord Howe (a 30-minute DST shift, at +10:30) and
// Kathmandu (+05:45), each compared with what this file computes by itself: the zones' offsets from their rules
// (no Intl), each point's bucket, the range's buckets, and the aggregates (percentiles interpolated as
// percentile_cont does).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { teamFixture } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;
let w: string;
let services: string[];

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
  team = await teamFixture(api);
  w = `/api/workspaces/${team.workspace.id}`;
  services = [];
  for (const name of ['Property bot', 'Property voice']) {
    const res = await api.post(`${w}/services`, { name, kind: 'custom' }, { token: team.admin.token });
    services.push(res.body.id);
  }
});
afterAll(() => app.close());

// --- time zones by their rules ------------------------------------------------------------------------------

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The UTC midnight of the nth (1-based) Sunday of a month, or of its last Sunday (n = -1). */
function sunday(year: number, month: number, n: number): number {
  if (n > 0) {
    const first = Date.UTC(year, month, 1);
    const dow = new Date(first).getUTCDay();
    return first + (((7 - dow) % 7) + (n - 1) * 7) * DAY;
  }
  const last = Date.UTC(year, month + 1, 0);
  return last - new Date(last).getUTCDay() * DAY;
}

type Zone = 'UTC' | 'Europe/Berlin' | 'America/New_York' | 'Australia/Lord_Howe' | 'Asia/Kathmandu';
const ZONES: Zone[] = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu'];

/** The zone's offset from UTC at an instant, in milliseconds. */
function offset(zone: Zone, at: number): number {
  const year = new Date(at).getUTCFullYear();
  switch (zone) {
    case 'UTC':
      return 0;
    case 'Asia/Kathmandu':
      return 5 * HOUR + 45 * MINUTE;
    case 'Europe/Berlin': {
      // CEST from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October.
      const summer = at >= sunday(year, 2, -1) + HOUR && at < sunday(year, 9, -1) + HOUR;
      return (summer ? 2 : 1) * HOUR;
    }
    case 'America/New_York': {
      // EDT from 02:00 EST on the second Sunday of March to 02:00 EDT on the first Sunday of November.
      const summer = at >= sunday(year, 2, 2) + 7 * HOUR && at < sunday(year, 10, 1) + 6 * HOUR;
      return (summer ? -4 : -5) * HOUR;
    }
    case 'Australia/Lord_Howe': {
      // +11 from 02:00 local (+10:30) on the first Sunday of October to 02:00 local (+11) on the first Sunday
      // of April: 15:30 and 15:00 UTC on the Saturdays before.
      const ends = sunday(year, 3, 1) - DAY + 15 * HOUR;
      const starts = sunday(year, 9, 1) - DAY + 15 * HOUR + 30 * MINUTE;
      return at < ends || at >= starts ? 11 * HOUR : 10 * HOUR + 30 * MINUTE;
    }
  }
}

/** The instant of a local wall-clock time (none of these zones changes its offset at midnight). */
function fromLocal(zone: Zone, local: number): number {
  const guess = local - offset(zone, local);
  return local - offset(zone, guess);
}

type Interval = 'hour' | 'day' | 'week';

/** The first instant of the bucket that holds `at`. */
function bucket(zone: Zone, interval: Interval, at: number): number {
  const local = at + offset(zone, at);
  if (interval === 'hour') return at - (((local % HOUR) + HOUR) % HOUR);
  const midnight = Math.floor(local / DAY) * DAY;
  if (interval === 'day') return fromLocal(zone, midnight);
  const monday = midnight - ((new Date(midnight).getUTCDay() + 6) % 7) * DAY;
  return fromLocal(zone, monday);
}

/** Every bucket that holds an instant of [from, to): the bucket of `from` and of each 15-minute boundary after it. */
function bucketsOf(zone: Zone, interval: Interval, from: number, to: number): number[] {
  const found = new Set([bucket(zone, interval, from)]);
  for (let s = Math.ceil(from / (15 * MINUTE)) * 15 * MINUTE; s < to; s += 15 * MINUTE) found.add(bucket(zone, interval, s));
  return [...found].sort((a, b) => a - b);
}

type Agg = 'sum' | 'avg' | 'count' | 'min' | 'max' | 'p50' | 'p95';
const AGGS: Agg[] = ['sum', 'avg', 'count', 'min', 'max', 'p50', 'p95'];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = p * (sorted.length - 1);
  const lower = Math.floor(pos);
  const upper = Math.ceil(pos);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (pos - lower);
}

function aggregate(agg: Agg, values: number[]): number | null {
  if (values.length === 0) return agg === 'sum' || agg === 'count' ? 0 : null;
  switch (agg) {
    case 'count':
      return values.length;
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
    case 'avg':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
    case 'p50':
      return percentile(values, 0.5);
    case 'p95':
      return percentile(values, 0.95);
  }
}

// --- the checks of the rules themselves, against dates everyone knows ----------------------------------------

describe('the naive zone rules', () => {
  it('put the 2026 changes where the tz database has them', () => {
    const at = (iso: string) => Date.parse(iso);
    expect(offset('Europe/Berlin', at('2026-03-29T00:59:00Z'))).toBe(HOUR);
    expect(offset('Europe/Berlin', at('2026-03-29T01:00:00Z'))).toBe(2 * HOUR);
    expect(offset('Europe/Berlin', at('2026-10-25T01:00:00Z'))).toBe(HOUR);
    expect(offset('America/New_York', at('2026-03-08T07:00:00Z'))).toBe(-4 * HOUR);
    expect(offset('America/New_York', at('2026-11-01T05:59:00Z'))).toBe(-4 * HOUR);
    expect(offset('America/New_York', at('2026-11-01T06:00:00Z'))).toBe(-5 * HOUR);
    expect(offset('Australia/Lord_Howe', at('2026-04-04T14:59:00Z'))).toBe(11 * HOUR);
    expect(offset('Australia/Lord_Howe', at('2026-04-04T15:00:00Z'))).toBe(10.5 * HOUR);
    expect(offset('Australia/Lord_Howe', at('2026-10-03T15:29:00Z'))).toBe(10.5 * HOUR);
    expect(offset('Australia/Lord_Howe', at('2026-10-03T15:30:00Z'))).toBe(11 * HOUR);
    // Berlin's autumn night has two 02:00 hours; its spring day 23 hours.
    expect(bucketsOf('Europe/Berlin', 'hour', at('2026-10-25T00:00:00Z'), at('2026-10-25T02:00:00Z'))).toEqual([
      at('2026-10-25T00:00:00Z'),
      at('2026-10-25T01:00:00Z'),
    ]);
    expect(bucket('Europe/Berlin', 'day', at('2026-03-29T22:30:00Z')) - bucket('Europe/Berlin', 'day', at('2026-03-29T12:00:00Z'))).toBe(23 * HOUR);
    expect(bucket('Asia/Kathmandu', 'hour', at('2026-01-01T10:20:00Z'))).toBe(at('2026-01-01T10:15:00Z'));
    expect(bucket('America/New_York', 'week', at('2026-03-09T03:00:00Z'))).toBe(at('2026-03-02T05:00:00Z'));
  });
});

// --- the property ------------------------------------------------------------------------------------------------

/** The instants the points and ranges gather around: each zone's DST changes of 2026. */
const ANCHORS = [
  '2026-03-08T07:00:00Z',
  '2026-03-29T01:00:00Z',
  '2026-04-04T15:00:00Z',
  '2026-10-03T15:30:00Z',
  '2026-10-25T01:00:00Z',
  '2026-11-01T06:00:00Z',
].map(Date.parse);
const SPREAD_MINUTES = 3 * 24 * 60;
const DIMENSIONS = [{}, { region: 'eu' }, { region: 'us' }, { region: 'eu', tier: 'pro' }];

const keyArb = fc.record({
  name: fc.integer({ min: 0, max: 1 }),
  service: fc.integer({ min: 0, max: 2 }),
  dimensions: fc.integer({ min: 0, max: DIMENSIONS.length - 1 }),
  minute: fc.integer({ min: -SPREAD_MINUTES, max: SPREAD_MINUTES }),
  second: fc.constantFrom(0, 0, 30, 59),
});
const valueArb = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }));
const queryArb = fc.record({
  name: fc.integer({ min: 0, max: 1 }),
  service: fc.integer({ min: 0, max: 2 }),
  filterService: fc.boolean(),
  zone: fc.constantFrom(...ZONES),
  interval: fc.constantFrom<Interval>('hour', 'day', 'week'),
  agg: fc.constantFrom(...AGGS),
  fromMinute: fc.integer({ min: -SPREAD_MINUTES - 600, max: SPREAD_MINUTES }),
  spanMinutes: fc.integer({ min: 1, max: 8 * 24 * 60 }),
});
const caseArb = fc
  .record({
    anchor: fc.constantFrom(...ANCHORS),
    keys: fc.array(keyArb, { minLength: 1, maxLength: 40 }),
    writes: fc.array(fc.record({ key: fc.nat(), value: valueArb, batch: fc.integer({ min: 0, max: 2 }) }), { minLength: 1, maxLength: 80 }),
    queries: fc.array(queryArb, { minLength: 4, maxLength: 4 }),
  })
  .map((c) => ({ ...c, writes: c.writes.map((wr) => ({ ...wr, key: wr.key % c.keys.length })) }));

const close = (actual: number | null, expected: number | null) =>
  actual === expected || (actual !== null && expected !== null && Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)));

let run = 0;

describe('series', () => {
  it('match a naive computation for every aggregate and interval, across time zones and DST changes', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ anchor, keys, writes, queries }) => {
        const prefix = `prop.r${++run}_${Date.now().toString(36)}`;
        const names = [`${prefix}.a`, `${prefix}.b`];
        const serviceOf = (i: number) => (i === 0 ? null : services[i - 1]!);
        const atOf = (k: (typeof keys)[number]) => anchor + k.minute * MINUTE + k.second * 1000;
        // What the workspace holds: the last value sent for each key, batches in order and points in order.
        const held = new Map<number, number>();
        for (const batch of [0, 1, 2]) {
          const points = writes.filter((wr) => wr.batch === batch);
          if (points.length === 0) continue;
          const res = await api.post(
            `${w}/metrics`,
            {
              points: points.map((wr) => {
                const k = keys[wr.key]!;
                return {
                  name: names[k.name],
                  value: wr.value,
                  at: new Date(atOf(k)).toISOString(),
                  serviceId: serviceOf(k.service),
                  dimensions: DIMENSIONS[k.dimensions],
                };
              }),
            },
            { token: team.admin.token },
          );
          expect(res.status, JSON.stringify(res.body)).toBe(202);
          // Keys equal in name, service, dimensions and instant are one point.
          for (const wr of points) {
            const k = keys[wr.key]!;
            const same = keys.findIndex((o) => o.name === k.name && o.service === k.service && o.dimensions === k.dimensions && atOf(o) === atOf(k));
            held.set(same, wr.value);
          }
        }

        for (const q of queries) {
          const from = anchor + q.fromMinute * MINUTE;
          const to = from + q.spanMinutes * MINUTE;
          const serviceId = q.filterService ? serviceOf(q.service) : undefined;
          // A series of points without a service is not asked by serviceId: null stands for every service.
          const query: Record<string, string> = {
            name: names[q.name]!,
            interval: q.interval,
            agg: q.agg,
            tz: q.zone,
            from: new Date(from).toISOString(),
            to: new Date(to).toISOString(),
          };
          if (serviceId) query.serviceId = serviceId;
          const res = await api.get(`${w}/metrics/series?${new URLSearchParams(query)}`, { token: team.viewer.token });
          expect(res.status, JSON.stringify(res.body)).toBe(200);

          const buckets = bucketsOf(q.zone, q.interval, from, to);
          const inBucket = new Map<number, number[]>(buckets.map((b) => [b, []]));
          for (const [i, value] of held) {
            const k = keys[i]!;
            if (k.name !== q.name || (serviceId && serviceOf(k.service) !== serviceId)) continue;
            inBucket.get(bucket(q.zone, q.interval, atOf(k)))?.push(value);
          }
          const expected = buckets.map((b) => ({ t: b, value: aggregate(q.agg, inBucket.get(b)!) }));
          const actual = (res.body.points as { t: string; value: number | null }[]).map((p) => ({ t: Date.parse(p.t), value: p.value }));
          const label = JSON.stringify(query);
          expect(
            actual.map((p) => new Date(p.t).toISOString()),
            label,
          ).toEqual(expected.map((p) => new Date(p.t).toISOString()));
          actual.forEach((p, i) => {
            expect(close(p.value, expected[i]!.value), `${label} at ${new Date(p.t).toISOString()}: ${p.value} vs ${expected[i]!.value}`).toBe(true);
          });
        }
      }),
      {
        numRuns: Number(process.env.METRICS_PROPERTY_RUNS ?? 25),
        seed: process.env.METRICS_PROPERTY_SEED ? Number(process.env.METRICS_PROPERTY_SEED) : undefined,
      },
    );
  }, 120_000);
});
