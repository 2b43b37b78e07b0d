// Channel settings over HTTP: web widgets (public key, allowed origins checked and normalised), the refusals
// (OAuth types, email, unknown fields), PATCH and DELETE with their activity rows and events, roles (admins and
// owners only), tenancy, and that no answer ever carries a secret.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectedChannelListSchema, connectedChannelSchema, WIDGET_PUBLIC_KEY } from '../../contracts/channels.js';
import { activities } from '../../db/schema/activity.js';
import { channels } from '../../db/schema/channels.js';
import { outbox } from '../../db/schema/platform.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { createWorkspace, teamFixture } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
  team = await teamFixture(api);
});
afterAll(async () => {
  await app?.close();
});

const db = () => app.database.db;
const path = (wid: string, id?: string) => `/api/workspaces/${wid}/channels${id ? `/${id}` : ''}`;

async function freshWorkspace(name: string) {
  return (await createWorkspace(api, team.owner.token, name)).id;
}

async function createWeb(wid: string, body: Record<string, unknown> = {}, token = team.owner.token) {
  const res = await api.post(path(wid), { type: 'web', name: 'Shop chat', settings: { allowedOrigins: ['https://shop.example.com'] }, ...body }, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return connectedChannelSchema.parse(res.body);
}

describe('a web widget channel', () => {
  it('is made with a public key and its normalised origins, listed, read, and logged with its event', async () => {
    const wid = await freshWorkspace('Widget shop');
    const channel = await createWeb(wid, {
      settings: {
        allowedOrigins: ['https://Shop.Example.com/', 'http://localhost:5173', 'https://shop.example.com'],
        greeting: '  Hi there!  ',
        color: '#2563EB',
      },
    });
    expect(channel).toMatchObject({
      type: 'web',
      name: 'Shop chat',
      status: 'connected',
      settings: { allowedOrigins: ['https://shop.example.com', 'http://localhost:5173'], greeting: 'Hi there!', color: '#2563eb' },
      lastActivityAt: null,
      lastError: null,
    });
    expect(channel.publicKey).toMatch(WIDGET_PUBLIC_KEY);

    const list = await api.get(path(wid), { token: team.owner.token });
    expect(list.status).toBe(200);
    expect(connectedChannelListSchema.parse(list.body)).toEqual({ data: [channel], nextCursor: null });
    const one = await api.get(path(wid, channel.id), { token: team.owner.token });
    expect(one.status).toBe(200);
    expect(one.body).toEqual(channel);

    const [row] = await db().select().from(channels).where(eq(channels.id, channel.id));
    expect(row).toMatchObject({ workspaceId: wid, credentials: null, createdBy: team.owner.user.id, publicKey: channel.publicKey });
    const logged = await db().select().from(activities).where(eq(activities.subjectId, channel.id));
    expect(logged.map((a) => [a.action, a.metadata])).toEqual([['channel.connected', { name: 'Shop chat', type: 'web' }]]);
    const events = await db()
      .select({ name: outbox.name, payload: outbox.payload })
      .from(outbox)
      .where(sql`${outbox.workspaceId} = ${wid} and ${outbox.name} like 'channel.%'`);
    expect(events).toEqual([
      { name: 'channel.created', payload: { id: channel.id, type: 'web', name: 'Shop chat', status: 'connected', updatedAt: channel.updatedAt } },
    ]);
  });

  it('gets a different public key each time', async () => {
    const wid = await freshWorkspace('Two widgets');
    const [a, b] = await Promise.all([createWeb(wid), createWeb(wid, { name: 'Blog chat' })]);
    expect(a.publicKey).not.toBe(b.publicKey);
    const list = await api.get(`${path(wid)}?limit=1`, { token: team.owner.token });
    expect(list.body.data).toHaveLength(1);
    const next = await api.get(`${path(wid)}?limit=1&cursor=${list.body.nextCursor}`, { token: team.owner.token });
    expect([list.body.data[0].id, next.body.data[0].id].sort()).toEqual([a.id, b.id].sort());
    expect(next.body.nextCursor).toBeNull();
  });

  it('refuses origins that are not origins, naming each one by its index', async () => {
    const wid = team.workspace.id;
    const res = await api.post(
      path(wid),
      {
        type: 'web',
        name: 'Bad',
        settings: {
          allowedOrigins: [
            'https://ok.example.com',
            'shop.example.com',
            'https://shop.example.com/path',
            'ftp://x.example.com',
            'https://user:pw@x.example.com',
          ],
        },
      },
      { token: team.owner.token },
    );
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'settings.allowedOrigins.1',
      'settings.allowedOrigins.2',
      'settings.allowedOrigins.3',
      'settings.allowedOrigins.4',
    ]);
    expect(res.body.error.details[0].message).toMatch(/https:\/\/ and its host/);
  });

  it('needs at least one origin, takes no credentials and no unknown settings', async () => {
    const wid = team.workspace.id;
    const cases: [Record<string, unknown>, string][] = [
      [{ type: 'web', name: 'No sites' }, 'settings.allowedOrigins'],
      [{ type: 'web', name: 'Empty', settings: { allowedOrigins: [] } }, 'settings.allowedOrigins'],
      [{ type: 'web', name: 'Creds', settings: { allowedOrigins: ['https://a.example.com'] }, credentials: { botToken: 'x' } }, 'credentials'],
      [{ type: 'web', name: 'Extra', settings: { allowedOrigins: ['https://a.example.com'], theme: 'dark' } }, 'settings.theme'],
      [{ type: 'web', name: 'Colour', settings: { allowedOrigins: ['https://a.example.com'], color: 'blue' } }, 'settings.color'],
      [{ type: 'web', name: '  ', settings: { allowedOrigins: ['https://a.example.com'] } }, 'name'],
      [{ type: 'pigeon', name: 'Birds' }, 'type'],
    ];
    for (const [body, at] of cases) {
      const res = await api.post(path(wid), body, { token: team.owner.token });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(
        res.body.error.details.map((d: { path: string }) => d.path),
        JSON.stringify(body),
      ).toContain(at);
    }
  });

  it('is renamed and re-configured by PATCH, which logs the fields that changed', async () => {
    const wid = await freshWorkspace('Patch shop');
    const channel = await createWeb(wid, { settings: { allowedOrigins: ['https://shop.example.com'], greeting: 'Hello' } });
    const res = await api.patch(
      path(wid, channel.id),
      { name: 'Website chat', settings: { allowedOrigins: ['https://www.example.com', 'https://shop.example.com'], greeting: null } },
      { token: team.owner.token },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      id: channel.id,
      name: 'Website chat',
      publicKey: channel.publicKey,
      settings: { allowedOrigins: ['https://www.example.com', 'https://shop.example.com'] },
    });
    expect(res.body.settings).not.toHaveProperty('greeting');
    expect(new Date(res.body.updatedAt) >= new Date(channel.updatedAt)).toBe(true);

    const same = await api.patch(path(wid, channel.id), { name: 'Website chat' }, { token: team.owner.token });
    expect(same.status).toBe(200);
    const logged = await db().select().from(activities).where(eq(activities.subjectId, channel.id));
    expect(logged.filter((a) => a.action === 'channel.updated').map((a) => a.metadata)).toEqual([
      { name: 'Website chat', type: 'web', fields: ['name', 'allowedOrigins', 'greeting'] },
    ]);

    const bad = await api.patch(
      path(wid, channel.id),
      { settings: { allowedOrigins: ['https://ok.example.com', 'not an origin'] } },
      { token: team.owner.token },
    );
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0].path).toBe('settings.allowedOrigins.1');
    const unknown = await api.patch(path(wid, channel.id), { publicKey: 'pk_mine' }, { token: team.owner.token });
    expect(unknown.status).toBe(422);
  });

  it('is deleted by DELETE (204), logged as disconnected, and then gone', async () => {
    const wid = await freshWorkspace('Delete shop');
    const channel = await createWeb(wid);
    const res = await api.delete(path(wid, channel.id), { token: team.owner.token });
    expect(res.status).toBe(204);
    expect((await api.get(path(wid, channel.id), { token: team.owner.token })).status).toBe(404);
    expect((await api.delete(path(wid, channel.id), { token: team.owner.token })).status).toBe(404);
    expect(await db().select().from(channels).where(eq(channels.id, channel.id))).toEqual([]);
    const logged = await db().select().from(activities).where(eq(activities.subjectId, channel.id));
    expect(logged.map((a) => a.action).sort()).toEqual(['channel.connected', 'channel.disconnected']);
    const events = await db()
      .select({ name: outbox.name, payload: outbox.payload })
      .from(outbox)
      .where(sql`${outbox.workspaceId} = ${wid} and ${outbox.name} = 'channel.deleted'`);
    expect(events).toEqual([{ name: 'channel.deleted', payload: { id: channel.id } }]);
  });

  it('honours Idempotency-Key: the repeat answers the same channel, and only one is made', async () => {
    const wid = await freshWorkspace('Idempotent shop');
    const body = { type: 'web', name: 'Once', settings: { allowedOrigins: ['https://once.example.com'] } };
    const headers = { 'idempotency-key': 'channel-create-once' };
    const first = await api.post(path(wid), body, { token: team.owner.token, headers });
    const again = await api.post(path(wid), body, { token: team.owner.token, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await api.get(path(wid), { token: team.owner.token })).body.data).toHaveLength(1);
  });
});

describe('channels that are not made by this POST', () => {
  it('sends Facebook, Instagram, WhatsApp and TikTok to their OAuth connect, and says email is not available yet', async () => {
    for (const type of ['facebook', 'instagram', 'whatsapp', 'tiktok']) {
      const res = await api.post(path(team.workspace.id), { type, name: 'Page', credentials: { accessToken: 'EAAB-token' } }, { token: team.owner.token });
      expect(res.status, type).toBe(422);
      expect(res.body.error.details).toEqual([{ path: 'type', message: expect.stringMatching(new RegExp(`oauth/${type}/start`)) }]);
    }
    const email = await api.post(path(team.workspace.id), { type: 'email', name: 'Support mail' }, { token: team.owner.token });
    expect(email.status).toBe(422);
    expect(email.body.error.details).toEqual([{ path: 'type', message: 'Email channels are not available yet' }]);
    expect(await db().select().from(channels).where(eq(channels.workspaceId, team.workspace.id))).toEqual([]);
  });

  it('asks Telegram and Viber for their token before anything reaches the provider', async () => {
    const telegram = await api.post(path(team.workspace.id), { type: 'telegram', name: 'Bot' }, { token: team.owner.token });
    expect(telegram.status).toBe(422);
    expect(telegram.body.error.details).toEqual([{ path: 'credentials.botToken', message: expect.stringMatching(/@BotFather/) }]);
    const viber = await api.post(path(team.workspace.id), { type: 'viber', name: 'Bot', credentials: { authToken: '  ' } }, { token: team.owner.token });
    expect(viber.status).toBe(422);
    expect(viber.body.error.details[0].path).toBe('credentials.authToken');
    const spaced = await api.post(
      path(team.workspace.id),
      { type: 'telegram', name: 'Bot', credentials: { botToken: '123: abc' } },
      { token: team.owner.token },
    );
    expect(spaced.status).toBe(422);
    const settings = await api.post(
      path(team.workspace.id),
      { type: 'telegram', name: 'Bot', credentials: { botToken: '123:abc' }, settings: { username: 'x' } },
      { token: team.owner.token },
    );
    expect(settings.status).toBe(422);
    expect(settings.body.error.details[0].path).toBe('settings');
  });
});

describe('roles and tenancy', () => {
  it('lets admins and owners in, and refuses agents and viewers (403) and outsiders (404)', async () => {
    const wid = team.workspace.id;
    const channel = await createWeb(wid, { name: 'Role check' }, team.admin.token);
    for (const member of [team.agent, team.viewer]) {
      expect((await api.get(path(wid), { token: member.token })).status).toBe(403);
      expect((await api.get(path(wid, channel.id), { token: member.token })).status).toBe(403);
      expect(
        (await api.post(path(wid), { type: 'web', name: 'x', settings: { allowedOrigins: ['https://a.example.com'] } }, { token: member.token })).status,
      ).toBe(403);
      expect((await api.patch(path(wid, channel.id), { name: 'x' }, { token: member.token })).status).toBe(403);
      expect((await api.delete(path(wid, channel.id), { token: member.token })).status).toBe(403);
    }
    expect((await api.get(path(wid), { token: team.outsider.token })).status).toBe(404);
    expect((await api.get(path(wid))).status).toBe(401);
  });

  it('never shows, changes or deletes another workspace’s channel', async () => {
    const mine = await createWeb(team.workspace.id, { name: 'Mine' });
    const other = team.otherWorkspace.id;
    const theirs = await api.post(
      path(other),
      { type: 'web', name: 'Theirs', settings: { allowedOrigins: ['https://theirs.example.com'] } },
      { token: team.outsider.token },
    );
    expect(theirs.status).toBe(201);
    // Through my workspace's URL, their channel does not exist; through theirs, I am not a member.
    expect((await api.get(path(team.workspace.id, theirs.body.id), { token: team.owner.token })).status).toBe(404);
    expect((await api.patch(path(team.workspace.id, theirs.body.id), { name: 'Stolen' }, { token: team.owner.token })).status).toBe(404);
    expect((await api.delete(path(team.workspace.id, theirs.body.id), { token: team.owner.token })).status).toBe(404);
    expect((await api.get(path(other, mine.id), { token: team.owner.token })).status).toBe(404);
    const list = await api.get(path(other), { token: team.outsider.token });
    expect(list.body.data.map((c: { id: string }) => c.id)).toEqual([theirs.body.id]);
    const [row] = await db().select({ name: channels.name }).from(channels).where(eq(channels.id, theirs.body.id));
    expect(row!.name).toBe('Theirs');
  });
});
