// Canned replies: agents and above read, admins and owners write; shortcuts unique per workspace in any case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cannedReplySchema } from '../../contracts/canned-replies.js';
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

const base = () => `/api/workspaces/${team.workspace.id}/canned-replies`;

describe('canned replies', () => {
  it('creates, lists, changes and deletes; a shortcut is unique in any case (409)', async () => {
    const created = await api.post(
      base(),
      { shortcut: 'Ship', title: ' Shipping ', content: 'Hi {{customer.name}}, it ships today.' },
      { token: team.admin.token },
    );
    expect(created.status).toBe(201);
    expect(cannedReplySchema.strict().parse(created.body)).toEqual(created.body);
    expect(created.body).toMatchObject({ shortcut: 'Ship', title: 'Shipping' });
    const dup = await api.post(base(), { shortcut: 'ship', title: 'Again', content: 'x' }, { token: team.owner.token });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('conflict');
    const other = await api.post(base(), { shortcut: 'refund', title: 'Refunds', content: 'Refunded.' }, { token: team.admin.token });
    expect((await api.patch(`${base()}/${other.body.id}`, { shortcut: 'SHIP' }, { token: team.admin.token })).status).toBe(409);

    const listed = await api.get(base(), { token: team.agent.token });
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((r: { shortcut: string }) => r.shortcut)).toEqual(['Ship', 'refund']);
    expect((await api.get(`${base()}?q=refu`, { token: team.agent.token })).body.data.map((r: { id: string }) => r.id)).toEqual([other.body.id]);

    const patched = await api.patch(`${base()}/${other.body.id}`, { content: 'Refunded today.' }, { token: team.admin.token });
    expect(patched.body).toMatchObject({ shortcut: 'refund', content: 'Refunded today.' });
    expect((await api.get(`${base()}/${other.body.id}`, { token: team.agent.token })).body.content).toBe('Refunded today.');
    expect((await api.delete(`${base()}/${other.body.id}`, { token: team.admin.token })).status).toBe(204);
    expect((await api.get(`${base()}/${other.body.id}`, { token: team.agent.token })).status).toBe(404);
  });

  it('lets agents read but not write, viewers nothing, and other workspaces never', async () => {
    const r = await api.post(base(), { shortcut: 'hello', title: 'Hello', content: 'Hello!' }, { token: team.admin.token });
    expect((await api.post(base(), { shortcut: 'x1', title: 'x', content: 'x' }, { token: team.agent.token })).status).toBe(403);
    expect((await api.patch(`${base()}/${r.body.id}`, { title: 'y' }, { token: team.agent.token })).status).toBe(403);
    expect((await api.delete(`${base()}/${r.body.id}`, { token: team.agent.token })).status).toBe(403);
    expect((await api.get(base(), { token: team.viewer.token })).status).toBe(403);
    expect((await api.get(`${base()}/${r.body.id}`, { token: team.outsider.token })).status).toBe(404);
    const theirs = `/api/workspaces/${team.otherWorkspace.id}/canned-replies/${r.body.id}`;
    expect((await api.get(theirs, { token: team.outsider.token })).status).toBe(404);
    expect((await api.delete(theirs, { token: team.outsider.token })).status).toBe(404);
  });

  it('validates the body', async () => {
    for (const body of [
      {},
      { shortcut: 'has space', title: 't', content: 'c' },
      { shortcut: 'ok', title: '', content: 'c' },
      { shortcut: 'ok', title: 't', content: '  ' },
    ]) {
      expect((await api.post(base(), body, { token: team.admin.token })).status, JSON.stringify(body)).toBe(422);
    }
  });
});
