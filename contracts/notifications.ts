// /api/notifications/… (auth function): the signed-in user's notifications, preferences and web-push subscriptions.
import type { EndpointDef } from './endpoint.js';

export const notificationEndpoints: Record<never, EndpointDef> = {};
