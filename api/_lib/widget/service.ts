// The web widget's reads and writes. A visitor is a sender on the web channel like any other channel's: their
// visitor id is the external id that channel_identities maps to a customer, and their messages go through
// ingestInbound (api/_lib/channels/ingest.ts), which finds or makes the customer and joins their open
// conversation on the channel or opens one. The team's replies reach the visitor on
// private-visitor-{conversationId}, published by insertMessage (api/_lib/inbox/service.ts).
import { and, eq, sql } from 'drizzle-orm';
import { presenceChannel } from '../../../contracts/realtime.js';
import { WIDGET_HISTORY_LIMIT, type VisitorMessage, type WidgetConfig, type WidgetMessages, type WidgetSent } from '../../../contracts/widget.js';
import type { Db } from '../../../db/client.js';
import { channels } from '../../../db/schema/channels.js';
import { ingestInbound } from '../channels/ingest.js';
import { serverEnv } from '../env.js';
import type { EventOrigin } from '../events/outbox.js';
import { notFound, unauthorized } from '../http/errors.js';
import { pusherClient } from '../realtime/publish.js';
import type { Visitor } from './token.js';

export const DEFAULT_GREETING = 'Hi! Ask us anything: we usually answer within minutes.';
export const DEFAULT_COLOR = '#2563eb';
const COLOR = /^#[0-9a-f]{6}$/i;

/** A connected web channel by its public key (the widget's `data-key`), or null. */
export async function webChannelByKey(db: Db, publicKey: string) {
  const [row] = await db
    .select({ id: channels.id, workspaceId: channels.workspaceId, name: channels.name, settings: channels.settings })
    .from(channels)
    .where(and(eq(channels.publicKey, publicKey), eq(channels.type, 'web'), eq(channels.status, 'connected')))
    .limit(1);
  return row ?? null;
}

// Whether a team member is around is asked of Pusher (the workspace's presence channel, which every open app
// joins) at most every 20 s per workspace per instance: a busy site's widgets do not each cost a Pusher request.
const ONLINE_TTL_MS = 20_000;
const onlineCache = new Map<string, { online: boolean; at: number }>();

/**
 * Someone of the team has the app open: the presence channel of the workspace has a member. Without realtime (or
 * when Pusher does not answer) a member's session used in the last 15 minutes stands in (the app refreshes its
 * 15-minute access token while it is open, which touches the session).
 */
export async function teamOnline(db: Db, workspaceId: string, now = Date.now()): Promise<boolean> {
  const hit = onlineCache.get(workspaceId);
  if (hit && now - hit.at < ONLINE_TTL_MS) return hit.online;
  let online: boolean | null = null;
  if (serverEnv().realtime.mode !== 'off') {
    try {
      const pusher = await pusherClient();
      const answer = await pusher.get({ path: `/channels/${presenceChannel(workspaceId)}`, params: { info: 'user_count' } });
      if (answer.ok) online = (((await answer.json()) as { user_count?: number }).user_count ?? 0) > 0;
    } catch (err) {
      console.warn('[widget] presence check failed:', (err as Error).message);
    }
  }
  if (online === null) {
    const result = await db.execute(sql`select exists (
        select 1 from sessions s join memberships m on m.user_id = s.user_id
        where m.workspace_id = ${workspaceId} and s.revoked_at is null and s.expires_at > now() and s.last_used_at > now() - interval '15 minutes'
      ) as online`);
    const rows = ((result as { rows?: unknown[] }).rows ?? result) as { online: boolean }[];
    online = Boolean(rows[0]?.online);
  }
  if (onlineCache.size > 5000) onlineCache.clear();
  onlineCache.set(workspaceId, { online, at: now });
  return online;
}

export function realtimeConfig(): WidgetConfig['realtime'] {
  const rt = serverEnv().realtime;
  if (rt.mode === 'local') return { enabled: true, key: rt.key, cluster: rt.cluster, wsHost: rt.host, wsPort: rt.port, forceTLS: false };
  return { enabled: rt.mode === 'pusher', key: rt.key, cluster: rt.cluster, forceTLS: true };
}

export async function readWidgetConfig(db: Db, publicKey: string): Promise<WidgetConfig> {
  const channel = await webChannelByKey(db, publicKey);
  if (!channel) throw notFound('Widget');
  const { greeting, color, title } = channel.settings as { greeting?: unknown; color?: unknown; title?: unknown };
  return {
    name: typeof title === 'string' && title.trim() ? title.trim() : channel.name,
    greeting: typeof greeting === 'string' && greeting.trim() ? greeting.trim() : DEFAULT_GREETING,
    color: typeof color === 'string' && COLOR.test(color) ? color.toLowerCase() : DEFAULT_COLOR,
    online: await teamOnline(db, channel.workspaceId),
    realtime: realtimeConfig(),
  };
}

type MessageRow = {
  conversationId: string | null;
  channelOk: boolean;
  id: string | null;
  senderType: VisitorMessage['senderType'];
  content: string;
  attachments: VisitorMessage['attachments'];
  createdAt: Date | string;
};

/**
 * The visitor's conversation (their newest on the channel) and its newest messages that the visitor may see:
 * theirs, the team's and the assistant's, never private notes or system events. One statement; a token whose
 * channel was deleted or disconnected answers null.
 */
export async function readVisitorMessages(db: Db, visitor: Visitor): Promise<WidgetMessages | null> {
  const result = await db.execute(sql`
    select conv.id as "conversationId", true as "channelOk", m.id, m.sender_type as "senderType", m.content, m.attachments, m.created_at as "createdAt"
    from channels ch
    left join channel_identities ci on ci.channel_id = ch.id and ci.external_id = ${visitor.id}
    left join lateral (
      select c.id from conversations c where c.channel_id = ch.id and c.customer_id = ci.customer_id and c.deleted_at is null
      order by c.created_at desc, c.id desc limit 1
    ) conv on true
    left join lateral (
      select id, sender_type, content, attachments, created_at from messages
      where conversation_id = conv.id and not private and sender_type in ('customer', 'agent', 'ai')
      order by created_at desc, id desc limit ${WIDGET_HISTORY_LIMIT}
    ) m on true
    where ch.id = ${visitor.channelId} and ch.workspace_id = ${visitor.workspaceId} and ch.type = 'web' and ch.status = 'connected'`);
  const rows = ((result as { rows?: unknown[] }).rows ?? result) as MessageRow[];
  if (rows.length === 0) return null;
  const data = rows
    .filter((r) => r.id !== null)
    .map((r): VisitorMessage => ({
      id: r.id!,
      senderType: r.senderType,
      content: r.content,
      attachments: r.attachments ?? [],
      createdAt: new Date(r.createdAt).toISOString(),
    }))
    .reverse();
  return { conversationId: rows[0]!.conversationId, data };
}

/** The visitor's current conversation id, or null when they have not written yet (or their channel is gone). */
export async function visitorConversationId(db: Db, visitor: Visitor): Promise<string | null> {
  const result = await db.execute(sql`
    select c.id from channel_identities ci
    join conversations c on c.channel_id = ci.channel_id and c.customer_id = ci.customer_id and c.deleted_at is null
    where ci.channel_id = ${visitor.channelId} and ci.workspace_id = ${visitor.workspaceId} and ci.external_id = ${visitor.id}
    order by c.created_at desc, c.id desc limit 1`);
  const rows = ((result as { rows?: unknown[] }).rows ?? result) as { id: string }[];
  return rows[0]?.id ?? null;
}

/** A visitor's message (or the offline form's), through the same inbound path as every channel's. */
export async function sendVisitorMessage(origin: EventOrigin, visitor: Visitor, input: { content: string; email?: string }): Promise<WidgetSent> {
  const [channel] = await origin.db
    .select({ id: channels.id })
    .from(channels)
    .where(and(eq(channels.id, visitor.channelId), eq(channels.workspaceId, visitor.workspaceId), eq(channels.type, 'web'), eq(channels.status, 'connected')))
    .limit(1);
  if (!channel) throw unauthorized('This widget is no longer connected; open a new session');
  const email = input.email ?? visitor.email;
  const name = visitor.name ?? (email ? email.split('@')[0]! : `Visitor ${visitor.id.slice(0, 6)}`);
  const ingested = await ingestInbound(origin, {
    channel: { id: visitor.channelId, workspaceId: visitor.workspaceId, type: 'web' },
    sender: { externalId: visitor.id, name, ...(email && { email }) },
    externalMessageId: null,
    content: input.content,
    unverifiedEmail: true,
  });
  const message = ingested.message!;
  return {
    conversationId: ingested.conversationId,
    message: { id: message.id, senderType: 'customer', content: message.content, attachments: message.attachments ?? [], createdAt: message.createdAt },
  };
}
