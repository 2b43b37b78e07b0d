// Outbound webhooks: endpoints a workspace's events are POSTed to, signed, retried, with a deliveries log
// (API.md "Analytics, services and the API platform"). Served by the workspaces function at
// /api/workspaces/{wid}/webhooks. Admins and owners only; the signing secret is shown once, at creation, and the
// writes refuse API keys so that only people ever handle it.
import { z } from 'zod';
import { action, quoted } from './activity-action.js';
import { hasNoNul, idSchema, itemParamsSchema, listQuerySchema, listResponseSchema, NUL_MESSAGE, timestampSchema, workspaceParamsSchema } from './common.js';
import { endpoint } from './endpoint.js';
import { WORKSPACE_EVENTS } from './events.js';

/** Every event, present and future. */
export const ALL_EVENTS = '*';
/** The event `POST …/webhooks/{id}/test` sends (to that endpoint only; never chosen in `events`). */
export const WEBHOOK_TEST_EVENT = 'webhook.test';
/** The events an endpoint may choose: the workspace's realtime events (contracts/events.ts). */
export const WEBHOOK_EVENTS: readonly string[] = [...WORKSPACE_EVENTS].sort();
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];
/** How long a delivery is retried after its event, before it is given up as failed. */
export const WEBHOOK_RETRY_WINDOW_HOURS = 24;
/** How long the receiver has to answer an attempt. */
export const WEBHOOK_TIMEOUT_SECONDS = 10;
/** The headers every attempt sends (the signature, `t=…,v1=…`, is computed afresh for each attempt). */
export const WEBHOOK_SIGNATURE_HEADER = 'Switchboard-Signature';
export const WEBHOOK_URL_MAX_LENGTH = 2048;

const isHttpUrl = (value: string) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
};

/** Where deliveries go: an absolute http(s) URL (in production, never a private, loopback or link-local address). */
export const webhookUrlSchema = z
  .string()
  .trim()
  .min(1, 'Enter the URL that receives the events')
  .max(WEBHOOK_URL_MAX_LENGTH, `Use at most ${WEBHOOK_URL_MAX_LENGTH} characters`)
  .refine(hasNoNul, NUL_MESSAGE)
  .refine(isHttpUrl, 'Enter an http:// or https:// URL');

const known = new Set<string>(WEBHOOK_EVENTS);
/** The events an endpoint takes: names of workspace events, or `*` alone for all of them. */
export const webhookEventsSchema = z
  .array(z.string().refine((name) => name === ALL_EVENTS || known.has(name), 'Unknown event: pick events from the list, or * for all'))
  .min(1, 'Choose at least one event, or * for all')
  .max(WEBHOOK_EVENTS.length + 1)
  .transform((names) => (names.includes(ALL_EVENTS) ? [ALL_EVENTS] : [...new Set(names)]));

const descriptionSchema = z.string().trim().max(500, 'Use at most 500 characters').refine(hasNoNul, NUL_MESSAGE).nullable();

export const webhookEndpointSchema = z.object({
  id: idSchema,
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(z.string()),
  active: z.boolean(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type WebhookEndpoint = z.infer<typeof webhookEndpointSchema>;
export const webhookEndpointListSchema = listResponseSchema(webhookEndpointSchema);

/** The answer to a create: the endpoint and its signing secret, which no later answer carries. */
export const createdWebhookEndpointSchema = webhookEndpointSchema.extend({ secret: z.string().regex(/^whsec_[A-Za-z0-9_-]{32,}$/) });
export type CreatedWebhookEndpoint = z.infer<typeof createdWebhookEndpointSchema>;

export const createWebhookBodySchema = z.strictObject({
  url: webhookUrlSchema,
  description: descriptionSchema.optional(),
  events: webhookEventsSchema,
  active: z.boolean().default(true),
});
export type CreateWebhookBody = z.input<typeof createWebhookBodySchema>;

/** The fields to change; an empty body changes nothing. */
export const updateWebhookBodySchema = z.strictObject({
  url: webhookUrlSchema.optional(),
  description: descriptionSchema.optional(),
  events: webhookEventsSchema.optional(),
  active: z.boolean().optional(),
});
export type UpdateWebhookBody = z.input<typeof updateWebhookBodySchema>;

export const webhookAttemptSchema = z.object({
  /** The receiver's HTTP status; null when no answer came (the error says why). */
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
  at: timestampSchema,
  /** The first 2 KB of the receiver's answer. */
  responseBody: z.string().nullable(),
});
export type WebhookAttempt = z.infer<typeof webhookAttemptSchema>;

export const webhookDeliverySchema = z.object({
  id: idSchema,
  endpointId: idSchema,
  /** The event's id as its body carries it (`evt_…`): the same in every delivery of that event. */
  eventId: z.string(),
  event: z.string(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attemptCount: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: timestampSchema,
  deliveredAt: timestampSchema.nullable(),
  /** When it is attempted next (null once it succeeded or was given up). */
  nextAttemptAt: timestampSchema.nullable(),
  /** What each attempt POSTs to the endpoint's URL; `Switchboard-Signature` is added per attempt. */
  request: z.object({ headers: z.record(z.string(), z.string()), body: z.string() }),
  /** The newest 20 attempts, oldest first. */
  attempts: z.array(webhookAttemptSchema),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;
export const webhookDeliveryListSchema = listResponseSchema(webhookDeliverySchema);

export const deliveryListQuerySchema = listQuerySchema.extend({ status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional() });
export const deliveryParamsSchema = z.object({ wid: idSchema, id: idSchema, did: idSchema });

export const outboundWebhookEndpoints = {
  listWebhooks: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/webhooks',
    access: 'admin',
    summary: 'Webhook endpoints, newest first (never their secrets)',
    params: workspaceParamsSchema,
    query: listQuerySchema,
    response: webhookEndpointListSchema,
  }),
  createWebhook: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/webhooks',
    access: 'admin',
    summary:
      'Register an endpoint for some events (or `*`): the answer carries its signing secret `whsec_…`, shown this once. In production, private, loopback and link-local addresses are refused (422)',
    params: workspaceParamsSchema,
    body: createWebhookBodySchema,
    example: { url: 'https://hooks.example.com/switchboard', description: 'Order sync', events: ['order.created', 'order.updated'] },
    response: createdWebhookEndpointSchema,
    status: 201,
    keyScope: null,
  }),
  getWebhook: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/webhooks/:id',
    access: 'admin',
    summary: 'One webhook endpoint (without its secret)',
    params: itemParamsSchema,
    response: webhookEndpointSchema,
  }),
  updateWebhook: endpoint({
    method: 'PATCH',
    path: '/api/workspaces/:wid/webhooks/:id',
    access: 'admin',
    summary: 'Change an endpoint’s URL, description, events or active flag (turned off, it gets no new deliveries)',
    params: itemParamsSchema,
    body: updateWebhookBodySchema,
    example: { events: ['*'], description: 'Every event, for the data warehouse' },
    response: webhookEndpointSchema,
    keyScope: null,
  }),
  deleteWebhook: endpoint({
    method: 'DELETE',
    path: '/api/workspaces/:wid/webhooks/:id',
    access: 'admin',
    summary: 'Delete an endpoint with its deliveries',
    params: itemParamsSchema,
    keyScope: null,
  }),
  listWebhookDeliveries: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/webhooks/:id/deliveries',
    access: 'admin',
    summary: 'An endpoint’s deliveries, newest first, with the request each sends and its attempts (`status` filters)',
    params: itemParamsSchema,
    query: deliveryListQuerySchema,
    response: webhookDeliveryListSchema,
  }),
  retryWebhookDelivery: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/webhooks/:id/deliveries/:did/retry',
    access: 'admin',
    summary:
      'Attempt a delivery now, whatever its status, and answer it with that attempt (409 while another attempt of it is in flight); a pending one keeps its schedule if this attempt fails',
    params: deliveryParamsSchema,
    response: webhookDeliverySchema,
    keyScope: null,
  }),
  testWebhook: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/webhooks/:id/test',
    access: 'admin',
    summary: `Send a \`${WEBHOOK_TEST_EVENT}\` event to this endpoint now (active or not) and answer its delivery with the attempt`,
    params: itemParamsSchema,
    response: webhookDeliverySchema,
    status: 201,
    keyScope: null,
  }),
};

const url = z.string();
/** Activity actions (registered in contracts/activity.ts). */
export const outboundWebhookActivity = {
  'webhook.created': action('webhook', z.object({ url }), (m, w) => `${w.actor} added the webhook endpoint ${quoted(m.url ?? '')}`),
  'webhook.updated': action(
    'webhook',
    z.object({ url, fields: z.array(z.string()) }),
    (m, w) => `${w.actor} changed the webhook endpoint ${quoted(m.url ?? '')}${m.fields?.length ? ` (${m.fields.join(', ')})` : ''}`,
  ),
  'webhook.deleted': action('webhook', z.object({ url }), (m, w) => `${w.actor} deleted the webhook endpoint ${quoted(m.url ?? '')}`),
};
