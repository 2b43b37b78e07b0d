// Outbound webhooks in production (VERCEL_ENV=production, WEBHOOKS_ALLOW_PRIVATE_TARGETS unset): endpoints whose
// host is, or resolves to, a private, loopback or link-local address are refused when saved, and a delivery to
// such an address (an endpoint saved before, or a name that resolves there now) is refused when attempted,
// without any request reaching it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withEvents, workspaceEvent } from '../../api/_lib/events/outbox.js';
import { serverEnv } from '../../api/_lib/env.js';
import { sweepWebhookDeliveries } from '../../api/_lib/outbound-webhooks/deliver.js';
import { webhookDeliveries, webhookEndpoints } from '../../db/schema/analytics.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { teamFixture } from '../support/users.js';

// Read when the server's environment is first loaded (startTestApp); put back for whatever runs next.
const saved = { VERCEL_ENV: process.env.VERCEL_ENV, JWT_SECRET: process.env.JWT_SECRET, WEBHOOKS: process.env.WEBHOOKS_ALLOW_PRIVATE_TARGETS };
process.env.VERCEL_ENV = 'production';
process.env.JWT_SECRET = 'production-mode-test-secret-0123456789-abcdefghij';
delete process.env.WEBHOOKS_ALLOW_PRIVATE_TARGETS;

let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;
let server: http.Server;
let port: number;
let hits = 0;

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
  team = await teamFixture(api);
  server = http.createServer((_req, res) => {
    hits++;
    res.end('reached');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await app?.close();
  for (const [name, value] of [
    ['VERCEL_ENV', saved.VERCEL_ENV],
    ['JWT_SECRET', saved.JWT_SECRET],
    ['WEBHOOKS_ALLOW_PRIVATE_TARGETS', saved.WEBHOOKS],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const hooks = () => `/api/workspaces/${team.workspace.id}/webhooks`;

describe('in production', () => {
  it('runs with private targets refused', () => {
    expect(serverEnv()).toMatchObject({ production: true, webhooks: { allowPrivateTargets: false } });
  });

  it.each([
    ['a private address', 'http://10.0.0.1/hooks'],
    ['loopback', 'http://127.0.0.1:8080/hooks'],
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/'],
    ['IPv6 loopback', 'https://[::1]/hooks'],
    ['loopback as IPv4-mapped IPv6', 'https://[::ffff:127.0.0.1]/hooks'],
    ['loopback written as a number', 'http://2130706433/hooks'],
    ['a name that resolves to loopback', 'http://localhost:3000/hooks'],
  ])('refuses %s (%s) with 422', async (_what, url) => {
    const res = await api.post(hooks(), { url, events: ['*'] }, { token: team.owner.token });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([
      { path: 'url', message: expect.stringMatching(/^Webhooks cannot be sent to .+ private, loopback, link-local or reserved address$/) },
    ]);
  });

  it('takes a public address, and refuses a private one on update', async () => {
    const created = await api.post(hooks(), { url: 'https://93.184.215.14/hooks', events: ['*'], active: false }, { token: team.owner.token });
    expect(created.status).toBe(201);
    const moved = await api.patch(`${hooks()}/${created.body.id}`, { url: 'http://192.168.0.10/hooks' }, { token: team.owner.token });
    expect(moved.status).toBe(422);
    expect(moved.body.error.details[0].path).toBe('url');
    expect((await api.get(`${hooks()}/${created.body.id}`, { token: team.owner.token })).body.url).toBe('https://93.184.215.14/hooks');
  });

  it('refuses a private address again when attempting, and reaches nothing', async () => {
    // Saved before the rule applied (or while its name still resolved elsewhere): the attempt checks again.
    const db = app.database.db;
    const rows = await db
      .insert(webhookEndpoints)
      .values([
        { workspaceId: team.workspace.id, url: `http://127.0.0.1:${port}/direct`, events: ['*'], secret: 'whsec_test' },
        { workspaceId: team.workspace.id, url: `http://localhost:${port}/by-name`, events: ['*'], secret: 'whsec_test' },
      ])
      .returning({ id: webhookEndpoints.id });
    await withEvents(
      { db, socketId: null, after: () => {} },
      async (_tx, emit) => void emit(workspaceEvent(team.workspace.id, 'customer.deleted', { id: 'x' })),
    );
    await sweepWebhookDeliveries(db);
    expect(hits).toBe(0);
    for (const [{ id }, host] of [
      [rows[0]!, '127.0.0.1'],
      [rows[1]!, 'localhost'],
    ] as const) {
      const [delivery] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, id));
      expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null });
      expect(delivery!.lastError).toMatch(new RegExp(`^Webhooks cannot be sent to ${host}: `));
    }
    const test = await api.post(`${hooks()}/${rows[0]!.id}/test`, undefined, { token: team.owner.token });
    expect(test.body).toMatchObject({ status: 'failed', lastStatusCode: null });
    expect(hits).toBe(0);
  });
});
