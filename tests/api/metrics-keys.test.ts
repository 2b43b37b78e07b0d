// Ingesting metrics with API keys, as a script would: a key with metrics:write ingests (and the series shows
// it), a read key is refused with 403, a revoked key with 401 on its next request, and another workspace's id
// with 404; a metrics:write key reads nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

async function newKey(scopes: string[], token = team.admin.token, workspace = w): Promise<{ id: string; secret: string }> {
  const res = await api.post(`${workspace}/api-keys`, { name: `Metrics ${scopes.join('+')}`, scopes }, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const points = (name: string) => ({ points: [{ name, value: 42, at: '2026-01-10T12:00:00Z' }] });
const daySum = async (name: string) => {
  const res = await api.get(`${w}/metrics/series?name=${name}&from=2026-01-10T00:00:00Z&to=2026-01-11T00:00:00Z`, { token: team.viewer.token });
  expect(res.status).toBe(200);
  return res.body.points[0].value as number;
};

describe('ingestion with API keys', () => {
  it('a metrics:write key ingests, the same batch twice gives the same series, and the key reads nothing', async () => {
    const key = await newKey(['metrics:write']);
    for (let i = 0; i < 2; i++) {
      const res = await api.post(`${w}/metrics`, points('keys.ingested'), { token: key.secret });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      expect(await daySum('keys.ingested')).toBe(42);
    }
    expect((await api.get(`${w}/metrics`, { token: key.secret })).status).toBe(403);
    expect((await api.get(`${w}/metrics/series?name=keys.ingested`, { token: key.secret })).status).toBe(403);
  });

  it('a read key, or a write key without metrics:write, posting → 403, and nothing is written', async () => {
    for (const scopes of [['read'], ['read', 'write']]) {
      const key = await newKey(scopes);
      const res = await api.post(`${w}/metrics`, points('keys.refused'), { token: key.secret });
      expect(res.status, JSON.stringify(scopes)).toBe(403);
    }
    expect(await daySum('keys.refused')).toBe(0);
  });

  it('a revoked key → 401 on its next request', async () => {
    const key = await newKey(['metrics:write']);
    expect((await api.post(`${w}/metrics`, points('keys.revoked'), { token: key.secret })).status).toBe(202);
    expect((await api.delete(`${w}/api-keys/${key.id}`, { token: team.admin.token })).status).toBe(204);
    const res = await api.post(`${w}/metrics`, { points: [{ name: 'keys.revoked', value: 1, at: '2026-01-10T13:00:00Z' }] }, { token: key.secret });
    expect(res.status).toBe(401);
    expect(await daySum('keys.revoked')).toBe(42);
  });

  it("another workspace's id with a key → 404, and nothing lands there", async () => {
    const key = await newKey(['metrics:write']);
    const theirs = `/api/workspaces/${team.otherWorkspace.id}`;
    const res = await api.post(`${theirs}/metrics`, points('keys.elsewhere'), { token: key.secret });
    expect(res.status).toBe(404);
    const outsiderKey = await newKey(['metrics:write', 'read'], team.outsider.token, theirs);
    const series = await api.get(`${theirs}/metrics/series?name=keys.elsewhere&from=2026-01-10T00:00:00Z&to=2026-01-11T00:00:00Z`, {
      token: outsiderKey.secret,
    });
    expect(series.body.points).toEqual([{ t: '2026-01-10T00:00:00.000Z', value: 0 }]);
  });
});
