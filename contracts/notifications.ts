// /api/notifications/… (auth function): the signed-in user's notifications, preferences and web-push subscriptions
// (API.md "Notifications"). Notifications are made by in-process subscribers to domain events
// (api/_lib/notifications/producers.ts) through createNotifications (api/_lib/notifications/service.ts), and
// arrive live as `notification.created` on the user's own channel, private-user-{uid}.
import { z } from 'zod';
import { booleanQuerySchema, hasNoNul, idSchema, listQuerySchema, NUL_MESSAGE, timestampSchema } from './common.js';
import { endpoint } from './endpoint.js';

/** Every kind of notification, in the order the preferences page lists them. */
export const NOTIFICATION_TYPES = [
  /** A conversation was assigned to you (by someone else). */
  'conversation.assigned',
  /** A customer wrote in a conversation assigned to you. */
  'conversation.message',
  /** Someone @mentioned you in a private note. */
  'mention',
  /** You were invited to a workspace. */
  'invitation.received',
  /** An order was paid (admins and owners). */
  'order.paid',
  /** A payment failed (admins and owners). */
  'payment.failed',
  /** A production batch waits for its quality check (admins and owners). */
  'batch.awaiting_qc',
  /** A material's stock at a plant fell below its minimum (admins and owners). */
  'material.below_minimum',
  /** The AI assistant handed a conversation over to a person. */
  'ai.handover',
] as const;
export const notificationTypeSchema = z.enum(NOTIFICATION_TYPES);
export type NotificationType = z.infer<typeof notificationTypeSchema>;

/** How each type is labelled on the preferences page. */
export const NOTIFICATION_TYPE_LABELS: Record<NotificationType, string> = {
  'conversation.assigned': 'A conversation is assigned to me',
  'conversation.message': 'A new message in a conversation assigned to me',
  mention: 'I am @mentioned in a private note',
  'invitation.received': 'I am invited to a workspace',
  'order.paid': 'An order is paid',
  'payment.failed': 'A payment fails',
  'batch.awaiting_qc': 'A batch awaits its quality check',
  'material.below_minimum': 'A material falls below its minimum stock',
  'ai.handover': 'The assistant hands a conversation over',
};

export const NOTIFICATION_DELIVERIES = ['inApp', 'email', 'push'] as const;
export type NotificationDelivery = (typeof NOTIFICATION_DELIVERIES)[number];

export const notificationPreferenceSchema = z.strictObject({ inApp: z.boolean(), email: z.boolean(), push: z.boolean() });
export type NotificationPreference = z.infer<typeof notificationPreferenceSchema>;

/** What a user gets before they change anything: in-app always; email for what is addressed to them personally. */
export const DEFAULT_NOTIFICATION_PREFERENCES: Record<NotificationType, NotificationPreference> = {
  'conversation.assigned': { inApp: true, email: true, push: true },
  'conversation.message': { inApp: true, email: false, push: true },
  mention: { inApp: true, email: true, push: true },
  'invitation.received': { inApp: true, email: false, push: false },
  'order.paid': { inApp: true, email: false, push: false },
  'payment.failed': { inApp: true, email: true, push: true },
  'batch.awaiting_qc': { inApp: true, email: false, push: false },
  'material.below_minimum': { inApp: true, email: true, push: false },
  'ai.handover': { inApp: true, email: false, push: true },
};

/** `{ [type]: { inApp, email, push } }`: every type, stored choices over the defaults. */
export const notificationPreferencesSchema = z.object(
  Object.fromEntries(NOTIFICATION_TYPES.map((t) => [t, notificationPreferenceSchema])) as Record<NotificationType, typeof notificationPreferenceSchema>,
);
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;

/** PUT /api/notifications/preferences: any subset of the types; the others keep their current choice. */
export const updateNotificationPreferencesBodySchema = z.strictObject(
  Object.fromEntries(NOTIFICATION_TYPES.map((t) => [t, notificationPreferenceSchema.optional()])) as Record<
    NotificationType,
    z.ZodOptional<typeof notificationPreferenceSchema>
  >,
);
export type UpdateNotificationPreferencesBody = z.input<typeof updateNotificationPreferencesBodySchema>;

export const notificationSchema = z.object({
  id: idSchema,
  type: notificationTypeSchema,
  title: z.string(),
  body: z.string(),
  /** The app path it opens, e.g. `/w/{wid}/inbox/{conversationId}`. */
  url: z.string().nullable(),
  workspaceId: idSchema.nullable(),
  readAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
});
export type Notification = z.infer<typeof notificationSchema>;

export const notificationListQuerySchema = listQuerySchema.extend({ unread: booleanQuerySchema.optional() });
export type NotificationListQuery = z.input<typeof notificationListQuerySchema>;

export const notificationListSchema = z.object({
  data: z.array(notificationSchema),
  nextCursor: z.string().nullable(),
  /** The caller's unread notifications in all (not only this page). */
  unreadCount: z.number().int().nonnegative(),
});
export type NotificationList = z.infer<typeof notificationListSchema>;

/** POST /api/notifications/read: the given ones, or all of the caller's. */
export const markNotificationsReadBodySchema = z.union([z.strictObject({ ids: z.array(idSchema).min(1).max(100) }), z.strictObject({ all: z.literal(true) })]);
export type MarkNotificationsReadBody = z.input<typeof markNotificationsReadBodySchema>;

const pushEndpointSchema = z
  .string()
  .trim()
  .max(2048)
  .refine(hasNoNul, NUL_MESSAGE)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'Enter the push service URL');
const base64url = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_-]+=*$/, 'Use base64url');

/** POST /api/notifications/subscribe: a browser's PushSubscription.toJSON(). */
export const pushSubscribeBodySchema = z.object({
  endpoint: pushEndpointSchema,
  keys: z.object({ p256dh: base64url, auth: base64url }),
  expirationTime: z.number().nullable().optional(),
});
export type PushSubscribeBody = z.input<typeof pushSubscribeBodySchema>;

export const pushUnsubscribeBodySchema = z.strictObject({ endpoint: pushEndpointSchema });

export const pushSubscriptionSchema = z.object({ id: idSchema, endpoint: z.string(), createdAt: timestampSchema });

/** `publicKey` is null when the deployment has no VAPID keys (push is then off). */
export const vapidPublicKeySchema = z.object({ publicKey: z.string().nullable() });

/** Live on private-user-{uid}. */
export const NOTIFICATION_CREATED_EVENT = 'notification.created';
export const notificationEvents = {
  'notification.created': z.object({ notification: notificationSchema }),
};

export const notificationEndpoints = {
  listNotifications: endpoint({
    method: 'GET',
    path: '/api/notifications',
    access: 'user',
    summary: "The caller's notifications, newest first (`unread=true`: only unread), with their unread count",
    query: notificationListQuerySchema,
    response: notificationListSchema,
  }),
  markNotificationsRead: endpoint({
    method: 'POST',
    path: '/api/notifications/read',
    access: 'user',
    summary: 'Mark the given notifications, or all of them, read',
    body: markNotificationsReadBodySchema,
    example: { all: true },
  }),
  getNotificationPreferences: endpoint({
    method: 'GET',
    path: '/api/notifications/preferences',
    access: 'user',
    summary: 'Which notifications the caller gets in the app, by email and by push, per type',
    response: notificationPreferencesSchema,
  }),
  updateNotificationPreferences: endpoint({
    method: 'PUT',
    path: '/api/notifications/preferences',
    access: 'user',
    summary: "Change the caller's notification preferences (the types given; the others keep theirs)",
    body: updateNotificationPreferencesBodySchema,
    response: notificationPreferencesSchema,
    example: { 'order.paid': { inApp: true, email: false, push: false } },
  }),
  vapidPublicKey: endpoint({
    method: 'GET',
    path: '/api/notifications/vapid-public-key',
    access: 'user',
    summary: 'The application server key a browser subscribes to web push with (null when push is off)',
    response: vapidPublicKeySchema,
  }),
  subscribePush: endpoint({
    method: 'POST',
    path: '/api/notifications/subscribe',
    access: 'user',
    summary: "Register this browser's push subscription for the caller (the same endpoint again replaces it)",
    body: pushSubscribeBodySchema,
    response: pushSubscriptionSchema,
    status: 201,
    example: {
      endpoint: 'https://push.example.com/push/example-subscription',
      keys: {
        p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
        auth: 'tBHItJI5svbpez7KI4CCXg',
      },
    },
  }),
  unsubscribePush: endpoint({
    method: 'POST',
    path: '/api/notifications/unsubscribe',
    access: 'user',
    summary: "Remove a browser's push subscription",
    body: pushUnsubscribeBodySchema,
    example: { endpoint: 'https://push.example.com/push/example-subscription' },
  }),
};
