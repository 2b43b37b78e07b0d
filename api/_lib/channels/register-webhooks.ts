// Registers the webhook of every connected token channel (Telegram, Viber) with its provider again. `npm run dev`
// runs it on start: its local provider stand-ins keep no state across restarts, so the demo bot and any bot
// connected earlier would otherwise receive nothing. A deployment's registrations live at the provider.
import { and, inArray, isNotNull, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { channels } from '../../../db/schema/channels.js';
import { toLoadedChannel } from './load.js';
import { adapterFor } from './providers/index.js';
import { webhookUrlOf } from './service.js';

export async function registerTokenChannelWebhooks(db: Db, origin: string): Promise<{ registered: number; failed: string[] }> {
  const rows = await db
    .select()
    .from(channels)
    .where(and(inArray(channels.type, ['telegram', 'viber']), eq(channels.status, 'connected'), isNotNull(channels.credentials)));
  let registered = 0;
  const failed: string[] = [];
  for (const row of rows) {
    try {
      const channel = toLoadedChannel(row);
      const adapter = await adapterFor(channel.type);
      await adapter.connect?.(channel, webhookUrlOf(origin, channel.type, channel.id));
      registered++;
    } catch (err) {
      failed.push(`${row.name}: ${(err as Error).message}`);
    }
  }
  return { registered, failed };
}
