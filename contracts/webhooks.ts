// /api/webhooks/* (the webhooks function): deliveries from outside services, each authenticated by the
// sender's signature over the raw body (so the function reads the body itself).
import { z } from 'zod';
import { endpoint } from './endpoint.js';

export const webhookEndpoints = {
  stripeWebhook: endpoint({
    method: 'POST',
    path: '/api/webhooks/stripe',
    access: 'public',
    summary: 'Stripe events (register this URL in Stripe’s dashboard); 400 for a bad or stale Stripe-Signature; each event id takes effect once',
    response: z.object({ received: z.literal(true), duplicate: z.boolean() }),
    raw: true,
    rateLimit: { limit: 3000, windowSeconds: 60 },
  }),
};
