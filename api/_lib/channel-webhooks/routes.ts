// /api/webhooks/{type}/{channelId}: a provider's deliveries to one channel. The channel is loaded (404 when it
// is unknown or of another type), the delivery verified by its adapter over the raw body (401 / 403), parsed,
// and recorded as one outbox event; the answer is 200 at once and the messages are stored after the response
// (api/_lib/channels/inbound.ts), retried by the outbox sweep if that work fails.
import { channelWebhookEndpoints } from '../../../contracts/channel-webhooks.js';
import { and, eq, inArray, ne } from 'drizzle-orm';
import { channels } from '../../../db/schema/channels.js';
import { loadChannel, toLoadedChannel } from '../channels/load.js';
import { channelInboundEvent } from '../channels/inbound.js';
import { adapterFor, hasAdapter } from '../channels/providers/index.js';
import type { LoadedChannel } from '../channels/providers/types.js';
import { dispatchAfter, record } from '../events/outbox.js';
import { ApiError, notFound } from '../http/errors.js';
import { implement } from '../http/implement.js';
import { readRawBody } from '../http/raw-body.js';
import type { BaseContext } from '../http/route.js';

async function channelOf(ctx: BaseContext, type: string, channelId: string): Promise<LoadedChannel> {
  if (!hasAdapter(type)) throw notFound('Channel');
  const channel = await loadChannel(ctx.db, channelId);
  if (!channel || channel.type !== type) throw notFound('Channel');
  return channel;
}

/**
 * Viber calls the webhook URL once while `set_webhook` runs (`{"event":"webhook"}`), before the channel being
 * connected is stored: that call is answered 200 with no effect (null); anything else for an unknown channel is 404.
 */
async function channelOrViberProbe(ctx: BaseContext, type: string, channelId: string): Promise<LoadedChannel | null> {
  try {
    return await channelOf(ctx, type, channelId);
  } catch (err) {
    if (type !== 'viber') throw err;
    let event: unknown;
    try {
      event = (JSON.parse((await readRawBody(ctx.req)).toString('utf8')) as { event?: unknown }).event;
    } catch {
      throw err;
    }
    if (event === 'webhook') return null;
    throw err;
  }
}

/** The other connected channels of the channel's type whose provider account is one of `accountIds`. */
async function channelsOfAccounts(ctx: BaseContext, channel: LoadedChannel, accountIds: string[]): Promise<LoadedChannel[]> {
  const wanted = accountIds.filter((id) => id !== channel.externalId);
  if (wanted.length === 0) return [];
  const rows = await ctx.db
    .select()
    .from(channels)
    .where(and(eq(channels.type, channel.type), inArray(channels.externalId, wanted), ne(channels.id, channel.id), ne(channels.status, 'disconnected')));
  return rows.map(toLoadedChannel);
}

function queryOf(ctx: BaseContext): URLSearchParams {
  return new URL(ctx.req.url ?? '/', 'http://localhost').searchParams;
}

export const routes = implement(channelWebhookEndpoints, {
  async receiveChannelWebhook(ctx, { params }) {
    const channel = await channelOrViberProbe(ctx, params.type, params.channelId);
    if (!channel) return { received: true as const };
    const adapter = await adapterFor(channel.type);
    const rawBody = await readRawBody(ctx.req);
    adapter.verify({ headers: ctx.req.headers, rawBody, query: queryOf(ctx) }, channel);
    let parsed;
    try {
      parsed = await adapter.parse(rawBody, channel);
    } catch {
      throw new ApiError(400, 'invalid_json', 'The delivery is not what this provider sends');
    }
    // Meta and TikTok call one URL per app: the delivery is also every other channel's connected to an account in it.
    const others = adapter.accountIds ? await channelsOfAccounts(ctx, channel, adapter.accountIds(rawBody)) : [];
    const deliveries = [{ channel, parsed }];
    for (const other of others) deliveries.push({ channel: other, parsed: await adapter.parse(rawBody, other) });
    // A disconnected channel's deliveries are acknowledged (so the provider stops) and dropped.
    const events = deliveries
      .filter((d) => d.channel.status !== 'disconnected' && (d.parsed.messages.length > 0 || d.parsed.statuses.length > 0))
      .map((d) => channelInboundEvent({ id: d.channel.id, workspaceId: d.channel.workspaceId, type: d.channel.type }, d.parsed));
    if (events.length > 0) dispatchAfter(ctx, await record(ctx.db, events));
    return { received: true as const };
  },

  async channelWebhookHandshake(ctx, { params }) {
    const channel = await channelOf(ctx, params.type, params.channelId);
    const adapter = await adapterFor(channel.type);
    if (!adapter.handshake) throw new ApiError(405, 'method_not_allowed', 'This provider does not check its webhook with GET', undefined, { Allow: 'POST' });
    const challenge = adapter.handshake(queryOf(ctx), channel);
    ctx.res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    ctx.res.status(200).send(challenge);
    return undefined;
  },
});
