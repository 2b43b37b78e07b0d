// /api/health, /api/openapi.json and /api/cron/daily (which also sweeps due outbound webhook deliveries).
import { timingSafeEqual } from 'node:crypto';
import { systemEndpoints } from '../../../contracts/system.js';
import { database } from '../db.js';
import { serverEnv } from '../env.js';
import { sweepOutbox } from '../events/outbox.js';
import { unauthorized } from '../http/errors.js';
import { purgeIdempotencyKeys } from '../http/idempotency.js';
import { purgeExpiredAccountData } from '../auth/cleanup.js';
import { implement, Reply } from '../http/implement.js';
import { buildOpenApi } from './openapi.js';

let openApi: Record<string, unknown> | undefined;

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const routes = implement(systemEndpoints, {
  async health({ res }) {
    const env = serverEnv();
    const body = { status: 'ok' as const, db: 'ok' as const, realtime: env.realtime.mode, version: env.version };
    res.setHeader('Cache-Control', 'no-store');
    try {
      await (await database()).ping();
    } catch (err) {
      console.error('[health] database check failed:', (err as Error).message);
      return new Reply(503, { ...body, status: 'degraded' as const, db: 'unavailable' as const });
    }
    return body;
  },

  async openapi({ res }) {
    openApi ??= buildOpenApi(serverEnv().version);
    res.setHeader('Cache-Control', 'public, max-age=300');
    return openApi;
  },

  async dailyCron(ctx) {
    const secret = serverEnv().cronSecret;
    const given = /^Bearer\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? '')?.[1];
    if (!secret || !given || !sameSecret(given, secret)) throw unauthorized('This endpoint is for Vercel Cron');
    return {
      outbox: await sweepOutbox(ctx.db),
      idempotencyKeys: await purgeIdempotencyKeys(ctx.db),
      accounts: await purgeExpiredAccountData(ctx.db),
      webhooks: await (await import('../outbound-webhooks/deliver.js')).sweepWebhookDeliveries(ctx.db),
      channelDeliveries: await (await import('../channels/deliver.js')).sweepDueDeliveries(ctx.db, { budgetMs: 20_000 }),
      oauthStates: await (await import('../channels/cleanup.js')).purgeOAuthStates(ctx.db),
    };
  },
});
