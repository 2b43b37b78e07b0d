// /api/webhooks/*: deliveries from outside services, authenticated by their signatures over the raw body.
import { webhookEndpoints } from '../../../contracts/webhooks.js';
import { implement } from '../http/implement.js';
import { readRawBody } from '../http/raw-body.js';
import { handleStripeEvent, verifiedEvent } from './stripe.js';

export const routes = implement(webhookEndpoints, {
  async stripeWebhook(ctx) {
    const signature = ctx.req.headers['stripe-signature'];
    const event = verifiedEvent(await readRawBody(ctx.req), Array.isArray(signature) ? signature[0] : signature);
    const { duplicate } = await handleStripeEvent(ctx, event);
    return { received: true as const, duplicate };
  },
});
