import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { createWorkspace, inviteToken, signUp, teamFixture, uniqueEmail } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
});
afterAll(() => app.close());

describe('workspaces', () => {
  it('creates a workspace owned by the caller and lists it', async () => {
    const s = await signUp(api);
    const created = await api.post('/api/workspaces', { name: ' Blue Bottle ' }, { token: s.token });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Blue Bottle', role: 'owner' });
    const list = await api.get('/api/workspaces', { token: s.token });
    expect(list.body).toEqual({ data: [created.body], nextCursor: null });
    expect((await api.get(`/api/workspaces/${created.body.id}`, { token: s.token })).body).toEqual(created.body);
    const me = await api.get('/api/auth/me', { token: s.token });
    expect(me.body.workspaces).toEqual([{ id: created.body.id, name: 'Blue Bottle', role: 'owner' }]);
  });

  it('paginates the workspace list without gaps or duplicates', async () => {
    const s = await signUp(api);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await createWorkspace(api, s.token, `W${i}`)).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { data: { id: string }[]; nextCursor: string | null } } = await api.get(
        `/api/workspaces?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { token: s.token },
      );
      seen.push(...res.body.data.map((w) => w.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    expect((await api.get('/api/workspaces?limit=0', { token: s.token })).status).toBe(422);
    expect((await api.get('/api/workspaces?limit=101', { token: s.token })).status).toBe(422);
    expect((await api.get('/api/workspaces?cursor=garbage', { token: s.token })).status).toBe(422);
  });

  it('renames (admin+) and records the change in the activity log', async () => {
    const t = await teamFixture(api);
    expect((await api.patch(`/api/workspaces/${t.workspace.id}`, { name: 'Acme 2' }, { token: t.agent.token })).status).toBe(403);
    const res = await api.patch(`/api/workspaces/${t.workspace.id}`, { name: 'Acme 2' }, { token: t.admin.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Acme 2', role: 'admin' });
    const activity = await api.get(`/api/workspaces/${t.workspace.id}/activity?subjectType=workspace`, { token: t.admin.token });
    expect(activity.body.data[0]).toMatchObject({
      action: 'workspace.renamed',
      actor: { id: t.admin.user.id, name: 'Adam Admin' },
      metadata: { from: 'Acme', to: 'Acme 2' },
    });
  });

  it('deletes a workspace (owner only)', async () => {
    const t = await teamFixture(api);
    expect((await api.delete(`/api/workspaces/${t.workspace.id}`, { token: t.admin.token })).status).toBe(403);
    expect((await api.delete(`/api/workspaces/${t.workspace.id}`, { token: t.owner.token })).status).toBe(204);
    expect((await api.get(`/api/workspaces/${t.workspace.id}`, { token: t.owner.token })).status).toBe(404);
  });
});

describe('members and invitations', () => {
  it('lists members with roles and adds an existing user directly', async () => {
    const t = await teamFixture(api);
    const res = await api.get(`/api/workspaces/${t.workspace.id}/members`, { token: t.viewer.token });
    expect(res.status).toBe(200);
    expect(res.body.data.map((m: { name: string; role: string; status: string }) => [m.name, m.role, m.status])).toEqual([
      ['Olivia Owner', 'owner', 'active'],
      ['Adam Admin', 'admin', 'active'],
      ['Ava Agent', 'agent', 'active'],
      ['Victor Viewer', 'viewer', 'active'],
    ]);
    expect(res.body.data[0]).toMatchObject({ userId: t.owner.user.id, email: t.owner.user.email });
    const again = await api.post(
      `/api/workspaces/${t.workspace.id}/members`,
      { email: t.agent.user.email.toUpperCase(), role: 'viewer' },
      { token: t.owner.token },
    );
    expect(again.status).toBe(409);
  });

  it('invites an email; registering from the link turns the invitation into a membership', async () => {
    const t = await teamFixture(api);
    const email = uniqueEmail('invitee');
    const { id, token } = await inviteToken(api, t.admin.token, t.workspace.id, email.toUpperCase(), 'agent');
    const invitee = await signUp(api, { email, name: 'Ivy Invitee', invitationToken: token });
    const me = await api.get('/api/auth/me', { token: invitee.token });
    expect(me.body.workspaces).toEqual([{ id: t.workspace.id, name: 'Acme', role: 'agent' }]);
    const members = await api.get(`/api/workspaces/${t.workspace.id}/members`, { token: t.admin.token });
    const ivy = members.body.data.find((m: { email: string }) => m.email === email);
    expect(ivy).toMatchObject({ userId: invitee.user.id, name: 'Ivy Invitee', status: 'active', role: 'agent', expiresAt: null, emailStatus: null });
    expect(members.body.data.filter((m: { status: string }) => m.status === 'invited')).toHaveLength(0);
    expect(members.body.data.some((m: { id: string }) => m.id === id)).toBe(false);
    const log = await api.get(`/api/workspaces/${t.workspace.id}/activity`, { token: t.admin.token });
    expect(log.body.data.slice(0, 2).map((a: { action: string }) => a.action)).toEqual(['member.joined', 'member.invited']);
  });

  it('changes a pending invitation’s role and revokes it', async () => {
    const t = await teamFixture(api);
    const invite = await api.post(`/api/workspaces/${t.workspace.id}/members`, { email: uniqueEmail(), role: 'viewer' }, { token: t.admin.token });
    const patched = await api.patch(`/api/workspaces/${t.workspace.id}/members/${invite.body.id}`, { role: 'agent' }, { token: t.admin.token });
    expect(patched.body).toMatchObject({ role: 'agent', status: 'invited' });
    const unchanged = await api.patch(`/api/workspaces/${t.workspace.id}/members/${invite.body.id}`, { role: 'agent' }, { token: t.admin.token });
    expect(unchanged.body).toMatchObject({ role: 'agent', status: 'invited' });
    const logged = await api.get(`/api/workspaces/${t.workspace.id}/activity?subjectType=invitation&subjectId=${invite.body.id}`, { token: t.admin.token });
    expect(logged.body.data.map((a: { action: string; metadata: unknown }) => [a.action, a.metadata])).toEqual([
      ['member.invitation_role_changed', { email: invite.body.email, from: 'viewer', to: 'agent' }],
      ['member.invited', { email: invite.body.email, role: 'viewer' }],
    ]);
    expect((await api.delete(`/api/workspaces/${t.workspace.id}/members/${invite.body.id}`, { token: t.admin.token })).status).toBe(204);
    const members = await api.get(`/api/workspaces/${t.workspace.id}/members`, { token: t.admin.token });
    expect(members.body.data).toHaveLength(4);
  });

  it('changes roles; only owners manage owners; the change is logged', async () => {
    const t = await teamFixture(api);
    const base = `/api/workspaces/${t.workspace.id}/members`;
    const promoted = await api.patch(`${base}/${t.agent.user.id}`, { role: 'admin' }, { token: t.admin.token });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ userId: t.agent.user.id, role: 'admin', status: 'active' });
    expect((await api.patch(`${base}/${t.viewer.user.id}`, { role: 'owner' }, { token: t.admin.token })).status).toBe(403);
    expect((await api.patch(`${base}/${t.owner.user.id}`, { role: 'viewer' }, { token: t.admin.token })).status).toBe(403);
    expect((await api.post(base, { email: uniqueEmail(), role: 'owner' }, { token: t.admin.token })).status).toBe(403);
    expect((await api.patch(`${base}/${t.viewer.user.id}`, { role: 'owner' }, { token: t.owner.token })).status).toBe(200);
    expect((await api.patch(`${base}/${t.viewer.user.id}`, { role: 'superuser' }, { token: t.owner.token })).status).toBe(422);
    const log = await api.get(`/api/workspaces/${t.workspace.id}/activity?subjectType=member&subjectId=${t.agent.user.id}`, { token: t.owner.token });
    expect(log.body.data[0]).toMatchObject({ action: 'member.role_changed', metadata: { from: 'agent', to: 'admin' }, actor: { name: 'Adam Admin' } });
  });

  it('never lets the last owner be demoted or removed (409), even when two owners race', async () => {
    const t = await teamFixture(api);
    const base = `/api/workspaces/${t.workspace.id}/members`;
    const demote = await api.patch(`${base}/${t.owner.user.id}`, { role: 'admin' }, { token: t.owner.token });
    expect(demote.status).toBe(409);
    expect(demote.body.error.code).toBe('conflict');
    expect((await api.delete(`${base}/${t.owner.user.id}`, { token: t.owner.token })).status).toBe(409);
    // Two owners demote themselves at once: one must stay.
    await api.patch(`${base}/${t.admin.user.id}`, { role: 'owner' }, { token: t.owner.token });
    const results = await Promise.all([
      api.patch(`${base}/${t.owner.user.id}`, { role: 'admin' }, { token: t.owner.token }),
      api.patch(`${base}/${t.admin.user.id}`, { role: 'admin' }, { token: t.admin.token }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const members = await api.get(base, { token: t.viewer.token });
    expect(members.body.data.filter((m: { role: string }) => m.role === 'owner')).toHaveLength(1);
  });

  it('lets any member leave, and only admins remove others', async () => {
    const t = await teamFixture(api);
    const base = `/api/workspaces/${t.workspace.id}/members`;
    expect((await api.delete(`${base}/${t.viewer.user.id}`, { token: t.agent.token })).status).toBe(403);
    expect((await api.delete(`${base}/${t.viewer.user.id}`, { token: t.viewer.token })).status).toBe(204);
    expect((await api.get(`/api/workspaces/${t.workspace.id}`, { token: t.viewer.token })).status).toBe(404);
    expect((await api.delete(`${base}/${t.agent.user.id}`, { token: t.admin.token })).status).toBe(204);
    expect((await api.delete(`${base}/${t.owner.user.id}`, { token: t.admin.token })).status).toBe(403);
    const log = await api.get(`/api/workspaces/${t.workspace.id}/activity?subjectType=member`, { token: t.owner.token });
    expect(log.body.data.slice(0, 2).map((a: { action: string }) => a.action)).toEqual(['member.removed', 'member.left']);
  });
});

describe('roles × endpoints', () => {
  type Who = 'viewer' | 'agent' | 'admin' | 'owner';
  const ladder: Who[] = ['viewer', 'agent', 'admin', 'owner'];
  const cases: { name: string; min: Who; call: (t: Awaited<ReturnType<typeof teamFixture>>, token: string) => Promise<{ status: number }> }[] = [
    { name: 'GET workspace', min: 'viewer', call: (t, token) => api.get(`/api/workspaces/${t.workspace.id}`, { token }) },
    { name: 'GET members', min: 'viewer', call: (t, token) => api.get(`/api/workspaces/${t.workspace.id}/members`, { token }) },
    { name: 'PATCH workspace', min: 'admin', call: (t, token) => api.patch(`/api/workspaces/${t.workspace.id}`, { name: 'Renamed' }, { token }) },
    {
      name: 'POST member',
      min: 'admin',
      call: (t, token) => api.post(`/api/workspaces/${t.workspace.id}/members`, { email: uniqueEmail(), role: 'viewer' }, { token }),
    },
    {
      name: 'PATCH member',
      min: 'admin',
      call: (t, token) => api.patch(`/api/workspaces/${t.workspace.id}/members/${t.agent.user.id}`, { role: 'agent' }, { token }),
    },
    { name: 'GET activity', min: 'admin', call: (t, token) => api.get(`/api/workspaces/${t.workspace.id}/activity`, { token }) },
    { name: 'DELETE workspace', min: 'owner', call: (t, token) => api.delete(`/api/workspaces/${t.workspace.id}`, { token }) },
  ];

  it('grants each role exactly what API.md says', async () => {
    const t = await teamFixture(api);
    for (const c of cases) {
      for (const who of ladder) {
        if (c.name === 'DELETE workspace' && who === 'owner') continue; // checked last
        const res = await c.call(t, t[who].token);
        const allowed = ladder.indexOf(who) >= ladder.indexOf(c.min);
        expect(res.status, `${c.name} as ${who}`).toBe(allowed ? (c.name === 'POST member' ? 201 : 200) : 403);
      }
    }
    expect((await cases.at(-1)!.call(t, t.owner.token)).status).toBe(204);
  });

  it('answers 401 without a token on every workspace endpoint', async () => {
    const t = await teamFixture(api);
    for (const c of cases) expect((await c.call(t, '')).status, c.name).toBe(401);
  });
});

describe('tenancy', () => {
  it('a member of workspace B using workspace A’s ids gets 404 and A is unchanged', async () => {
    const t = await teamFixture(api);
    const a = t.workspace.id;
    const token = t.outsider.token;
    const before = await api.get(`/api/workspaces/${a}/members`, { token: t.owner.token });
    const attempts = [
      api.get(`/api/workspaces/${a}`, { token }),
      api.patch(`/api/workspaces/${a}`, { name: 'Pwned' }, { token }),
      api.delete(`/api/workspaces/${a}`, { token }),
      api.get(`/api/workspaces/${a}/members`, { token }),
      api.post(`/api/workspaces/${a}/members`, { email: uniqueEmail(), role: 'owner' }, { token }),
      api.patch(`/api/workspaces/${a}/members/${t.owner.user.id}`, { role: 'viewer' }, { token }),
      api.delete(`/api/workspaces/${a}/members/${t.agent.user.id}`, { token }),
      api.get(`/api/workspaces/${a}/activity`, { token }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    const after = await api.get(`/api/workspaces/${a}/members`, { token: t.owner.token });
    expect(after.body).toEqual(before.body);
    expect((await api.get(`/api/workspaces/${a}`, { token: t.owner.token })).body.name).toBe('Acme');
    expect((await api.get('/api/workspaces', { token })).body.data.map((w: { id: string }) => w.id)).toEqual([t.otherWorkspace.id]);
  });

  it('answers a malformed workspace id with 404', async () => {
    const s = await signUp(api);
    expect((await api.get('/api/workspaces/not-a-uuid', { token: s.token })).status).toBe(404);
    expect((await api.get('/api/workspaces/not-a-uuid/members', { token: s.token })).status).toBe(404);
  });
});

describe('removing a member', () => {
  it('returns their conversations to the unassigned queue', async () => {
    const t = await teamFixture(api);
    const base = `/api/workspaces/${t.workspace.id}`;
    const customer = await api.post(`${base}/customers`, { name: 'Cleo Customer' }, { token: t.agent.token });
    const conversation = await api.post(`${base}/conversations`, { customerId: customer.body.id, channel: 'email' }, { token: t.agent.token });
    const assigned = await api.patch(`${base}/conversations/${conversation.body.id}`, { assigneeId: t.agent.user.id }, { token: t.agent.token });
    expect(assigned.body.assigneeId).toBe(t.agent.user.id);
    expect((await api.delete(`${base}/members/${t.agent.user.id}`, { token: t.admin.token })).status).toBe(204);
    const after = await api.get(`${base}/conversations/${conversation.body.id}`, { token: t.admin.token });
    expect(after.body.assigneeId).toBeNull();
    const unassigned = await api.get(`${base}/conversations?assigneeId=none`, { token: t.admin.token });
    expect(unassigned.body.data.map((c: { id: string }) => c.id)).toContain(conversation.body.id);
  });
});

describe('concurrent owner changes', () => {
  it('20 concurrent demote/leave pairs answer 200, 204 or 409 only and always leave an owner', async () => {
    const pairs = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const a = await signUp(api, { name: 'Owner A' });
        const ws = await createWorkspace(api, a.token, 'Two Owners');
        const email = uniqueEmail('owner-b');
        const { token } = await inviteToken(api, a.token, ws.id, email, 'owner');
        const b = await signUp(api, { email, name: 'Owner B', invitationToken: token });
        return { a, b, ws };
      }),
    );
    const base = (wid: string) => `/api/workspaces/${wid}/members`;
    const results = await Promise.all(
      pairs.flatMap(({ a, b, ws }, i) =>
        i % 2 === 0
          ? // Each of the two owners steps down at once: one demotes themselves, the other leaves.
            [api.patch(`${base(ws.id)}/${a.user.id}`, { role: 'admin' }, { token: a.token }), api.delete(`${base(ws.id)}/${b.user.id}`, { token: b.token })]
          : [api.delete(`${base(ws.id)}/${a.user.id}`, { token: a.token }), api.delete(`${base(ws.id)}/${b.user.id}`, { token: b.token })],
      ),
    );
    expect(results.map((r) => r.status).filter((s) => ![200, 204, 409].includes(s))).toEqual([]);
    expect(results.filter((r) => r.status === 409).length).toBe(10);
    for (const { ws } of pairs) {
      const owners = await app.database.db.execute<{ n: number }>(
        sql`select count(*)::int as n from memberships where workspace_id = ${ws.id} and role = 'owner'`,
      );
      expect(Number((owners as unknown as { rows: { n: number }[] }).rows[0]!.n)).toBe(1);
    }
  });
});
