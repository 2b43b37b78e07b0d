// "Someone is writing" for a web-widget visitor: an agent's composer posts POST /api/realtime/typing while they
// type (throttled in the app), and the visitor's widget shows it until a reply arrives or a few seconds pass.
// Published straight to private-visitor-{conversationId} after the answer, not through the outbox: a typing
// hint delivered late or twice is worth nothing, and Pusher's client events stay off.
import { sql } from 'drizzle-orm';
import { visitorChannel } from '../../../contracts/realtime.js';
import { notFound } from '../http/errors.js';
import type { UserContext } from '../http/route.js';
import { publish } from '../realtime/publish.js';

export async function visitorTyping(ctx: UserContext, conversationId: string): Promise<void> {
  const result = await ctx.db.execute(sql`
    select c.id from conversations c
    join channels ch on ch.id = c.channel_id and ch.type = 'web'
    join memberships m on m.workspace_id = c.workspace_id and m.user_id = ${ctx.user.id} and m.role in ('owner', 'admin', 'agent')
    where c.id = ${conversationId} and c.deleted_at is null`);
  const rows = ((result as { rows?: unknown[] }).rows ?? result) as { id: string }[];
  if (rows.length === 0) throw notFound('Conversation');
  ctx.after(() => publish([{ channel: visitorChannel(conversationId), name: 'typing', data: {} }]));
}
