// ReadScope (api/_lib/http/read-scope.ts) on every driver: PGlite, node-postgres and Neon's serverless driver
// (through the ws-to-TCP bridge). The same fixture (fixed ids and timestamps) is seeded into one database per
// driver; every scoped read must answer the same on all three, twice in a row (the second run reuses the
// prepared statement), and equal what the fixture says it should (built here by hand, page by page). The
// folded caller check answers 401 for a dead session, 404 for a non-member and 403 for a role too low.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../contracts/roles.js';
import { openDatabase, type Database } from '../../db/client.js';
import { activities } from '../../db/schema/activity.js';
import { invitations, memberships, sessions, users, workspaces } from '../../db/schema/identity.js';
import { conversations, customers, messages } from '../../db/schema/inbox.js';
import { readMe, readSessions } from '../../api/_lib/auth/queries.js';
import { readCustomer, readCustomers, type CustomerFilters } from '../../api/_lib/customers/queries.js';
import { ApiError } from '../../api/_lib/http/errors.js';
import { ReadScope, type ScopeCaller } from '../../api/_lib/http/read-scope.js';
import { readConversation, readConversations, readConversationSummary, readMessages, type ConversationFilters } from '../../api/_lib/inbox/queries.js';
import { readActivity, readMembers, readWorkspace, readWorkspaces } from '../../api/_lib/workspaces/queries.js';
import { startNeonBridge, type NeonBridge } from '../support/neon-bridge.js';
import { openTestDatabase } from '../support/app.js';
import { adminUrl } from '../support/postgres.js';

const BASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

// ---------------------------------------------------------------------------------------------------------
// The fixture: plain data, inserted as is into every database.

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const BASE = Math.floor(Date.now() / SECOND) * SECOND - HOUR;
const at = (offset: number) => new Date(BASE + offset);
const iso = (d: Date) => d.toISOString();
const later = new Date(Date.now() + DAY);

const id = {
  owner: randomUUID(),
  viewer: randomUUID(),
  outsider: randomUUID(),
  wid: randomUUID(),
  other: randomUUID(),
  invitation: randomUUID(),
  session: { current: randomUUID(), older: randomUUID(), revoked: randomUUID(), expired: randomUUID(), viewer: randomUUID(), outsider: randomUUID() },
};

const fxUsers = [
  { id: id.owner, email: 'owner@example.test', name: 'Owner', passwordHash: 'x', createdAt: at(-2 * DAY) },
  { id: id.viewer, email: 'viewer@example.test', name: 'Viewer', passwordHash: 'x', createdAt: at(-2 * DAY + MINUTE) },
  { id: id.outsider, email: 'outsider@example.test', name: 'Outsider', passwordHash: 'x', createdAt: at(-2 * DAY + 2 * MINUTE) },
];
const fxSessions = [
  {
    id: id.session.current,
    userId: id.owner,
    userAgent: 'Current browser',
    createdAt: at(-MINUTE),
    lastUsedAt: at(-SECOND),
    expiresAt: later,
    revokedAt: null,
  },
  { id: id.session.older, userId: id.owner, userAgent: null, createdAt: at(-HOUR), lastUsedAt: at(-30 * MINUTE), expiresAt: later, revokedAt: null },
  { id: id.session.revoked, userId: id.owner, userAgent: null, createdAt: at(-2 * HOUR), lastUsedAt: at(-2 * HOUR), expiresAt: later, revokedAt: at(-HOUR) },
  { id: id.session.expired, userId: id.owner, userAgent: null, createdAt: at(-3 * HOUR), lastUsedAt: at(-3 * HOUR), expiresAt: at(-MINUTE), revokedAt: null },
  { id: id.session.viewer, userId: id.viewer, userAgent: null, createdAt: at(-MINUTE), lastUsedAt: at(-MINUTE), expiresAt: later, revokedAt: null },
  { id: id.session.outsider, userId: id.outsider, userAgent: null, createdAt: at(-MINUTE), lastUsedAt: at(-MINUTE), expiresAt: later, revokedAt: null },
];
const fxWorkspaces = [
  { id: id.wid, name: 'Scoped', createdAt: at(-3 * DAY) },
  { id: id.other, name: 'Another', createdAt: at(-4 * DAY) },
];
const fxMemberships: { workspaceId: string; userId: string; role: Role; createdAt: Date }[] = [
  { workspaceId: id.wid, userId: id.owner, role: 'owner', createdAt: at(-DAY) },
  { workspaceId: id.wid, userId: id.viewer, role: 'viewer', createdAt: at(-DAY + MINUTE) },
  { workspaceId: id.other, userId: id.owner, role: 'admin', createdAt: at(-DAY) },
  { workspaceId: id.other, userId: id.outsider, role: 'owner', createdAt: at(-DAY) },
];
const fxInvitation = {
  id: id.invitation,
  workspaceId: id.wid,
  email: 'invited@example.test',
  role: 'agent' as Role,
  invitedBy: id.owner,
  createdAt: at(-DAY + 2 * MINUTE),
  expiresAt: at(6 * DAY),
};

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const fxCustomers = range(7).map((g) => ({
  id: randomUUID(),
  workspaceId: id.wid,
  name: `Customer ${g}`,
  email: `c${g}@example.test`,
  phone: g === 3 ? '+1 555 0103' : null,
  company: g % 3 === 0 ? 'Acme' : null,
  tags: g % 2 === 0 ? ['vip'] : [],
  createdAt: at(-g * HOUR),
  updatedAt: at(-g * HOUR + MINUTE),
}));
// One customer and conversation in the other workspace: no read of `Scoped` may show them.
const foreignCustomer = { ...fxCustomers[0]!, id: randomUUID(), workspaceId: id.other, name: 'Customer foreign', email: 'foreign@example.test' };

const fxMessages = range(9).map((k) => ({
  id: randomUUID(),
  workspaceId: id.wid,
  conversationId: '', // set below, to the first conversation
  senderType: (k % 2 === 0 ? 'agent' : 'customer') as 'agent' | 'customer',
  senderId: k % 2 === 0 ? id.owner : null,
  content: `Message ${k}`,
  private: k % 4 === 0,
  createdAt: at(-k * SECOND),
}));

const fxConversations = range(12).map((g) => {
  const lastMessageAt = g % 5 === 0 ? null : at(-g * MINUTE);
  const createdAt = at(-g * 2 * MINUTE);
  return {
    id: randomUUID(),
    workspaceId: id.wid,
    number: g,
    customerId: fxCustomers[g % 7]!.id,
    channel: (g % 2 === 0 ? 'email' : 'web') as 'email' | 'web',
    status: (g % 3 === 0 ? 'closed' : g % 5 === 0 ? 'pending' : 'open') as 'open' | 'pending' | 'closed',
    subject: `Order question ${g}`,
    assigneeId: g % 4 === 0 ? null : g % 4 === 1 ? id.owner : id.viewer,
    tags: g === 2 ? ['urgent'] : [],
    notes: g === 1 ? 'Called twice' : null,
    aiActive: g === 5,
    unreadCount: g % 3,
    lastMessageId: lastMessageAt ? (g === 1 ? fxMessages[0]!.id : randomUUID()) : null,
    lastMessagePreview: lastMessageAt ? `Hi ${g}` : null,
    lastMessageSenderType: lastMessageAt ? ('customer' as const) : null,
    lastMessagePrivate: lastMessageAt ? false : null,
    lastMessageAt,
    sortAt: lastMessageAt ?? createdAt,
    createdAt,
    updatedAt: at(-g * MINUTE + SECOND),
  };
});
for (const m of fxMessages) m.conversationId = fxConversations[0]!.id;
const foreignConversation = { ...fxConversations[0]!, id: randomUUID(), workspaceId: id.other, customerId: foreignCustomer.id, lastMessageId: null };

const fxActivities = range(5).map((g) => ({
  id: randomUUID(),
  workspaceId: id.wid,
  actorId: g === 5 ? null : id.owner,
  action: 'customer.created',
  subjectType: 'customer',
  subjectId: `c${g % 2}`,
  metadata: { n: g },
  createdAt: at(-g * SECOND),
}));

async function seed(database: Database): Promise<void> {
  const db = database.db;
  await db.insert(users).values(fxUsers);
  await db.insert(sessions).values(fxSessions);
  await db.insert(workspaces).values(fxWorkspaces);
  await db.insert(memberships).values(fxMemberships);
  await db.insert(invitations).values(fxInvitation);
  await db.insert(customers).values([...fxCustomers, foreignCustomer]);
  await db.insert(conversations).values([...fxConversations, foreignConversation]);
  await db.insert(messages).values(fxMessages);
  await db.insert(activities).values(fxActivities);
}

// ---------------------------------------------------------------------------------------------------------
// What the API should answer for the fixture, written out by hand.

const newestFirst =
  <T extends { id: string }>(key: (x: T) => Date) =>
  (a: T, b: T) =>
    key(b).getTime() - key(a).getTime() || (b.id < a.id ? -1 : 1);
const contains = (value: string | null, q: string) => value !== null && value.toLowerCase().includes(q.toLowerCase());

const customerOut = (c: (typeof fxCustomers)[number]) => ({
  id: c.id,
  name: c.name,
  email: c.email,
  phone: c.phone,
  company: c.company,
  tags: c.tags,
  // Codes come from the insert trigger, in the order the fixture inserts them.
  code: `CLI-000${fxCustomers.indexOf(c) + 1}`,
  address: null,
  taxId: null,
  notes: null,
  status: 'active',
  createdAt: iso(c.createdAt),
  updatedAt: iso(c.updatedAt),
});
const expectedCustomers = (f: Omit<CustomerFilters, 'sort'> & { limit?: number }) =>
  fxCustomers
    .filter((c) => (!f.tag || c.tags.includes(f.tag)) && (!f.q || [c.name, c.email, c.phone, c.company].some((v) => contains(v, f.q!))))
    .sort(newestFirst((c) => c.createdAt))
    .map(customerOut);

/**
 * The caller's unread count: customer messages after the caller's read mark (the fixture has none), counted only
 * when the conversation moved since (its last message is newer than the mark).
 */
const callerUnread = (c: (typeof fxConversations)[number]) =>
  c.lastMessageAt ? fxMessages.filter((m) => m.conversationId === c.id && m.senderType === 'customer').length : 0;

const conversationOut = (c: (typeof fxConversations)[number]) => ({
  id: c.id,
  number: c.number,
  customer: { id: c.customerId, name: fxCustomers.find((cu) => cu.id === c.customerId)!.name },
  channel: c.channel,
  status: c.status,
  subject: c.subject,
  assigneeId: c.assigneeId,
  tags: c.tags,
  aiActive: c.aiActive,
  channelId: null,
  snoozedUntil: null,
  unreadCount: callerUnread(c),
  lastMessage: c.lastMessageAt
    ? { id: c.lastMessageId, content: c.lastMessagePreview, senderType: c.lastMessageSenderType, private: false, createdAt: iso(c.lastMessageAt) }
    : null,
  lastMessageAt: c.lastMessageAt ? iso(c.lastMessageAt) : null,
  createdAt: iso(c.createdAt),
  updatedAt: iso(c.updatedAt),
});
function expectedConversations(f: ConversationFilters, me: string) {
  const number = f.q ? /^#?(\d{1,9})$/.exec(f.q)?.[1] : undefined;
  return (
    fxConversations
      .filter(
        (c) =>
          (!f.status || c.status === f.status) &&
          (!f.channel || c.channel === f.channel) &&
          (!f.customerId || c.customerId === f.customerId) &&
          (f.assigneeId === undefined || c.assigneeId === (f.assigneeId === 'none' ? null : f.assigneeId === 'me' ? me : f.assigneeId)) &&
          (!f.q ||
            contains(c.subject, f.q) ||
            contains(fxCustomers.find((cu) => cu.id === c.customerId)!.name, f.q) ||
            (number !== undefined && c.number === Number(number))),
      )
      .sort(newestFirst((c) => c.sortAt))
      // A search answers which message matched; these match by subject, name or number (no message says so).
      .map((c) => (f.q ? { ...conversationOut(c), match: null } : conversationOut(c)))
  );
}

const messageOut = (m: (typeof fxMessages)[number]) => ({
  id: m.id,
  conversationId: m.conversationId,
  senderType: m.senderType,
  senderId: m.senderId,
  content: m.content,
  private: m.private,
  delivery: null,
  attachments: [],
  event: null,
  createdAt: iso(m.createdAt),
});

/** The dashboard summary for `tz` and `days`, as of now. */
function expectedSummary(tz: string, days: number, me: string) {
  const dateIn = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const today = new Date(`${dateIn(new Date())}T00:00:00Z`);
  const perDay = range(days).map((i) => {
    const date = new Date(today.getTime() - (days - i) * DAY).toISOString().slice(0, 10);
    return { date, count: fxConversations.filter((c) => dateIn(c.createdAt) === date).length };
  });
  const open = fxConversations.filter((c) => c.status === 'open');
  return {
    open: open.length,
    unassigned: open.filter((c) => c.assigneeId === null).length,
    mine: open.filter((c) => c.assigneeId === me).length,
    unread: fxConversations.filter((c) => c.status !== 'closed').reduce((sum, c) => sum + callerUnread(c), 0),
    perDay,
  };
}

const memberOut = (m: {
  userId: string | null;
  invitationId: string | null;
  email: string;
  name: string | null;
  role: Role;
  createdAt: Date;
  expiresAt?: Date;
}) => ({
  id: m.userId ?? m.invitationId,
  userId: m.userId,
  email: m.email,
  name: m.name,
  role: m.role,
  status: m.userId ? 'active' : 'invited',
  createdAt: iso(m.createdAt),
  expiresAt: m.expiresAt ? iso(m.expiresAt) : null,
  // No mail was queued for the fixture's invitation.
  emailStatus: m.userId ? null : 'pending',
});
const expectedMembers = [
  ...fxMemberships
    .filter((m) => m.workspaceId === id.wid)
    .map((m) => {
      const u = fxUsers.find((x) => x.id === m.userId)!;
      return memberOut({ userId: u.id, invitationId: null, email: u.email, name: u.name, role: m.role, createdAt: m.createdAt });
    }),
  memberOut({
    userId: null,
    invitationId: fxInvitation.id,
    email: fxInvitation.email,
    name: null,
    role: fxInvitation.role,
    createdAt: fxInvitation.createdAt,
    expiresAt: fxInvitation.expiresAt,
  }),
];

const activityOut = (a: (typeof fxActivities)[number]) => ({
  id: a.id,
  actor: a.actorId ? { id: a.actorId, name: 'Owner' } : null,
  action: a.action,
  subjectType: a.subjectType,
  subjectId: a.subjectId,
  metadata: a.metadata,
  // The fixture's entries name no customer: the sentence is the bare one, the link the customer's page.
  summary: `${a.actorId ? 'Owner' : 'Someone'} created a customer`,
  link: `/w/${id.wid}/customers/${a.subjectId}`,
  createdAt: iso(a.createdAt),
});

// ---------------------------------------------------------------------------------------------------------
// The drivers.

interface Driver {
  name: string;
  database: Database;
  close: () => Promise<void>;
}

/** PGlite: the suite's template copy; under TEST_DATABASE_URL (whose template is a server database) a fresh in-memory one. */
async function openPglite(): Promise<Driver> {
  if (!process.env.TEST_DATABASE_URL) {
    const { database, drop } = await openTestDatabase();
    return { name: 'PGlite', database, close: async () => (await database.close(), await drop()) };
  }
  const database = await openDatabase({ kind: 'pglite', dataDir: null }, { migrate: true });
  return { name: 'PGlite', database, close: () => database.close() };
}

async function openServer(kind: 'postgres' | 'neon'): Promise<Driver> {
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
    name: kind === 'neon' ? 'Neon serverless' : 'node-postgres',
    database,
    close: async () => {
      await database.close();
      await bridge?.close();
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
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

const owner: ScopeCaller = { userId: id.owner, sessionId: id.session.current };
const viewer: ScopeCaller = { userId: id.viewer, sessionId: id.session.viewer };
const outsider: ScopeCaller = { userId: id.outsider, sessionId: id.session.outsider };

describe('scoped reads on PGlite, node-postgres and the Neon serverless driver', () => {
  const drivers: Driver[] = [];
  beforeAll(async () => {
    for (const open of [openPglite, () => openServer('postgres'), () => openServer('neon')]) {
      const driver = await open();
      drivers.push(driver);
      await seed(driver.database);
    }
  });
  afterAll(async () => {
    for (const driver of drivers) await driver.close();
  });

  type Who = { caller: ScopeCaller; need: Role | null; wid: string | null };
  const member = (caller: ScopeCaller = owner, need: Role = 'viewer'): Who => ({ caller, need, wid: id.wid });
  const user = (caller: ScopeCaller = owner): Who => ({ caller, need: null, wid: null });

  /**
   * Runs the read on every driver, twice each (the second run reuses the prepared statement), each time in a
   * fresh scope that must record its check; every answer must equal the first driver's. Returns that answer.
   */
  async function onEveryDriver<T>(read: (scope: ReadScope) => Promise<T>, who: Who = member()): Promise<T> {
    const answers: { label: string; value: T }[] = [];
    for (const driver of drivers) {
      for (const run of [1, 2]) {
        const scope = new ReadScope(driver.database.db, who.caller, who.wid, who.need);
        answers.push({ label: `${driver.name}, run ${run}`, value: await read(scope) });
        expect(scope.checked, `${driver.name}, run ${run}: the caller check ran`).toBe(true);
      }
    }
    expect(answers).toHaveLength(6);
    for (const answer of answers.slice(1)) expect(answer.value, answer.label).toEqual(answers[0]!.value);
    return answers[0]!.value;
  }

  /** Every page of a list, followed through nextCursor on every driver; returns all items in order. */
  async function allPages<T>(
    read: (scope: ReadScope, cursor: string | undefined) => Promise<{ data: T[]; nextCursor: string | null }>,
    limit: number,
    who?: Who,
  ) {
    const items: T[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const page = await onEveryDriver((scope) => read(scope, cursor), who);
      expect(page.data.length).toBeLessThanOrEqual(limit);
      items.push(...page.data);
      if (!page.nextCursor) return items;
      expect(page.data).toHaveLength(limit);
      cursor = page.nextCursor;
    }
    throw new Error('the list never ended');
  }

  it('lists conversations for every filter combination, page by page', async () => {
    const combos: ConversationFilters[] = [
      { limit: 25 },
      { limit: 5 },
      { limit: 5, status: 'open' },
      { limit: 5, status: 'open', assigneeId: 'none' },
      { limit: 5, assigneeId: 'me' },
      { limit: 2, assigneeId: id.viewer, channel: 'email' },
      { limit: 5, customerId: fxCustomers[1]!.id },
      { limit: 3, q: 'question 1' },
      { limit: 5, q: '#7' },
      { limit: 5, q: 'customer 3' },
      { limit: 5, status: 'snoozed' },
    ];
    for (const filters of combos) {
      const expected = expectedConversations(filters, id.owner);
      if (filters.status !== 'snoozed') expect(expected.length, JSON.stringify(filters)).toBeGreaterThan(0);
      const got = await allPages((scope, cursor) => readConversations(scope, { ...filters, cursor }), filters.limit);
      expect(got, JSON.stringify(filters)).toEqual(expected);
    }
    expect(expectedConversations({ limit: 25 }, id.owner)).toHaveLength(12);
  });

  it('reads a conversation, its messages page by page, and the summary', async () => {
    const first = fxConversations[0]!;
    expect(await onEveryDriver((scope) => readConversation(scope, first.id))).toEqual({ ...conversationOut(first), notes: 'Called twice' });
    expect(await onEveryDriver((scope) => readConversation(scope, foreignConversation.id))).toBeNull();
    expect(await onEveryDriver((scope) => readConversation(scope, randomUUID()))).toBeNull();

    const pages = await allPages(async (scope, cursor) => (await readMessages(scope, first.id, { limit: 4, cursor }))!, 4);
    expect(pages).toEqual([...fxMessages].sort(newestFirst((m) => m.createdAt)).map(messageOut));
    expect(pages).toHaveLength(9);
    // A conversation without messages: an empty page; one elsewhere or nowhere: null (the route's 404).
    expect(await onEveryDriver((scope) => readMessages(scope, fxConversations[1]!.id, { limit: 4 }))).toEqual({ data: [], nextCursor: null });
    expect(await onEveryDriver((scope) => readMessages(scope, foreignConversation.id, { limit: 4 }))).toBeNull();
    expect(await onEveryDriver((scope) => readMessages(scope, randomUUID(), { limit: 4 }))).toBeNull();

    for (const query of [
      { tz: 'America/New_York', days: 7 },
      { tz: 'UTC', days: 1 },
    ]) {
      const summary = await onEveryDriver((scope) => readConversationSummary(scope, query));
      expect(summary, JSON.stringify(query)).toEqual(expectedSummary(query.tz, query.days, id.owner));
    }
  });

  it('reads customers, page by page, and one customer', async () => {
    const filters: (CustomerFilters & { limit: number })[] = [
      { limit: 3 },
      { limit: 3, tag: 'vip' },
      { limit: 3, q: 'customer 1' },
      { limit: 2, q: 'acme' },
      { limit: 50 },
    ].map((f) => ({ ...f, sort: '-createdAt' }));
    for (const f of filters) {
      const expected = expectedCustomers(f);
      expect(expected.length, JSON.stringify(f)).toBeGreaterThan(0);
      expect(await allPages((scope, cursor) => readCustomers(scope, { ...f, cursor }), f.limit), JSON.stringify(f)).toEqual(expected);
    }
    expect(expectedCustomers({ limit: 50 })).toHaveLength(7);
    expect(await onEveryDriver((scope) => readCustomer(scope, fxCustomers[2]!.id))).toEqual(customerOut(fxCustomers[2]!));
    expect(await onEveryDriver((scope) => readCustomer(scope, foreignCustomer.id))).toBeNull();
  });

  it('reads the account, sessions, workspaces, members and activity', async () => {
    expect(await onEveryDriver(readMe, user())).toEqual({
      user: { id: id.owner, email: 'owner@example.test', name: 'Owner', createdAt: iso(fxUsers[0]!.createdAt), emailVerifiedAt: null, twoFactorEnabled: false },
      workspaces: [
        { id: id.other, name: 'Another', role: 'admin' },
        { id: id.wid, name: 'Scoped', role: 'owner' },
      ],
    });
    const [current, older] = fxSessions;
    expect(await allPages((scope, cursor) => readSessions(scope, { limit: 1, cursor }), 1, user())).toEqual(
      [current!, older!].map((s) => ({
        id: s.id,
        createdAt: iso(s.createdAt),
        lastUsedAt: iso(s.lastUsedAt),
        userAgent: s.userAgent,
        current: s.id === id.session.current,
      })),
    );
    expect(await allPages((scope, cursor) => readWorkspaces(scope, { limit: 1, cursor }), 1, user())).toEqual([
      { id: id.wid, name: 'Scoped', role: 'owner', createdAt: iso(fxWorkspaces[0]!.createdAt) },
      { id: id.other, name: 'Another', role: 'admin', createdAt: iso(fxWorkspaces[1]!.createdAt) },
    ]);
    expect(await onEveryDriver(readWorkspace)).toEqual({ id: id.wid, name: 'Scoped', role: 'owner', createdAt: iso(fxWorkspaces[0]!.createdAt) });
    expect(await onEveryDriver(readWorkspace, member(viewer))).toMatchObject({ id: id.wid, role: 'viewer' });
    expect(await allPages((scope, cursor) => readMembers(scope, { limit: 2, cursor }), 2)).toEqual(expectedMembers);

    const admin = member(owner, 'admin');
    const newest = [...fxActivities].sort(newestFirst((a) => a.createdAt));
    expect(await allPages((scope, cursor) => readActivity(scope, { limit: 2, cursor }), 2, admin)).toEqual(newest.map(activityOut));
    expect(await allPages((scope, cursor) => readActivity(scope, { limit: 2, subjectType: 'customer', subjectId: 'c1', cursor }), 2, admin)).toEqual(
      newest.filter((a) => a.subjectId === 'c1').map(activityOut),
    );
  });

  it('answers 401 for a dead session, 404 for a non-member, 403 for a role too low, in the read itself', async () => {
    for (const { name, database } of drivers) {
      const scope = (caller: ScopeCaller, need: Role | null = 'viewer', wid: string | null = id.wid) => new ReadScope(database.db, caller, wid, need);
      const revoked = { userId: id.owner, sessionId: id.session.revoked };
      const expired = { userId: id.owner, sessionId: id.session.expired };
      expect(await refusal(readConversations(scope(revoked), { limit: 5 })), name).toBe(401);
      expect(await refusal(readConversations(scope(expired), { limit: 5 })), name).toBe(401);
      expect(await refusal(readMe(scope(revoked, null, null))), name).toBe(401);
      expect(await refusal(readSessions(scope(expired, null, null), { limit: 5 })), name).toBe(401);
      // A session presented with another user's id is no session.
      expect(await refusal(readConversations(scope({ userId: id.viewer, sessionId: id.session.current }), { limit: 5 })), name).toBe(401);
      expect(await refusal(readConversations(scope(outsider), { limit: 5 })), name).toBe(404);
      expect(await refusal(readCustomer(scope(outsider), fxCustomers[0]!.id)), name).toBe(404);
      expect(await refusal(readConversations(scope(owner, 'viewer', randomUUID()), { limit: 5 })), name).toBe(404);
      expect(await refusal(readActivity(scope(viewer, 'admin'), { limit: 5 })), name).toBe(403);
      expect(await refusal(readMembers(scope(viewer, 'agent'), { limit: 5 })), name).toBe(403);
      const allowed = scope(viewer);
      expect((await readConversations(allowed, { limit: 5 })).data, name).toHaveLength(5);
      expect(allowed.role, name).toBe('viewer');
      const verify = scope(outsider);
      expect(await refusal(verify.verify()), name).toBe(404);
      expect(verify.checked, name).toBe(false);
      const verified = scope(owner, 'admin');
      await verified.verify();
      expect([verified.checked, verified.role], name).toEqual([true, 'owner']);
    }
  });
});
