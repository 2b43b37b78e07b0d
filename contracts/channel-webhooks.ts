// /api/webhooks/{type}/{channelId} (webhooks function): providers' deliveries to a channel, verified per provider over the raw body.
import type { EndpointDef } from './endpoint.js';

export const channelWebhookEndpoints: Record<never, EndpointDef> = {};
