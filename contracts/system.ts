// System endpoints: health, the generated OpenAPI document, and the daily cron (served by api/system).
import { z } from 'zod';
import { endpoint } from './endpoint.js';

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.enum(['ok', 'unavailable']),
  realtime: z.enum(['local', 'pusher', 'off']),
  version: z.string(),
});
export type Health = z.infer<typeof healthSchema>;

const count = z.number().int().nonnegative();
/**
 * What the daily run did: outbox events re-dispatched, failed again, and dispatched rows past retention deleted;
 * expired Idempotency-Keys deleted.
 */
export const cronResultSchema = z.object({
  outbox: z.object({ dispatched: count, failed: count, deleted: count }),
  idempotencyKeys: count,
  /** Ended sessions, used or expired links, old invitations and rate-limit windows deleted. */
  accounts: z.object({ sessions: count, accountTokens: count, invitations: count, rateLimits: count }),
  /** Outbound webhook deliveries attempted (succeeded or failed), given up (endpoint turned off) and deleted (past 30 days). */
  webhooks: z.object({ attempted: count, succeeded: count, failed: count, givenUp: count, deleted: count }),
  /** Channel replies whose retry was due: tried, sent, failed for good, and waiting for another try. */
  channelDeliveries: z.object({ attempted: count, sent: count, failed: count, retrying: count }),
  /** Channel OAuth connect states deleted (a day past their expiry or use). */
  oauthStates: count,
});

export const systemEndpoints = {
  health: endpoint({
    method: 'GET',
    path: '/api/health',
    access: 'public',
    rateLimit: null,
    summary: 'Liveness and database reachability (503 with status "degraded" when the database is unreachable)',
    response: healthSchema,
  }),
  openapi: endpoint({
    method: 'GET',
    path: '/api/openapi.json',
    access: 'public',
    rateLimit: null,
    summary: 'This API as an OpenAPI 3.1 document, generated from the contracts',
    response: z.record(z.string(), z.unknown()),
    raw: true,
  }),
  dailyCron: endpoint({
    method: 'GET',
    path: '/api/cron/daily',
    access: 'public',
    rateLimit: null,
    summary:
      'Daily maintenance run by Vercel Cron (Authorization: Bearer $CRON_SECRET): re-dispatches events left in the outbox, attempts due outbound webhook deliveries and forgets expired Idempotency-Keys',
    response: cronResultSchema,
  }),
};
