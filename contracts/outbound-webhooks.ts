// Outbound webhooks: endpoints a workspace's events are POSTed to, signed, retried, with a deliveries log
// (API.md "Analytics, services and the API platform").
import type { EndpointGroup } from './endpoint.js';

export const outboundWebhookEndpoints = {} satisfies EndpointGroup;
