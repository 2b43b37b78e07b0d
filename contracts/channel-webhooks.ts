// /api/webhooks/{type}/{channelId} (webhooks function): providers' deliveries to a channel, verified per provider
// over the raw body (Telegram's secret-token header, Viber's and TikTok's HMAC signatures, Meta's
// X-Hub-Signature-256). The answer is 200 as soon as a delivery is verified and queued; its messages and
// receipts are stored after the response, and a provider's redelivery of the same message changes nothing.
import { z } from 'zod';
import { endpoint } from './endpoint.js';

export const channelWebhookParamsSchema = z.object({
  type: z.string().max(20),
  channelId: z.string().max(64),
});

export const channelWebhookEndpoints = {
  receiveChannelWebhook: endpoint({
    method: 'POST',
    path: '/api/webhooks/:type/:channelId',
    access: 'public',
    summary:
      "A provider's delivery to a connected channel (the URL Switchboard registers with the provider); 401 without the provider's signature, 403 with a wrong one, 404 for an unknown channel; each provider message is stored once",
    params: channelWebhookParamsSchema,
    response: z.object({ received: z.literal(true) }),
    raw: true,
    // Per sending address (providers send from pools of addresses): 50 deliveries a second each, as for Stripe.
    rateLimit: { limit: 3000, windowSeconds: 60 },
  }),
  channelWebhookHandshake: endpoint({
    method: 'GET',
    path: '/api/webhooks/:type/:channelId',
    access: 'public',
    summary: "A provider's check of the webhook URL (Meta's hub.challenge), answered with the challenge in plain text; 403 with a wrong verify token",
    params: channelWebhookParamsSchema,
    raw: true,
    rateLimit: { limit: 600, windowSeconds: 60 },
  }),
};
