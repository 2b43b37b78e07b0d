// /api/notifications/… (auth function): the caller's own notifications, preferences and push subscriptions.
// Every row is the caller's: nobody reads or changes another user's.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { notificationEndpoints, type NotificationType } from '../../../contracts/notifications.js';
import { notificationPreferences, notifications, pushSubscriptions } from '../../../db/schema/notifications.js';
import { serverEnv } from '../env.js';
import { implement } from '../http/implement.js';
import { readNotifications, readPreferences } from './queries.js';
import { resolvePreferences } from './service.js';

export const routes = implement(notificationEndpoints, {
  listNotifications: (ctx, { query }) => readNotifications(ctx.scope, query),
  async markNotificationsRead(ctx, { body }) {
    const mine = and(eq(notifications.userId, ctx.user.id), isNull(notifications.readAt));
    await ctx.db
      .update(notifications)
      .set({ readAt: sql`now()` })
      .where('ids' in body ? and(mine, inArray(notifications.id, body.ids)) : mine);
    return undefined;
  },
  getNotificationPreferences: (ctx) => readPreferences(ctx.scope),
  async updateNotificationPreferences(ctx, { body }) {
    const changes = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as Partial<
      Record<NotificationType, { inApp: boolean; email: boolean; push: boolean }>
    >;
    const [row] = await ctx.db
      .insert(notificationPreferences)
      .values({ userId: ctx.user.id, preferences: changes })
      .onConflictDoUpdate({
        target: notificationPreferences.userId,
        set: { preferences: sql`${notificationPreferences.preferences} || excluded.preferences`, updatedAt: sql`now()` },
      })
      .returning({ preferences: notificationPreferences.preferences });
    return resolvePreferences(row?.preferences);
  },
  async vapidPublicKey(ctx) {
    await ctx.scope.verify();
    return { publicKey: serverEnv().push?.publicKey ?? null };
  },
  async subscribePush(ctx, { body }) {
    const values = {
      userId: ctx.user.id,
      endpoint: body.endpoint,
      p256dh: body.keys.p256dh,
      auth: body.keys.auth,
      userAgent: ctx.userAgent?.slice(0, 500) ?? null,
    };
    // One row per endpoint: a browser that subscribes again (or another user signing in on it) takes it over.
    const [row] = await ctx.db
      .insert(pushSubscriptions)
      .values(values)
      .onConflictDoUpdate({
        target: pushSubscriptions.endpoint,
        set: { userId: values.userId, p256dh: values.p256dh, auth: values.auth, userAgent: values.userAgent, createdAt: sql`now()`, lastSuccessAt: null },
      })
      .returning({ id: pushSubscriptions.id, endpoint: pushSubscriptions.endpoint, createdAt: pushSubscriptions.createdAt });
    return { id: row!.id, endpoint: row!.endpoint, createdAt: row!.createdAt.toISOString() };
  },
  async unsubscribePush(ctx, { body }) {
    await ctx.db.delete(pushSubscriptions).where(and(eq(pushSubscriptions.userId, ctx.user.id), eq(pushSubscriptions.endpoint, body.endpoint)));
    return undefined;
  },
});
