// /api/workspaces/{wid}/webhooks (served by the workspaces function): admins and owners manage the workspace's
// outbound webhook endpoints, read their deliveries, retry one, and send a test event.
import { outboundWebhookEndpoints } from '../../../contracts/outbound-webhooks.js';
import { notFound } from '../http/errors.js';
import { implement } from '../http/implement.js';
import { readDeliveries, readEndpoint, readEndpoints } from './queries.js';
import { createEndpoint, deleteEndpoint, retryDelivery, sendTestEvent, updateEndpoint } from './service.js';

export const routes = implement(outboundWebhookEndpoints, {
  listWebhooks: (ctx, { query }) => readEndpoints(ctx.scope, query),
  createWebhook: (ctx, { body }) => createEndpoint(ctx, body),
  async getWebhook(ctx, { params }) {
    const endpoint = await readEndpoint(ctx.scope, params.id);
    if (!endpoint) throw notFound('Webhook endpoint');
    return endpoint;
  },
  updateWebhook: (ctx, { params, body }) => updateEndpoint(ctx, params.id, body),
  async deleteWebhook(ctx, { params }) {
    await deleteEndpoint(ctx, params.id);
    return undefined;
  },
  async listWebhookDeliveries(ctx, { params, query }) {
    const deliveries = await readDeliveries(ctx.scope, params.id, query);
    if (!deliveries) throw notFound('Webhook endpoint');
    return deliveries;
  },
  retryWebhookDelivery: (ctx, { params }) => retryDelivery(ctx, params.id, params.did),
  testWebhook: (ctx, { params }) => sendTestEvent(ctx, params.id),
});
