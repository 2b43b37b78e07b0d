// Tables of the platform itself rather than of a business domain: the transactional outbox that carries
// every domain event from a write's transaction to Pusher and in-process subscribers, and the stored
// answers of requests made with an Idempotency-Key.
import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

export const outbox = pgTable(
  'outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** No foreign key: an event about a deleted workspace must outlive it until it is dispatched. */
    workspaceId: uuid('workspace_id'),
    /** `noun.verb`, e.g. `message.created`. */
    name: text('name').notNull(),
    /** Pusher channels the event goes to; empty for in-process subscribers only. */
    channels: text('channels')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** The sender's Pusher socket, which does not get the event back. */
    socketId: text('socket_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /**
     * Outbound webhook deliveries the event made, set by the outbox_webhook_deliveries trigger as the row is
     * inserted (one per active endpoint of the workspace that takes the event): dispatch attempts them only when
     * there are some.
     */
    webhookDeliveries: integer('webhook_deliveries').notNull().default(0),
  },
  (t) => [
    index('outbox_pending_idx')
      .on(t.id)
      .where(sql`${t.dispatchedAt} is null`),
    // An email's delivery, looked up by what it was about (e.g. an invitation's row in the members list).
    index('outbox_mail_ref_idx')
      .on(sql`(${t.payload} ->> 'ref')`, t.id)
      .where(sql`${t.name} = 'mail.send'`),
  ],
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Null for calls outside a workspace; one key space per (workspace, caller). */
    workspaceId: uuid('workspace_id'),
    userId: uuid('user_id').notNull(),
    key: text('key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    /** A hash of the request body: the same key with another body is refused. */
    fingerprint: text('fingerprint').notNull(),
    /** Null while the first request is still running. */
    status: integer('status'),
    body: jsonb('body'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [unique('idempotency_keys_scope_key').on(t.workspaceId, t.userId, t.key).nullsNotDistinct(), index('idempotency_keys_created_idx').on(t.createdAt)],
);
