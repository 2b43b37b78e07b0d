// Domain events through a transactional outbox. A write records its events in the `outbox` table inside its
// own transaction, so an event exists exactly when its change committed. After the commit (and after the
// response, through ctx.after) they are dispatched: to Pusher in batches, to the sinks (email, dropping a user's
// realtime connections: sinks.ts) and to in-process subscribers, then
// marked done in one UPDATE. What fails stays pending, and sweepOutbox() dispatches it again later (the
// daily cron, and on start in development). Delivery is at least once. Events that made outbound webhook
// deliveries (counted on their row by the outbox's trigger) then have those attempted.
import { and, asc, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import { workspaceChannel } from '../../../contracts/realtime.js';
import { withoutQuery, type Db, type Tx } from '../../../db/client.js';
import { outbox } from '../../../db/schema/platform.js';
import { publish, type RealtimeEvent } from '../realtime/publish.js';
import { REDACTED_ONCE_DELIVERED, deliverToSink, isSink } from './sinks.js';
import { hasSubscribers, notifySubscribers, type DeliveredEvent } from './subscribers.js';
import './subscriptions.js';

export interface DomainEvent {
  /** `noun.verb`, e.g. `message.created`. */
  name: string;
  workspaceId: string | null;
  /** Pusher channels it goes to; empty for in-process subscribers only. */
  channels: string[];
  /** The event's data as clients receive it (under Pusher's 10 KB). */
  payload: Record<string, unknown>;
}

export interface RecordedEvent extends DomainEvent {
  id: number;
  socketId: string | null;
  createdAt: Date;
  /** Outbound webhook deliveries the event made (counted by the outbox's trigger as it was recorded). */
  webhookDeliveries?: number;
}

/** What a request offers for dispatching its events: the database, the sender's socket and the after-queue. */
export interface EventOrigin {
  db: Db;
  socketId: string | null;
  after(task: () => Promise<unknown>): void;
}

/** An event on the workspace's private channel, which every member's browser subscribes to. */
export const workspaceEvent = (workspaceId: string, name: string, payload: Record<string, unknown>): DomainEvent => ({
  name,
  workspaceId,
  channels: [workspaceChannel(workspaceId)],
  payload,
});

/** Inserts the events in the caller's transaction (one multi-row INSERT). They commit or vanish with it. */
export async function record(tx: Tx | Db, events: DomainEvent[], socketId: string | null = null): Promise<RecordedEvent[]> {
  if (events.length === 0) return [];
  const rows = await tx
    .insert(outbox)
    .values(events.map((e) => ({ workspaceId: e.workspaceId, name: e.name, channels: e.channels, payload: e.payload, socketId })))
    .returning({ id: outbox.id, createdAt: outbox.createdAt, webhookDeliveries: outbox.webhookDeliveries });
  return events.map((e, i) => ({ ...e, socketId, id: rows[i]!.id, createdAt: rows[i]!.createdAt, webhookDeliveries: rows[i]!.webhookDeliveries }));
}

/**
 * Runs `work` in a transaction; the events it emits are recorded at its end, in the same transaction, and
 * dispatched after the response once it has committed. Events of a write that rolls back never exist.
 */
export async function withEvents<T>(origin: EventOrigin, work: (tx: Tx, emit: (...events: DomainEvent[]) => void) => Promise<T>): Promise<T> {
  let recorded: RecordedEvent[] = [];
  const result = await origin.db.transaction(async (tx) => {
    const emitted: DomainEvent[] = [];
    const value = await work(tx, (...events) => void emitted.push(...events));
    recorded = await record(tx, emitted, origin.socketId);
    return value;
  });
  dispatchAfter(origin, recorded);
  return result;
}

/** Queues the dispatch of committed events on the request's after-queue (after the response is sent). */
export function dispatchAfter(origin: Pick<EventOrigin, 'db' | 'after'>, events: RecordedEvent[]): void {
  if (events.length === 0) return;
  origin.after(() => dispatch(origin.db, events));
}

const reasonOf = (thrown: unknown) => {
  const err = withoutQuery(thrown); // a failed query's reason without its SQL and parameters
  const { message, status, error } = err as { message?: string; status?: number; error?: { message?: string } };
  return [message, status ? `HTTP ${status}` : '', error?.message ?? ''].filter(Boolean).join('; ') || String(err);
};

/**
 * Delivers committed events: Pusher first (batched), then in-process subscribers; then one UPDATE marks the
 * delivered ones dispatched and counts an attempt with its error on the others. Never throws.
 */
export async function dispatch(db: Db, events: RecordedEvent[]): Promise<{ dispatched: number; failed: number }> {
  if (events.length === 0) return { dispatched: 0, failed: 0 };
  const errors = new Map<number, string>();
  const realtime = events.flatMap((e) => e.channels.map((channel): RealtimeEvent => ({ channel, name: e.name, data: e.payload, socketId: e.socketId })));
  if (realtime.length > 0) {
    try {
      await publish(realtime);
    } catch (err) {
      const reason = reasonOf(err);
      console.error(`[realtime] publishing ${[...new Set(realtime.map((e) => e.name))].join(', ')} failed: ${reason}`);
      for (const e of events) if (e.channels.length > 0) errors.set(e.id, `pusher: ${reason}`);
    }
  }
  for (const e of events) {
    if (!isSink(e.name)) continue;
    try {
      await deliverToSink(e.name, e.payload);
    } catch (err) {
      console.error(`[events] ${e.name} #${e.id}: ${reasonOf(err)}`);
      errors.set(e.id, `${e.name}: ${reasonOf(err)}`);
    }
  }
  for (const e of events) {
    if (!hasSubscribers(e.name)) continue;
    const delivered: DeliveredEvent = { id: e.id, name: e.name, workspaceId: e.workspaceId, payload: e.payload, createdAt: e.createdAt };
    try {
      await notifySubscribers(delivered);
    } catch (err) {
      console.error(`[events] ${e.name} #${e.id}: ${reasonOf(err)}`);
      errors.set(e.id, [errors.get(e.id), reasonOf(err)].filter(Boolean).join('; '));
    }
  }
  const ids = events.map((e) => e.id);
  const done = ids.filter((id) => !errors.has(id));
  try {
    await db
      .update(outbox)
      .set({
        attempts: sql`${outbox.attempts} + 1`,
        dispatchedAt: done.length > 0 ? sql`case when ${inArray(outbox.id, done)} then now() end` : null,
        lastError: errors.size > 0 ? sql`${JSON.stringify(Object.fromEntries(errors))}::jsonb ->> ${outbox.id}::text` : null,
        // A delivered email's payload held a single-use link: keep only what it was about.
        payload: sql`case when ${outbox.name} in (${sql.join(
          REDACTED_ONCE_DELIVERED.map((n) => sql`${n}`),
          sql`, `,
        )}) and ${done.length > 0 ? inArray(outbox.id, done) : sql`false`} then jsonb_build_object('ref', ${outbox.payload} -> 'ref', 'to', ${outbox.payload} -> 'to', 'sent', true) else ${outbox.payload} end`,
      })
      .where(and(inArray(outbox.id, ids), isNull(outbox.dispatchedAt)));
  } catch (err) {
    // The events went out; the sweep will send them again (at least once).
    console.error(`[events] marking ${ids.length} event(s) dispatched failed: ${reasonOf(err)}`);
  }
  // Outbound webhooks: the deliveries these events made, with their workspaces' other due ones. Their failures
  // are retried on the deliveries' own schedule, never by dispatching the events again.
  const webhookWorkspaces = [...new Set(events.filter((e) => e.webhookDeliveries && e.workspaceId).map((e) => e.workspaceId!))];
  if (webhookWorkspaces.length > 0) {
    try {
      const { attemptDueDeliveries } = await import('../outbound-webhooks/deliver.js');
      await attemptDueDeliveries(db, webhookWorkspaces);
    } catch (err) {
      console.error(`[webhooks] attempting deliveries failed: ${reasonOf(err)}`);
    }
  }
  return { dispatched: done.length, failed: errors.size };
}

export interface SweepOptions {
  /** Only events older than this, so a sweep does not race the request that is dispatching them. Default 10. */
  olderThanSeconds?: number;
  /** Events that failed this many times are left alone (their last_error says why). Default 20. */
  maxAttempts?: number;
  /** Events per round. Default 200. */
  batchSize?: number;
  /** Dispatched events are deleted after this many days. Default 7. */
  keepDays?: number;
}

/**
 * Dispatches every event left pending (a failed publish, a subscriber that threw, a function that stopped
 * before its after-work ran) in id order, and deletes old dispatched ones. For the daily cron and the start
 * of the local runtime.
 */
export async function sweepOutbox(db: Db, options: SweepOptions = {}): Promise<{ dispatched: number; failed: number; deleted: number }> {
  const { olderThanSeconds = 10, maxAttempts = 20, batchSize = 200, keepDays = 7 } = options;
  let dispatched = 0;
  let failed = 0;
  let lastId = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(outbox)
      .where(
        and(
          isNull(outbox.dispatchedAt),
          gt(outbox.id, lastId),
          lt(outbox.createdAt, sql`now() - make_interval(secs => ${olderThanSeconds})`),
          lt(outbox.attempts, maxAttempts),
        ),
      )
      .orderBy(asc(outbox.id))
      .limit(batchSize);
    if (rows.length === 0) break;
    const result = await dispatch(db, rows);
    dispatched += result.dispatched;
    failed += result.failed;
    lastId = rows[rows.length - 1]!.id;
    if (rows.length < batchSize) break;
  }
  const deleted = await db
    .delete(outbox)
    .where(lt(outbox.dispatchedAt, sql`now() - make_interval(days => ${keepDays})`))
    .returning({ id: outbox.id });
  return { dispatched, failed, deleted: deleted.length };
}
