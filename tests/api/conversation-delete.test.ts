// Deleting a conversation (admin+) is soft: it leaves every list, count, search and read (404) until it is
// restored, and POST …/restore brings it back exactly as it was (messages, tags, assignee, notes, unread).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { inboxEvents } from '../../contracts/conversations.js';
import { rowsOf } from '../../db/client.js';
import { channels } from '../../db/schema/channels.js';
import { ingestInbound } from '../../api/_lib/channels/ingest.js';
import type { EventOrigin } from '../../api/_lib/events/outbox.js';
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
const pending: Promise<unknown>[] = [];
afterAll(async () => {
  await Promise.allSettled(pending);
  await app.close();
});

const wid = () => team.workspace.id;
const base = () => `/api/workspaces/${wid()}/conversations`;

/** A conversation of its own customer, assigned to the agent, tagged, with notes and two unread customer messages. */
async function busyConversation(name: string) {
  const tok = { token: team.agent.token };
  const cust = await api.post(`/api/workspaces/${wid()}/customers`, { name }, tok);
  const conv = await api.post(base(), { customerId: cust.body.id, channel: 'api', subject: `${name} asks` }, tok);
  const id = conv.body.id as string;
  await api.post(`${base()}/${id}/messages`, { content: `Hello from ${name}, about the zebracorn invoice`, senderType: 'customer' }, tok);
  await api.post(`${base()}/${id}/messages`, { content: 'On it', private: true }, tok);
  await api.post(`${base()}/${id}/messages`, { content: 'Any news?', senderType: 'customer' }, tok);
  const patched = await api.patch(`${base()}/${id}`, { assigneeId: team.agent.user.id, tags: ['billing', 'vip'], notes: 'Call back Friday' }, tok);
  expect(patched.status).toBe(200);
  return { id, customerId: cust.body.id as string, number: conv.body.number as number };
}

const listIds = async (query: string, token = team.agent.token) => {
  const res = await api.get(`${base()}?limit=100${query ? `&${query}` : ''}`, { token });
  expect(res.status).toBe(200);
  return (res.body.data as { id: string }[]).map((c) => c.id);
};
const summary = async (token = team.agent.token) => (await api.get(`${base()}/summary`, { token })).body;
const outbox = (name: string, id: string) =>
  rowsOf<{ payload: Record<string, unknown> }>(
    app.database.db,
    sql`select payload from outbox where name = ${name} and workspace_id = ${wid()}::uuid
        and (payload->>'conversationId' = ${id} or payload->'conversation'->>'id' = ${id}) order by id`,
  );
const activity = async (id: string) =>
  (
    (await api.get(`/api/workspaces/${wid()}/activity?subjectType=conversation&subjectId=${id}`, { token: team.admin.token })).body.data as {
      action: string;
    }[]
  ).map((a) => a.action);

describe('DELETE /conversations/{id} and POST …/restore', () => {
  it('hides a deleted conversation from every list, count, search and read, and restore brings it back identical', async () => {
    const c = await busyConversation('Delia Deleted');
    const tok = { token: team.agent.token };
    const before = {
      detail: (await api.get(`${base()}/${c.id}`, tok)).body,
      messages: (await api.get(`${base()}/${c.id}/messages?limit=100`, tok)).body,
      summary: await summary(),
    };
    expect(before.detail).toMatchObject({ tags: ['billing', 'vip'], assigneeId: team.agent.user.id, notes: 'Call back Friday', unreadCount: 2 });
    expect(before.messages.data.length).toBeGreaterThanOrEqual(5);
    for (const q of ['', 'status=open', 'assigneeId=me', `customerId=${c.customerId}`, 'q=zebracorn', 'q=Delia', `q=%23${c.number}`, 'unread=true']) {
      expect(await listIds(q), q).toContain(c.id);
    }

    const del = await api.delete(`${base()}/${c.id}`, { token: team.admin.token });
    expect(del.status).toBe(204);

    for (const q of ['', 'status=open', 'assigneeId=me', `customerId=${c.customerId}`, 'q=zebracorn', 'q=Delia', `q=%23${c.number}`, 'unread=true']) {
      expect(await listIds(q), q).not.toContain(c.id);
    }
    expect(await listIds('', team.owner.token)).not.toContain(c.id);
    const during = await summary();
    expect(during.open).toBe(before.summary.open - 1);
    expect(during.mine).toBe(before.summary.mine - 1);
    expect(during.unread).toBe(before.summary.unread - 2);
    expect(during.perDay.at(-1).count).toBe(before.summary.perDay.at(-1).count - 1);
    // Reads and writes answer 404 as for a conversation that never was.
    for (const res of [
      await api.get(`${base()}/${c.id}`, tok),
      await api.get(`${base()}/${c.id}/messages`, tok),
      await api.patch(`${base()}/${c.id}`, { status: 'closed' }, tok),
      await api.post(`${base()}/${c.id}/messages`, { content: 'Hello?' }, tok),
      await api.post(`${base()}/${c.id}/read`, undefined, tok),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    const deletedEvents = await outbox('conversation.deleted', c.id);
    expect(deletedEvents.map((e) => inboxEvents['conversation.deleted'].parse(e.payload))).toEqual([{ conversationId: c.id }]);

    const restored = await api.post(`${base()}/${c.id}/restore`, undefined, { token: team.admin.token });
    expect(restored.status).toBe(200);
    const after = {
      detail: (await api.get(`${base()}/${c.id}`, tok)).body,
      messages: (await api.get(`${base()}/${c.id}/messages?limit=100`, tok)).body,
      summary: await summary(),
    };
    expect(after.detail).toEqual(before.detail);
    expect(after.messages).toEqual(before.messages);
    expect(after.summary).toEqual(before.summary);
    // The admin's own answer: the same conversation (the admin has read none of it).
    expect({ ...restored.body, unreadCount: 2 }).toEqual(before.detail);
    for (const q of ['', 'status=open', 'assigneeId=me', `customerId=${c.customerId}`, 'q=zebracorn', 'q=Delia', `q=%23${c.number}`, 'unread=true']) {
      expect(await listIds(q), q).toContain(c.id);
    }
    const updates = await outbox('conversation.updated', c.id);
    const last = inboxEvents['conversation.updated'].parse(updates.at(-1)!.payload);
    expect(last.conversation).toMatchObject({ id: c.id, tags: ['billing', 'vip'], assigneeId: team.agent.user.id, status: 'open' });
    expect(await activity(c.id)).toEqual(expect.arrayContaining(['conversation.deleted', 'conversation.restored']));
  });

  it('refuses agents and viewers (403) and changes nothing', async () => {
    const c = await busyConversation('Agnes Agent-Proof');
    for (const token of [team.agent.token, team.viewer.token]) {
      const del = await api.delete(`${base()}/${c.id}`, { token });
      expect(del.status).toBe(403);
      expect(del.body.error.code).toBe('forbidden');
    }
    expect((await api.get(`${base()}/${c.id}`, { token: team.agent.token })).status).toBe(200);
    await api.delete(`${base()}/${c.id}`, { token: team.owner.token });
    const restore = await api.post(`${base()}/${c.id}/restore`, undefined, { token: team.agent.token });
    expect(restore.status).toBe(403);
    expect((await api.get(`${base()}/${c.id}`, { token: team.agent.token })).status).toBe(404);
    expect((await api.post(`${base()}/${c.id}/restore`, undefined, { token: team.owner.token })).status).toBe(200);
    expect((await api.get(`${base()}/${c.id}`, { token: team.agent.token })).status).toBe(200);
  });

  it("another workspace's admin gets 404 for both, and nothing changes", async () => {
    const c = await busyConversation('Otto Outside');
    const other = `/api/workspaces/${team.otherWorkspace.id}/conversations/${c.id}`;
    expect((await api.delete(other, { token: team.outsider.token })).status).toBe(404);
    expect((await api.delete(`${base()}/${c.id}`, { token: team.outsider.token })).status).toBe(404);
    expect((await api.get(`${base()}/${c.id}`, { token: team.agent.token })).status).toBe(200);
    await api.delete(`${base()}/${c.id}`, { token: team.admin.token });
    expect((await api.post(`${other}/restore`, undefined, { token: team.outsider.token })).status).toBe(404);
    expect((await api.post(`${base()}/${c.id}/restore`, undefined, { token: team.outsider.token })).status).toBe(404);
    expect((await api.get(`${base()}/${c.id}`, { token: team.agent.token })).status).toBe(404);
    expect((await api.delete(`${base()}/${crypto.randomUUID()}`, { token: team.admin.token })).status).toBe(404);
  });

  it('a second delete (and a restore of a conversation that is not deleted) changes nothing', async () => {
    const c = await busyConversation('Ida Idempotent');
    expect((await api.delete(`${base()}/${c.id}`, { token: team.admin.token })).status).toBe(204);
    expect((await api.delete(`${base()}/${c.id}`, { token: team.admin.token })).status).toBe(204);
    expect(await outbox('conversation.deleted', c.id)).toHaveLength(1);
    expect((await activity(c.id)).filter((a) => a === 'conversation.deleted')).toHaveLength(1);
    expect((await api.post(`${base()}/${c.id}/restore`, undefined, { token: team.admin.token })).status).toBe(200);
    const updates = (await outbox('conversation.updated', c.id)).length;
    const again = await api.post(`${base()}/${c.id}/restore`, undefined, { token: team.admin.token });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: c.id, tags: ['billing', 'vip'] });
    expect(await outbox('conversation.updated', c.id)).toHaveLength(updates);
    expect((await activity(c.id)).filter((a) => a === 'conversation.restored')).toHaveLength(1);
  });

  it('a customer writing in on a channel after their conversation was deleted starts a new one; the deleted one takes nothing', async () => {
    const db = app.database.db;
    const origin = (): EventOrigin => ({ db, socketId: null, after: (task) => void pending.push(task()) });
    const [row] = await db
      .insert(channels)
      .values({ workspaceId: wid(), type: 'telegram', name: 'Delete test bot' })
      .returning({ id: channels.id, workspaceId: channels.workspaceId });
    const channel = { id: row!.id, workspaceId: row!.workspaceId, type: 'telegram' as const };
    const write = (content: string) =>
      ingestInbound(origin(), { channel, externalMessageId: randomUUID(), content, sender: { externalId: 'deleted-tg-1', name: 'Dora Deleted' } });
    const first = await write('First question');
    expect((await api.delete(`${base()}/${first.conversationId}`, { token: team.admin.token })).status).toBe(204);
    const second = await write('Hello again?');
    expect(second.conversationId).not.toBe(first.conversationId);
    expect(second.customerId).toBe(first.customerId);
    await api.post(`${base()}/${first.conversationId}/restore`, undefined, { token: team.admin.token });
    const messagesOf = async (id: string) =>
      ((await api.get(`${base()}/${id}/messages`, { token: team.agent.token })).body.data as { content: string }[]).map((m) => m.content);
    expect(await messagesOf(first.conversationId)).toEqual(['First question']);
    expect(await messagesOf(second.conversationId)).toEqual(['Hello again?']);
  });
});
