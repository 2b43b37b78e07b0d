// Saved views: each member's own named inbox filters, validated; another member's view is 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { savedViewSchema } from '../../contracts/saved-views.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { teamFixture } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
  team = await teamFixture(api);
});
afterAll(() => app.close());

const base = () => `/api/workspaces/${team.workspace.id}/views`;

describe('saved views', () => {
  it('saves, lists, renames and deletes the caller’s own views only', async () => {
    const mine = await api.post(base(), { name: 'My unread', filters: { status: 'open', assigneeId: 'me', unread: true } }, { token: team.agent.token });
    expect(mine.status).toBe(201);
    expect(savedViewSchema.strict().parse(mine.body)).toEqual(mine.body);
    expect(mine.body.filters).toEqual({ status: 'open', assigneeId: 'me', unread: true });
    await api.post(base(), { name: 'VIP', filters: { tag: 'vip', channel: 'whatsapp', q: 'refund' } }, { token: team.admin.token });

    const agentList = await api.get(base(), { token: team.agent.token });
    expect(agentList.body.data.map((v: { name: string }) => v.name)).toEqual(['My unread']);
    const adminList = await api.get(base(), { token: team.admin.token });
    expect(adminList.body.data.map((v: { name: string }) => v.name)).toEqual(['VIP']);

    for (const res of [
      await api.get(`${base()}/${mine.body.id}`, { token: team.admin.token }),
      await api.patch(`${base()}/${mine.body.id}`, { name: 'Stolen' }, { token: team.admin.token }),
      await api.delete(`${base()}/${mine.body.id}`, { token: team.admin.token }),
    ])
      expect(res.status).toBe(404);

    const renamed = await api.patch(`${base()}/${mine.body.id}`, { name: 'Unread, mine' }, { token: team.agent.token });
    expect(renamed.body).toMatchObject({ name: 'Unread, mine', filters: { unread: true } });
    expect((await api.delete(`${base()}/${mine.body.id}`, { token: team.agent.token })).status).toBe(204);
    expect((await api.get(base(), { token: team.agent.token })).body.data).toEqual([]);
  });

  it('validates the filters', async () => {
    for (const filters of [{ status: 'archived' }, { assigneeId: 'someone' }, { channel: 'fax' }, { unread: 'yes' }, { colour: 'red' }, { tag: '' }]) {
      const res = await api.post(base(), { name: 'Bad', filters }, { token: team.agent.token });
      expect(res.status, JSON.stringify(filters)).toBe(422);
    }
    expect((await api.post(base(), { name: '', filters: {} }, { token: team.agent.token })).status).toBe(422);
  });
});
