// The one Stripe client of a function instance (the real SDK). `STRIPE_API_URL` points it at the local
// stand-in (dev/stripe-server.ts) in development and tests; in production it talks to api.stripe.com.
import Stripe from 'stripe';
import { serverEnv } from '../env.js';
import { ApiError } from '../http/errors.js';

let client: Stripe | undefined;

export function stripe(): Stripe {
  if (client) return client;
  const { secretKey, apiUrl } = serverEnv().stripe;
  if (!secretKey) throw new ApiError(503, 'unavailable', 'Payments are not set up on this deployment (STRIPE_SECRET_KEY)');
  const url = apiUrl ? new URL(apiUrl) : null;
  client = new Stripe(secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: 'Switchboard' },
    ...(url
      ? { host: url.hostname, port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)), protocol: url.protocol === 'https:' ? 'https' : 'http' }
      : {}),
  });
  return client;
}

/** Stripe's refusal of a request as the API's error shape: the caller's mistake (422) or Stripe unreachable (503). */
export function stripeFailure(err: unknown): ApiError {
  if (err instanceof Stripe.errors.StripeInvalidRequestError || err instanceof Stripe.errors.StripeCardError) {
    return new ApiError(422, 'validation_failed', err.message, [{ path: err.param ?? '', message: err.message }]);
  }
  if (err instanceof Stripe.errors.StripeError) {
    console.error('[stripe]', err.type, err.message);
    return new ApiError(503, 'unavailable', 'The payment provider could not be reached; try again shortly', undefined, { 'Retry-After': '5' });
  }
  throw err;
}
