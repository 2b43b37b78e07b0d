// Notifications from domain events: the subscriptions (light at import; every function's cold start loads
// this through api/_lib/events/subscriptions.ts), the work in produce.ts, loaded on the first event.
import { subscribe, type DeliveredEvent } from '../events/subscribers.js';

/** The events that can make a notification (contracts/notifications.ts NOTIFICATION_TYPES). */
export const NOTIFYING_EVENTS = [
  'conversation.updated',
  'message.created',
  'member.updated',
  'payment.updated',
  'batch.updated',
  'material.low_stock',
] as const;

const produce = async (event: DeliveredEvent) => (await import('./produce.js')).produceNotifications(event);
for (const name of NOTIFYING_EVENTS) subscribe(name, produce);
