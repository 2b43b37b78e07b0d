// ReadScope (api/_lib/http/read-scope.ts) on every driver: PGlite, node-postgres and Neon's serverless driver
// (through the ws-to-TCP bridge). Each scoped read answers exactly what the query-builder read it replaces
// answers on the same data, twice in a row (the second run reuses the prepared statement), and the folded
// caller check answers 401 for a dead session, 404 for a non-member and 403 for a role too low.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../contracts/roles.js';
import { openDatabase, type Database } from '../../db/client.js';
import { getMe, listSessions, readMe, readSessions } from '../../api/_lib/auth/queries.js';
import { getCustomer, listCustomers, readCustomer, readCustomers } from '../../api/_lib/customers/queries.js';
import { ApiError } from '../../api/_lib/http/errors.js';
import { ReadScope } from '../../api/_lib/http/read-scope.js';
import {
  conversationSummary,
  getConversation,
  listConversations,
  listMessages,
  readConversation,
  readConversations,
  readConversationSummary,
  readMessages,
  type ConversationFilters,
} from '../../api/_lib/inbox/queries.js';
import {
  getWorkspace,
  listActivity,
  listMembers,
  listWorkspaces,
  readActivity,
  readMembers,
  readWorkspace,
  readWorkspaces,
} from '../../api/_lib/workspaces/queries.js';
import { startNeonBridge, type NeonBridge } from '../support/neon-bridge.js';
import { openTestDatabase } from '../support/app.js';
import { adminUrl } from '../support/postgres.js';

const BASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface Seed {
  wid: string;
  owner: { userId: string; sessionId: string };
  viewer: { userId: string; sessionId: string };
  outsider: { userId: string; sessionId: string };
  revoked: { userId: string; sessionId: string };
  conversationIds: string[];
  customerIds: string[];
}

async function seed(database: Database): Promise<Seed> {
  const run = async <T = Record<string, unknown>>(query: ReturnType<typeof sql>) => ((await database.db.execute(query)) as unknown as { rows: T[] }).rows;
  const user = async (name: string) =>
    (
      await run<{ id: string }>(
        sql`insert into users (email, name, password_hash) values (${`${name}-${randomUUID()}@example.test`}, ${name}, 'x') returning id`,
      )
    )[0]!.id;
  const session = async (userId: string, revoked = false) =>
    (
      await run<{ id: string }>(
        sql`insert into sessions (user_id, expires_at, revoked_at, user_agent) values (${userId}, now() + interval '1 day', ${revoked ? sql`now()` : sql`null`}, 'test') returning id`,
      )
    )[0]!.id;
  const [ownerId, viewerId, outsiderId] = [await user('owner'), await user('viewer'), await user('outsider')];
  const wid = (await run<{ id: string }>(sql`insert into workspaces (name) values ('Scoped') returning id`))[0]!.id;
  const other = (await run<{ id: string }>(sql`insert into workspaces (name) values ('Another') returning id`))[0]!.id;
  await run(
    sql`insert into memberships (workspace_id, user_id, role) values (${wid}, ${ownerId}, 'owner'), (${wid}, ${viewerId}, 'viewer'), (${other}, ${ownerId}, 'admin'), (${other}, ${outsiderId}, 'owner')`,
  );
  await run(sql`insert into invitations (workspace_id, email, role, invited_by) values (${wid}, 'invited@example.test', 'agent', ${ownerId})`);
  const customerIds = (
    await run<{ id: string }>(sql`insert into customers (workspace_id, name, email, tags, created_at)
      select ${wid}, 'Customer ' || g, 'c' || g || '@example.test', case when g % 2 = 0 then array['vip'] else '{}'::text[] end, now() - g * interval '1 hour'
      from generate_series(1, 7) g returning id`)
  ).map((r) => r.id);
  const conversationIds = (
    await run<{
      id: string;
    }>(sql`insert into conversations (workspace_id, number, customer_id, channel, status, subject, assignee_id, tags, last_message_preview, last_message_sender_type, last_message_private, last_message_at, sort_at, created_at)
      select ${wid}, g, (${`{${customerIds.join(',')}}`}::uuid[])[1 + g % 7], (case when g % 2 = 0 then 'email' else 'web' end)::channel,
             (case when g % 3 = 0 then 'closed' else 'open' end)::conversation_status, 'Order question ' || g,
             case when g % 4 = 0 then null else ${ownerId}::uuid end, '{}'::text[],
             case when g % 5 = 0 then null else 'Hi ' || g end, case when g % 5 = 0 then null else 'customer'::sender_type end, false,
             case when g % 5 = 0 then null else now() - g * interval '1 minute' end,
             now() - g * interval '1 minute', now() - g * interval '2 minute'
      from generate_series(1, 12) g returning id`)
  ).map((r) => r.id);
  await run(sql`insert into messages (workspace_id, conversation_id, sender_type, sender_id, content, private, created_at)
    select ${wid}, ${conversationIds[0]!}, (case when k % 2 = 0 then 'agent' else 'customer' end)::sender_type,
           case when k % 2 = 0 then ${ownerId}::uuid end, 'Message ' || k, k % 3 = 0, now() - k * interval '1 second'
    from generate_series(1, 9) k`);
  await run(sql`insert into activities (workspace_id, actor_id, action, subject_type, subject_id, metadata)
    select ${wid}, ${ownerId}, 'customer.created', 'customer', 'c' || (g % 2), jsonb_build_object('n', g) from generate_series(1, 5) g`);
  return {
    wid,
    owner: { userId: ownerId, sessionId: await session(ownerId) },
    viewer: { userId: viewerId, sessionId: await session(viewerId) },
    outsider: { userId: outsiderId, sessionId: await session(outsiderId) },
    revoked: { userId: ownerId, sessionId: await session(ownerId, true) },
    conversationIds,
    customerIds,
  };
}

async function refusal(promise: Promise<unknown>): Promise<number> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(err)}`);
  return err.status;
}

function scopedReadSuite(open: () => Promise<{ database: Database; close: () => Promise<void> }>) {
  let database: Database;
  let close: () => Promise<void>;
  let s: Seed;
  beforeAll(async () => {
    ({ database, close } = await open());
    s = await seed(database);
  });
  afterAll(async () => {
    await close?.();
  });

  const scope = (who: { userId: string; sessionId: string }, need: Role | null = 'viewer', wid: string | null = s.wid) =>
    new ReadScope(database.db, who, wid, need);

  /** The scoped read, twice, equals the query-builder read; and the scope recorded its check. */
  async function same<T>(scoped: (scope: ReadScope) => Promise<T>, plain: () => Promise<T>, make: () => ReadScope = () => scope(s.owner)) {
    const expected = await plain();
    for (let i = 0; i < 2; i++) {
      const sc = make();
      expect(await scoped(sc)).toEqual(expected);
      expect(sc.checked).toBe(true);
    }
    return expected;
  }

  it('lists conversations as the query builder does, for every filter combination and page', async () => {
    const db = database.db;
    const combos: ConversationFilters[] = [
      { limit: 25 },
      { limit: 5 },
      { limit: 5, status: 'open' },
      { limit: 5, status: 'open', assigneeId: 'none' },
      { limit: 5, assigneeId: 'me' },
      { limit: 5, assigneeId: s.owner.userId, channel: 'email' },
      { limit: 5, customerId: s.customerIds[1]! },
      { limit: 5, q: 'question 1' },
      { limit: 5, q: '#7' },
      { limit: 5, q: 'customer 3' },
    ];
    for (const filters of combos) {
      const first = await same(
        (sc) => readConversations(sc, filters),
        () => listConversations(db, s.wid, s.owner.userId, filters),
      );
      expect(first.data.length, JSON.stringify(filters)).toBeGreaterThan(0);
      if (first.nextCursor) {
        const next = { ...filters, cursor: first.nextCursor };
        await same(
          (sc) => readConversations(sc, next),
          () => listConversations(db, s.wid, s.owner.userId, next),
        );
      }
    }
    // A workspace without conversations matching: an empty page, not a refusal.
    await same(
      (sc) => readConversations(sc, { limit: 5, status: 'snoozed' }),
      () => listConversations(db, s.wid, s.owner.userId, { limit: 5, status: 'snoozed' }),
    );
  });

  it('reads a conversation, its messages (pages) and the summary as the query builder does', async () => {
    const db = database.db;
    const id = s.conversationIds[0]!;
    await same(
      (sc) => readConversation(sc, id),
      () => getConversation(db, s.wid, id),
    );
    await same(
      (sc) => readConversation(sc, randomUUID()),
      () => getConversation(db, s.wid, randomUUID()),
    );
    const first = await same(
      (sc) => readMessages(sc, id, { limit: 4 }),
      () => listMessages(db, s.wid, id, { limit: 4 }),
    );
    expect(first!.data).toHaveLength(4);
    await same(
      (sc) => readMessages(sc, id, { limit: 4, cursor: first!.nextCursor! }),
      () => listMessages(db, s.wid, id, { limit: 4, cursor: first!.nextCursor! }),
    );
    await same(
      (sc) => readMessages(sc, s.conversationIds[1]!, { limit: 4 }),
      () => listMessages(db, s.wid, s.conversationIds[1]!, { limit: 4 }),
    );
    expect(await readMessages(scope(s.owner), randomUUID(), { limit: 4 })).toBeNull();
    const query = { tz: 'America/New_York', days: 7 };
    await same(
      (sc) => readConversationSummary(sc, query),
      () => conversationSummary(db, s.wid, s.owner.userId, query),
    );
  });

  it('reads customers as the query builder does', async () => {
    const db = database.db;
    for (const filters of [{ limit: 3 }, { limit: 3, tag: 'vip' }, { limit: 3, q: 'customer 1' }, { limit: 50 }]) {
      const first = await same(
        (sc) => readCustomers(sc, filters),
        () => listCustomers(db, s.wid, filters),
      );
      if (first.nextCursor)
        await same(
          (sc) => readCustomers(sc, { ...filters, cursor: first.nextCursor! }),
          () => listCustomers(db, s.wid, { ...filters, cursor: first.nextCursor! }),
        );
    }
    await same(
      (sc) => readCustomer(sc, s.customerIds[2]!),
      () => getCustomer(db, s.wid, s.customerIds[2]!),
    );
  });

  it('reads the account, sessions, workspaces, members and activity as the query builder does', async () => {
    const db = database.db;
    const user = () => scope(s.owner, null, null);
    await same(readMe, () => getMe(db, s.owner.userId), user);
    await same(
      (sc) => readSessions(sc, { limit: 10 }),
      () => listSessions(db, s.owner.userId, s.owner.sessionId, { limit: 10 }),
      user,
    );
    const workspaces = await same(
      (sc) => readWorkspaces(sc, { limit: 1 }),
      () => listWorkspaces(db, s.owner.userId, { limit: 1 }),
      user,
    );
    await same(
      (sc) => readWorkspaces(sc, { limit: 1, cursor: workspaces.nextCursor! }),
      () => listWorkspaces(db, s.owner.userId, { limit: 1, cursor: workspaces.nextCursor! }),
      user,
    );
    await same(readWorkspace, () => getWorkspace(db, s.wid, 'owner'));
    const members = await same(
      (sc) => readMembers(sc, { limit: 2 }),
      () => listMembers(db, s.wid, { limit: 2 }),
    );
    await same(
      (sc) => readMembers(sc, { limit: 2, cursor: members.nextCursor! }),
      () => listMembers(db, s.wid, { limit: 2, cursor: members.nextCursor! }),
    );
    const admin = () => scope(s.owner, 'admin');
    const activity = await same(
      (sc) => readActivity(sc, { limit: 2 }),
      () => listActivity(db, s.wid, { limit: 2 }),
      admin,
    );
    await same(
      (sc) => readActivity(sc, { limit: 2, cursor: activity.nextCursor! }),
      () => listActivity(db, s.wid, { limit: 2, cursor: activity.nextCursor! }),
      admin,
    );
    const bySubject = { limit: 5, subjectType: 'customer', subjectId: 'c1' };
    await same(
      (sc) => readActivity(sc, bySubject),
      () => listActivity(db, s.wid, bySubject),
      admin,
    );
  });

  it('answers 401 for a dead session, 404 for a non-member, 403 for a role too low, in the read itself', async () => {
    expect(await refusal(readConversations(scope(s.revoked), { limit: 5 }))).toBe(401);
    expect(await refusal(readMe(scope(s.revoked, null, null)))).toBe(401);
    // A session presented with another user's id is no session.
    expect(await refusal(readConversations(scope({ userId: s.viewer.userId, sessionId: s.owner.sessionId }), { limit: 5 }))).toBe(401);
    expect(await refusal(readConversations(scope(s.outsider), { limit: 5 }))).toBe(404);
    expect(await refusal(readConversations(scope(s.owner, 'viewer', randomUUID()), { limit: 5 }))).toBe(404);
    expect(await refusal(readActivity(scope(s.viewer, 'admin'), { limit: 5 }))).toBe(403);
    const viewer = scope(s.viewer);
    expect((await readConversations(viewer, { limit: 5 })).data).toHaveLength(5);
    expect(viewer.role).toBe('viewer');
    const verify = scope(s.outsider);
    expect(await refusal(verify.verify())).toBe(404);
    expect(verify.checked).toBe(false);
  });
}

async function freshServerDatabase(kind: 'postgres' | 'neon') {
  const admin = new pg.Client({ connectionString: adminUrl(BASE_URL) });
  await admin.connect();
  const name = `switchboard_scope_${kind}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await admin.query(`create database "${name}"`);
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  let bridge: NeonBridge | undefined;
  let database: Database;
  if (kind === 'neon') {
    bridge = await startNeonBridge({ host: url.hostname, port: Number(url.port || 5432) });
    const port = bridge.port;
    database = await openDatabase({ kind: 'neon', url: url.toString() }, { migrate: true, neonWsProxy: () => `127.0.0.1:${port}/` });
  } else {
    database = await openDatabase({ kind: 'postgres', url: url.toString() }, { migrate: true });
  }
  return {
    database,
    close: async () => {
      await database.close();
      await bridge?.close();
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

describe('scoped reads on PGlite (or TEST_DATABASE_URL)', () =>
  scopedReadSuite(async () => {
    const { database, drop } = await openTestDatabase();
    return { database, close: async () => (await database.close(), await drop()) };
  }));
describe('scoped reads on node-postgres', () => scopedReadSuite(() => freshServerDatabase('postgres')));
describe('scoped reads on the Neon serverless driver', () => scopedReadSuite(() => freshServerDatabase('neon')));
