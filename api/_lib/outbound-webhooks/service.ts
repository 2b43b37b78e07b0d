// Writes to webhook endpoints, each in one transaction with its activity row, and the attempts people ask for
// (retry a delivery, send a test event). An endpoint's URL is checked against the target rules (targets.ts)
// before the transaction, since that may resolve its host. The secret is made here, answered once by create, and
// read again only to sign attempts.
import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  WEBHOOK_TEST_EVENT,
  type CreatedWebhookEndpoint,
  type createWebhookBodySchema,
  type updateWebhookBodySchema,
  type WebhookDelivery,
  type WebhookEndpoint,
} from '../../../contracts/outbound-webhooks.js';
import { rowsOf } from '../../../db/client.js';
import { webhookDeliveries, webhookEndpoints } from '../../../db/schema/analytics.js';
import { recordActivity } from '../activity/record.js';
import { serverEnv } from '../env.js';
import { withEvents } from '../events/outbox.js';
import { conflict, invalidField, notFound } from '../http/errors.js';
import type { MemberContext } from '../http/route.js';
import { scoped } from '../scoped.js';
import { attempt, lease, type Claimed } from './deliver.js';
import { toEndpoint } from './queries.js';
import { resolveTarget, TargetRefused } from './targets.js';

type CreateBody = z.output<typeof createWebhookBodySchema>;
type UpdateBody = z.output<typeof updateWebhookBodySchema>;

/** A new signing secret: `whsec_` and 32 random bytes, base64url. */
export const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

/** In production, a URL whose host is or resolves to a non-public address is refused (422 at `url`). */
async function checkUrl(url: string): Promise<void> {
  const { allowPrivateTargets } = serverEnv().webhooks;
  if (allowPrivateTargets) return;
  try {
    await resolveTarget(new URL(url), false);
  } catch (err) {
    if (err instanceof TargetRefused) throw invalidField('url', err.message);
    throw err;
  }
}

const endpointColumns = {
  id: webhookEndpoints.id,
  url: webhookEndpoints.url,
  description: webhookEndpoints.description,
  events: webhookEndpoints.events,
  active: webhookEndpoints.active,
  createdAt: webhookEndpoints.createdAt,
  updatedAt: webhookEndpoints.updatedAt,
};

export async function createEndpoint(ctx: MemberContext, body: CreateBody): Promise<CreatedWebhookEndpoint> {
  await checkUrl(body.url);
  const secret = newSecret();
  return withEvents(ctx, async (tx) => {
    const [row] = await scoped(tx, ctx.workspaceId)
      .insert(webhookEndpoints, {
        url: body.url,
        description: body.description ?? null,
        events: body.events,
        active: body.active,
        secret,
        createdBy: ctx.user.id,
      })
      .returning(endpointColumns);
    await recordActivity(tx, {
      workspaceId: ctx.workspaceId,
      actorId: ctx.user.id,
      action: 'webhook.created',
      subjectId: row!.id,
      metadata: { url: row!.url },
    });
    return { ...toEndpoint(row!), secret };
  });
}

/** PATCH: the given fields; an activity row names those that changed. */
export async function updateEndpoint(ctx: MemberContext, id: string, body: UpdateBody): Promise<WebhookEndpoint> {
  if (body.url !== undefined) await checkUrl(body.url);
  return withEvents(ctx, async (tx) => {
    const where = scoped(tx, ctx.workspaceId).where(webhookEndpoints, eq(webhookEndpoints.id, id));
    const [before] = await tx.select(endpointColumns).from(webhookEndpoints).where(where).for('update');
    if (!before) throw notFound('Webhook endpoint');
    const changed = (Object.keys(body) as (keyof UpdateBody)[]).filter((field) => {
      const value = body[field];
      if (value === undefined) return false;
      const old = before[field];
      return Array.isArray(value) && Array.isArray(old) ? value.join('\n') !== old.join('\n') : value !== old;
    });
    if (changed.length === 0) return toEndpoint(before);
    const [row] = await tx
      .update(webhookEndpoints)
      .set({ ...Object.fromEntries(changed.map((field) => [field, body[field]])), updatedAt: sql`now()` })
      .where(where)
      .returning(endpointColumns);
    await recordActivity(tx, {
      workspaceId: ctx.workspaceId,
      actorId: ctx.user.id,
      action: 'webhook.updated',
      subjectId: id,
      metadata: { url: row!.url, fields: changed },
    });
    return toEndpoint(row!);
  });
}

/** Deletes the endpoint and, by cascade, its deliveries and their attempts. */
export async function deleteEndpoint(ctx: MemberContext, id: string): Promise<void> {
  await withEvents(ctx, async (tx) => {
    const [row] = await scoped(tx, ctx.workspaceId).delete(webhookEndpoints, eq(webhookEndpoints.id, id)).returning({ url: webhookEndpoints.url });
    if (!row) throw notFound('Webhook endpoint');
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.user.id, action: 'webhook.deleted', subjectId: id, metadata: { url: row.url } });
  });
}

/**
 * POST …/deliveries/{did}/retry: claims the delivery (whatever its status) unless an attempt of it is in flight
 * (409), attempts it now and answers it with that attempt.
 */
export async function retryDelivery(ctx: MemberContext, endpointId: string, deliveryId: string): Promise<WebhookDelivery> {
  const [claimed] = await rowsOf<Claimed>(
    ctx.db,
    sql`update webhook_deliveries d set attempting_until = ${lease}
    from webhook_endpoints e
    where d.id = ${deliveryId} and d.endpoint_id = ${endpointId} and d.workspace_id = ${ctx.workspaceId} and e.id = d.endpoint_id
      and (d.attempting_until is null or d.attempting_until < now())
    returning d.id, d.event, d.body, e.url, e.secret`,
  );
  if (!claimed) {
    const [exists] = await ctx.db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.workspaceId, ctx.workspaceId)));
    if (exists) throw conflict('This delivery is being attempted right now; look again in a minute');
    throw notFound('Delivery');
  }
  const { delivery } = await attempt(ctx.db, claimed);
  if (!delivery) throw notFound('Delivery');
  return delivery;
}

/**
 * POST …/test: a `webhook.test` delivery to this endpoint only (active or not), its event id taken from the
 * outbox's sequence so it is unique like any event's; attempted once, now (a failure is not retried).
 */
export async function sendTestEvent(ctx: MemberContext, endpointId: string): Promise<WebhookDelivery> {
  const [claimed] = await rowsOf<Claimed>(
    ctx.db,
    sql`with e as (select id, workspace_id, url, secret from webhook_endpoints where id = ${endpointId} and workspace_id = ${ctx.workspaceId}),
      ev as (select nextval(pg_get_serial_sequence('outbox', 'id')) as id, now() as at),
      made as (
        insert into webhook_deliveries (workspace_id, endpoint_id, event_id, event, body, next_attempt_at, attempting_until)
        select e.workspace_id, e.id, ev.id, ${WEBHOOK_TEST_EVENT},
          '{"id":' || to_json('evt_' || ev.id)::text || ',"type":' || to_json(${WEBHOOK_TEST_EVENT}::text)::text
            || ',"workspaceId":' || to_json(e.workspace_id)::text
            || ',"createdAt":' || to_json(to_char(ev.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text
            || ',"data":' || json_build_object('endpointId', e.id, 'message', 'A test event from Switchboard')::text || '}',
          null, ${lease}
        from e, ev
        returning id, endpoint_id, event, body
      )
    select made.id, made.event, made.body, e.url, e.secret from made join e on e.id = made.endpoint_id`,
  );
  if (!claimed) throw notFound('Webhook endpoint');
  const { delivery } = await attempt(ctx.db, claimed, false);
  if (!delivery) throw notFound('Webhook endpoint');
  return delivery;
}
