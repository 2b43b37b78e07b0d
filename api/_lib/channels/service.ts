// Writes to a workspace's channels, each in one transaction with its activity row and event. A token channel's
// token is checked with its provider, and the channel's webhook registered there, BEFORE the transaction (a
// provider call never holds a database connection open): the channel's id is made first, so its webhook URL and
// the encryption of its credentials (bound to that id) are known up front. Disconnecting removes the webhook at
// the provider after the row (and with it the credentials) is gone, best effort.
import { randomBytes, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ChannelType } from '../../../contracts/channel-types.js';
import {
  CHANNEL_LABELS,
  TOKEN_CHANNEL_FIELDS,
  createRefusal,
  isTokenChannel,
  webSettingsSchema,
  type ConnectedChannel,
  type createChannelBodySchema,
  type TokenChannelType,
  type updateChannelBodySchema,
} from '../../../contracts/channels.js';
import { channels } from '../../../db/schema/channels.js';
import { recordActivity } from '../activity/record.js';
import { serverEnv } from '../env.js';
import { withEvents } from '../events/outbox.js';
import { ApiError, invalidField, notFound, validationFailed } from '../http/errors.js';
import type { MemberContext } from '../http/route.js';
import { scoped } from '../scoped.js';
import { encryptSecret } from './crypto.js';
import { channelCreated, channelDeleted, channelUpdated } from './events.js';
import { toLoadedChannel } from './load.js';
import { adapterFor, hasAdapter, ProviderSendError, type LoadedChannel } from './providers/index.js';
import { toChannel } from './queries.js';

type CreateBody = z.output<typeof createChannelBodySchema>;
type UpdateBody = z.output<typeof updateChannelBodySchema>;

const channelColumns = {
  id: channels.id,
  type: channels.type,
  name: channels.name,
  status: channels.status,
  publicKey: channels.publicKey,
  settings: channels.settings,
  lastActivityAt: channels.lastActivityAt,
  lastError: channels.lastError,
  createdAt: channels.createdAt,
  updatedAt: channels.updatedAt,
};

/** A web widget's public key (`data-key`): `pk_` and 18 random bytes, base64url (24 characters). */
export const newPublicKey = () => `pk_${randomBytes(18).toString('base64url')}`;

const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** The app's public origin: APP_URL, else the origin this request came to (development). */
export function publicOrigin(ctx: Pick<MemberContext, 'req'>): string {
  const { appUrl } = serverEnv();
  if (appUrl) return new URL(appUrl).origin;
  const first = (name: string) => {
    const value = ctx.req.headers[name];
    return (Array.isArray(value) ? value[0] : value)?.trim();
  };
  const host = first('host');
  if (host && HOST.test(host)) return `${first('x-forwarded-proto') === 'https' ? 'https' : 'http'}://${host}`;
  return 'http://localhost:3000';
}

/** Where a channel's provider delivers its updates (API.md: POST, and GET for Meta's handshake). */
export const webhookUrlOf = (origin: string, type: string, channelId: string) => `${origin}/api/webhooks/${type}/${channelId}`;

/** What the provider's refusal of a token means for the person who pasted it. */
const TOKEN_HELP: Record<TokenChannelType, string> = {
  telegram: 'Copy the token again from @BotFather in Telegram (/mybots → your bot → API Token)',
  viber: 'Copy the token again from the Viber admin panel (partners.viber.com → your bot → Info)',
};

/**
 * Checks a token channel's token and registers its webhook at the provider. A refused token is a 422 at the
 * token's field with the provider's own reason; a provider that does not answer is a 503 to retry.
 */
async function connectAtProvider(channel: LoadedChannel, type: TokenChannelType, webhookUrl: string) {
  const adapter = await adapterFor(type);
  if (!adapter.connect) throw new Error(`The ${type} adapter cannot connect channels`);
  try {
    return await adapter.connect(channel, webhookUrl);
  } catch (err) {
    // An adapter names the refused field within the credentials (`botToken`): answered at `credentials.botToken`.
    if (err instanceof ApiError && err.status === 422) {
      const details = (err.details ?? []).map(({ path, message }) => ({
        path: path.startsWith('credentials.') ? path : `credentials.${path}`,
        message: `${message.replace(/\.$/, '')}. ${TOKEN_HELP[type]}.`,
      }));
      throw validationFailed(details, err.message);
    }
    if (!(err instanceof ProviderSendError)) throw err;
    const label = CHANNEL_LABELS[type];
    if (err.permanent) throw invalidField(`credentials.${TOKEN_CHANNEL_FIELDS[type]}`, `${label} refused this token: ${err.reason}. ${TOKEN_HELP[type]}.`);
    throw new ApiError(503, 'unavailable', `${label} could not be reached (${err.reason}). Try again in a minute.`);
  }
}

/** Best effort: removes the channel's webhook at its provider; a failure is logged, never answered. */
async function disconnectAtProvider(channel: LoadedChannel): Promise<void> {
  if (!hasAdapter(channel.type)) return;
  try {
    const adapter = await adapterFor(channel.type);
    await adapter.disconnect?.(channel);
  } catch (err) {
    console.error(`[channels] removing the webhook of ${channel.type} channel ${channel.id} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export async function createChannel(ctx: MemberContext, body: CreateBody): Promise<ConnectedChannel> {
  const type = body.type as ChannelType;
  // The body schema refuses these already; kept here so no caller of this function makes one by mistake.
  const refusal = createRefusal(type);
  if (refusal) throw invalidField('type', refusal);
  const id = randomUUID();
  let settings: Record<string, unknown> = {};
  let publicKey: string | null = null;
  let credentials: string | null = null;
  let externalId: string | null = null;
  let connected: LoadedChannel | null = null;
  if (type === 'web') {
    const web = webSettingsSchema.parse(body.settings ?? {});
    settings = Object.fromEntries(Object.entries(web).filter(([, value]) => value !== null && value !== undefined));
    publicKey = newPublicKey();
  } else if (isTokenChannel(type)) {
    const token = String(body.credentials?.[TOKEN_CHANNEL_FIELDS[type]] ?? '').trim();
    const secrets: Record<string, unknown> =
      type === 'telegram' ? { botToken: token, webhookSecret: randomBytes(32).toString('base64url') } : { authToken: token };
    // Encrypted first: a deployment without ENCRYPTION_KEY refuses (503) before anything reaches the provider.
    credentials = encryptSecret(secrets, id);
    const channel: LoadedChannel = {
      id,
      workspaceId: ctx.workspaceId,
      type,
      name: body.name,
      status: 'connected',
      settings: {},
      externalId: null,
      credentials: secrets,
    };
    const result = await connectAtProvider(channel, type, webhookUrlOf(publicOrigin(ctx), type, id));
    externalId = result.externalId;
    settings = result.settings ?? {};
    connected = { ...channel, externalId, settings };
  }
  try {
    return await withEvents(ctx, async (tx, emit) => {
      const [row] = await scoped(tx, ctx.workspaceId)
        .insert(channels, { id, type, name: body.name, status: 'connected', publicKey, settings, credentials, externalId, createdBy: ctx.user.id })
        .returning(channelColumns);
      await recordActivity(tx, {
        workspaceId: ctx.workspaceId,
        actorId: ctx.user.id,
        action: 'channel.connected',
        subjectId: id,
        metadata: { name: row!.name, type: row!.type },
      });
      emit(channelCreated(ctx.workspaceId, row!));
      return toChannel(row!);
    });
  } catch (err) {
    // Not stored: the webhook registered a moment ago would point at no channel.
    if (connected) await disconnectAtProvider(connected);
    throw err;
  }
}

/** PATCH: the name, and a web widget's settings (each key given replaces that one; null clears it). */
export async function updateChannel(ctx: MemberContext, id: string, body: UpdateBody): Promise<ConnectedChannel> {
  return withEvents(ctx, async (tx, emit) => {
    const where = scoped(tx, ctx.workspaceId).where(channels, eq(channels.id, id));
    const [before] = await tx.select(channelColumns).from(channels).where(where).for('update');
    if (!before) throw notFound('Channel');
    if (body.settings !== undefined && before.type !== 'web') {
      throw invalidField('settings', `A ${CHANNEL_LABELS[before.type as ChannelType] ?? before.type} channel has no settings to change here`);
    }
    const changed: string[] = [];
    if (body.name !== undefined && body.name !== before.name) changed.push('name');
    const settings = { ...before.settings };
    for (const [key, value] of Object.entries(body.settings ?? {})) {
      if (value === undefined) continue;
      const old = settings[key];
      if (JSON.stringify(old ?? null) === JSON.stringify(value)) continue;
      if (value === null) delete settings[key];
      else settings[key] = value;
      changed.push(key);
    }
    if (changed.length === 0) return toChannel(before);
    const [row] = await tx
      .update(channels)
      .set({ name: body.name ?? before.name, settings, updatedAt: sql`now()` })
      .where(where)
      .returning(channelColumns);
    await recordActivity(tx, {
      workspaceId: ctx.workspaceId,
      actorId: ctx.user.id,
      action: 'channel.updated',
      subjectId: id,
      metadata: { name: row!.name, type: row!.type, fields: changed },
    });
    emit(channelUpdated(ctx.workspaceId, row!));
    return toChannel(row!);
  });
}

/**
 * DELETE: the row goes, and its encrypted credentials with it (its conversations stay, without the channel; its
 * senders' identities go by cascade). Then the provider's webhook is removed, best effort, with the credentials
 * the delete returned.
 */
export async function deleteChannel(ctx: MemberContext, id: string): Promise<void> {
  const removed = await withEvents(ctx, async (tx, emit) => {
    const [row] = await scoped(tx, ctx.workspaceId).delete(channels, eq(channels.id, id)).returning();
    if (!row) throw notFound('Channel');
    await recordActivity(tx, {
      workspaceId: ctx.workspaceId,
      actorId: ctx.user.id,
      action: 'channel.disconnected',
      subjectId: id,
      metadata: { name: row.name, type: row.type },
    });
    emit(channelDeleted(ctx.workspaceId, id));
    return row;
  });
  if (!removed.credentials || !hasAdapter(removed.type)) return;
  let loaded: LoadedChannel;
  try {
    loaded = toLoadedChannel(removed);
  } catch (err) {
    console.error(`[channels] the credentials of ${removed.type} channel ${id} cannot be read; its webhook stays at the provider: ${String(err)}`);
    return;
  }
  await disconnectAtProvider(loaded);
}
