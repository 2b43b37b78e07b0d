// The transactional outbox: a write's events are rows in its own transaction, dispatched after the commit to
// Pusher and to in-process subscribers; what could not be delivered stays pending until the sweep sends it.
import Pusher from 'pusher-js';
import type { Channel } from 'pusher-js';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { outbox } from '../../db/schema/platform.js';
import { record, sweepOutbox, withEvents, workspaceEvent, type DomainEvent } from '../../api/_lib/events/outbox.js';
import { subscribe, type DeliveredEvent } from '../../api/_lib/events/subscribers.js';
import { startPusherServer, type PusherServer } from '../../dev/pusher-server.js';
import { PUSHER, startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { teamFixture } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;
let conversationId: string;
let restarted: PusherServer | undefined;
const sockets: Pusher[] = [];

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
  team = await teamFixture(api);
  const customer = await api.post(`/api/workspaces/${team.workspace.id}/customers`, { name: 'Outbox Customer' }, { token: team.agent.token });
  const conversation = await api.post(
    `/api/workspaces/${team.workspace.id}/conversations`,
    { customerId: customer.body.id, channel: 'email' },
    { token: team.agent.token },
  );
  expect(conversation.status).toBe(201);
  conversationId = conversation.body.id;
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await restarted?.close();
  await app.close();
});

const db = () => app.database.db;
const rowsFor = (messageId: string) =>
  db()
    .select()
    .from(outbox)
    .where(sql`${outbox.payload} -> 'message' ->> 'id' = ${messageId}`);
const channelName = () => `private-workspace-${team.workspace.id}`;
const anEvent = (name: string, payload: Record<string, unknown> = {}): DomainEvent => workspaceEvent(team.workspace.id, name, payload);

function listen(port: number): Promise<{ received: unknown[]; channel: Channel }> {
  const pusher = new Pusher(PUSHER.key, {
    cluster: 'local',
    wsHost: '127.0.0.1',
    wsPort: port,
    forceTLS: false,
    enabledTransports: ['ws'],
    channelAuthorization: { endpoint: `${app.url}/api/realtime/auth`, transport: 'ajax', headers: { Authorization: `Bearer ${team.viewer.token}` } },
  });
  sockets.push(pusher);
  const channel = pusher.subscribe(channelName());
  const received: unknown[] = [];
  channel.bind('message.created', (data: unknown) => void received.push(data));
  return new Promise((resolve, reject) => {
    channel.bind('pusher:subscription_succeeded', () => resolve({ received, channel }));
    channel.bind('pusher:subscription_error', (err: unknown) => reject(new Error(`subscription failed: ${JSON.stringify(err)}`)));
  });
}

describe('a write while Pusher is up', () => {
  it('is dispatched at once and its outbox row is marked dispatched', async () => {
    const { received } = await listen(app.pusher.port);
    const sent = await api.post(
      `/api/workspaces/${team.workspace.id}/conversations/${conversationId}/messages`,
      { content: 'live' },
      { token: team.agent.token },
    );
    expect(sent.status).toBe(201);
    await vi.waitFor(
      () => expect(received).toContainEqual(expect.objectContaining({ message: expect.objectContaining({ id: sent.body.id, content: 'live' }) })),
      { timeout: 5_000 },
    );
    await vi.waitFor(async () => {
      const [row] = await rowsFor(sent.body.id);
      expect(row).toMatchObject({ name: 'message.created', workspaceId: team.workspace.id, channels: [channelName()], attempts: 1, lastError: null });
      expect(row!.dispatchedAt).toBeInstanceOf(Date);
    });
  });
});

describe('in-process subscribers and the sweep', () => {
  it('a rolled-back write leaves no outbox row and dispatches nothing', async () => {
    const name = `test.rolled_back_${Date.now()}`;
    await expect(
      db().transaction(async (tx) => {
        await record(tx, [anEvent(name)]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const after = vi.fn();
    await expect(
      withEvents({ db: db(), socketId: null, after }, async (tx, emit) => {
        emit(anEvent(name));
        await tx.execute(sql`select 1 / 0`);
      }),
    ).rejects.toThrow();
    expect(after).not.toHaveBeenCalled();
    expect(await db().select().from(outbox).where(eq(outbox.name, name))).toEqual([]);
  });

  it('records all of a write’s events in its transaction and queues their dispatch after the commit', async () => {
    const name = `test.committed_${Date.now()}`;
    const after = vi.fn();
    const value = await withEvents({ db: db(), socketId: '123.456', after }, async (_tx, emit) => {
      emit(anEvent(name, { n: 1 }), anEvent(name, { n: 2 }));
      return 'done';
    });
    expect(value).toBe('done');
    expect(after).toHaveBeenCalledTimes(1);
    const rows = await db().select().from(outbox).where(eq(outbox.name, name)).orderBy(outbox.id);
    expect(rows.map((r) => [r.payload, r.socketId, r.dispatchedAt])).toEqual([
      [{ n: 1 }, '123.456', null],
      [{ n: 2 }, '123.456', null],
    ]);
  });

  it('redelivers to a failing subscriber on the next sweep, and leaves fresh events to their request', async () => {
    const name = `test.subscribed_${Date.now()}`;
    const seen: DeliveredEvent[] = [];
    let failing = true;
    const unsubscribe = subscribe(name, (event) => {
      seen.push(event);
      if (failing) throw new Error('subscriber is down');
    });
    try {
      const [recorded] = await db().transaction((tx) => record(tx, [anEvent(name, { hello: 'world' })]));
      // A sweep with the default age leaves a just-written event to the request that dispatches it.
      await sweepOutbox(db());
      expect(seen).toEqual([]);

      await sweepOutbox(db(), { olderThanSeconds: 0 });
      expect(seen).toHaveLength(1);
      let [row] = await db().select().from(outbox).where(eq(outbox.id, recorded!.id));
      expect(row).toMatchObject({ dispatchedAt: null, attempts: 1, lastError: expect.stringContaining('subscriber is down') });

      failing = false;
      await sweepOutbox(db(), { olderThanSeconds: 0 });
      expect(seen.map((e) => [e.id, e.name, e.payload, e.workspaceId])).toEqual([
        [recorded!.id, name, { hello: 'world' }, team.workspace.id],
        [recorded!.id, name, { hello: 'world' }, team.workspace.id],
      ]);
      [row] = await db().select().from(outbox).where(eq(outbox.id, recorded!.id));
      expect(row).toMatchObject({ attempts: 2, lastError: null });
      expect(row!.dispatchedAt).toBeInstanceOf(Date);

      // Once dispatched, a sweep leaves it alone.
      await sweepOutbox(db(), { olderThanSeconds: 0 });
      expect(seen).toHaveLength(2);
    } finally {
      unsubscribe();
    }
  });
});

// Last in the file: it stops the app's Pusher server and starts another on the same port.
describe('a write while Pusher is down', () => {
  it('succeeds, stays pending in the outbox, and reaches subscribers once Pusher is back and the sweep runs', async () => {
    const port = app.pusher.port;
    await app.pusher.close();

    const sent = await api.post(
      `/api/workspaces/${team.workspace.id}/conversations/${conversationId}/messages`,
      { content: 'sent while Pusher was down', senderType: 'customer' },
      { token: team.agent.token },
    );
    expect(sent.status).toBe(201);
    const thread = await api.get(`/api/workspaces/${team.workspace.id}/conversations/${conversationId}/messages`, { token: team.agent.token });
    expect(thread.body.data.map((m: { id: string }) => m.id)).toContain(sent.body.id);

    // The dispatch after the response fails and leaves the row pending with its error.
    await vi.waitFor(
      async () => {
        const [row] = await rowsFor(sent.body.id);
        expect(row).toMatchObject({ name: 'message.created', dispatchedAt: null, attempts: 1, lastError: expect.stringMatching(/^pusher: /) });
      },
      { timeout: 10_000, interval: 100 },
    );

    restarted = await startPusherServer({ ...PUSHER, port });
    const { received } = await listen(port);
    const result = await sweepOutbox(db(), { olderThanSeconds: 0 });
    expect(result.dispatched).toBeGreaterThanOrEqual(1);

    await vi.waitFor(
      () =>
        expect(received).toContainEqual({
          message: expect.objectContaining({ id: sent.body.id, content: 'sent while Pusher was down', senderType: 'customer' }),
          conversation: expect.objectContaining({ id: conversationId, unreadCount: 1 }),
        }),
      { timeout: 5_000 },
    );
    const [row] = await rowsFor(sent.body.id);
    expect(row).toMatchObject({ attempts: 2, lastError: null });
    expect(row!.dispatchedAt).toBeInstanceOf(Date);
  });
});
