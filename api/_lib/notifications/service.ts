// Making notifications: createNotifications() is what every producer calls (the event subscribers in
// producers.ts, and any domain that notifies someone directly). Per recipient and type it honours the user's
// preferences: in the app (the row, and `notification.created` on private-user-{uid}), by email (a `mail.send`
// outbox event) and by web push (a `push.send` outbox event per subscription, sent after the commit by the sink
// in push.ts). Rows are unique per (user, dedupe key), so making the same notification twice does nothing the
// second time: no second row, no second email or push.
import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  DEFAULT_NOTIFICATION_PREFERENCES,
  NOTIFICATION_CREATED_EVENT,
  type Notification,
  type NotificationPreference,
  type NotificationPreferences,
  type NotificationType,
} from '../../../contracts/notifications.js';
import { userChannel } from '../../../contracts/realtime.js';
import type { Db, Tx } from '../../../db/client.js';
import { users } from '../../../db/schema/identity.js';
import { notificationPreferences, notifications, pushSubscriptions } from '../../../db/schema/notifications.js';
import { record, type DomainEvent } from '../events/outbox.js';
import { mailEvent } from '../events/sinks.js';
import { notificationMail } from './mail.js';

export interface NewNotification {
  userId: string;
  workspaceId: string | null;
  type: NotificationType;
  title: string;
  body?: string;
  /** The app path it opens, e.g. `/w/{wid}/inbox/{conversationId}`. */
  url?: string | null;
  /** Unique per user: the same key twice makes one notification (subscribers use `outbox:{event.id}:{type}`). */
  dedupeKey: string;
}

/** The sink event that sends one web push after the commit (api/_lib/notifications/push.ts). */
export const PUSH_SEND_EVENT = 'push.send';
export interface PushSendPayload {
  subscriptionId: string;
  notificationId: string;
  title: string;
  body: string;
  url: string | null;
}

/** A user's stored choices over the defaults, for every type. */
export function resolvePreferences(stored: Record<string, Partial<NotificationPreference>> | null | undefined): NotificationPreferences {
  const out = {} as NotificationPreferences;
  for (const [type, fallback] of Object.entries(DEFAULT_NOTIFICATION_PREFERENCES) as [NotificationType, NotificationPreference][]) {
    const mine = stored?.[type];
    out[type] = {
      inApp: typeof mine?.inApp === 'boolean' ? mine.inApp : fallback.inApp,
      email: typeof mine?.email === 'boolean' ? mine.email : fallback.email,
      push: typeof mine?.push === 'boolean' ? mine.push : fallback.push,
    };
  }
  return out;
}

type Row = typeof notifications.$inferSelect;
export const toNotification = (row: Pick<Row, 'id' | 'type' | 'title' | 'body' | 'url' | 'workspaceId' | 'readAt' | 'createdAt'>): Notification => ({
  id: row.id,
  type: row.type as NotificationType,
  title: row.title,
  body: row.body,
  url: row.url,
  workspaceId: row.workspaceId,
  readAt: row.readAt ? row.readAt.toISOString() : null,
  createdAt: row.createdAt.toISOString(),
});

/** `notification.created` on the user's own channel (no workspace: it is never a workspace's webhook event). */
const createdEvent = (userId: string, notification: Notification): DomainEvent => ({
  name: NOTIFICATION_CREATED_EVENT,
  workspaceId: null,
  channels: [userChannel(userId)],
  payload: { notification },
});

/**
 * Makes the notifications in the caller's transaction, each as its recipient's preferences say; returns the
 * ones made (none for a dedupe key seen before, or a type the user turned off everywhere).
 *
 * The events (realtime, email, push) go through `emit` when given: pass withEvents' emit so they are
 * dispatched after the commit. Without it they are recorded in the outbox here and go out with the next
 * dispatch or sweep of the outbox.
 *
 * A type turned off in the app but on for email or push still makes its row, already read (so that the same
 * notification is never emailed or pushed twice), with no live event.
 */
export async function createNotifications(tx: Tx | Db, items: NewNotification[], emit?: (...events: DomainEvent[]) => void): Promise<Notification[]> {
  if (items.length === 0) return [];
  const userIds = [...new Set(items.map((i) => i.userId))];
  const recipients = await tx
    .select({ id: users.id, email: users.email, name: users.name, preferences: notificationPreferences.preferences })
    .from(users)
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, users.id))
    .where(inArray(users.id, userIds));
  const byId = new Map(recipients.map((r) => [r.id, { ...r, preferences: resolvePreferences(r.preferences) }]));

  const wanted = items.flatMap((item) => {
    const user = byId.get(item.userId);
    if (!user) return [];
    const pref = user.preferences[item.type];
    if (!pref || (!pref.inApp && !pref.email && !pref.push)) return [];
    return [{ item, user, pref }];
  });
  if (wanted.length === 0) return [];

  const inserted = await tx
    .insert(notifications)
    .values(
      wanted.map(({ item, pref }) => ({
        userId: item.userId,
        workspaceId: item.workspaceId,
        type: item.type,
        title: item.title.slice(0, 200),
        body: (item.body ?? '').slice(0, 1000),
        url: item.url ?? null,
        dedupeKey: item.dedupeKey,
        readAt: pref.inApp ? null : sql`now()`,
      })),
    )
    .onConflictDoNothing({ target: [notifications.userId, notifications.dedupeKey] })
    .returning();
  if (inserted.length === 0) return [];

  const made = new Map(inserted.map((row) => [`${row.userId}\u0000${row.dedupeKey}`, row]));
  const pushUsers = [...new Set(wanted.filter((w) => w.pref.push && made.has(`${w.item.userId}\u0000${w.item.dedupeKey}`)).map((w) => w.item.userId))];
  const subscriptions =
    pushUsers.length > 0
      ? await tx
          .select({ id: pushSubscriptions.id, userId: pushSubscriptions.userId })
          .from(pushSubscriptions)
          .where(inArray(pushSubscriptions.userId, pushUsers))
      : [];

  const events: DomainEvent[] = [];
  const result: Notification[] = [];
  for (const { item, user, pref } of wanted) {
    const row = made.get(`${item.userId}\u0000${item.dedupeKey}`);
    if (!row) continue;
    made.delete(`${item.userId}\u0000${item.dedupeKey}`); // the same key twice in one call: once
    const notification = toNotification(row);
    result.push(notification);
    if (pref.inApp) events.push(createdEvent(item.userId, notification));
    if (pref.email) events.push(mailEvent({ ...notificationMail({ to: user.email, name: user.name, notification }), ref: `notification:${row.id}` }, null));
    if (pref.push) {
      for (const s of subscriptions) {
        if (s.userId !== item.userId) continue;
        const payload: PushSendPayload = { subscriptionId: s.id, notificationId: row.id, title: row.title, body: row.body, url: row.url };
        events.push({ name: PUSH_SEND_EVENT, workspaceId: null, channels: [], payload: { ...payload } });
      }
    }
  }
  if (emit) emit(...events);
  else await record(tx, events);
  return result;
}

/** The caller's unread count (for answers that carry it). */
export async function unreadCount(db: Tx | Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), sql`${notifications.readAt} is null`));
  return row?.n ?? 0;
}
