// A channel with its credentials decrypted, for the webhooks function, deliveries and connect / disconnect.
import { eq } from 'drizzle-orm';
import type { ChannelType } from '../../../contracts/channel-types.js';
import type { Db, Tx } from '../../../db/client.js';
import { channels } from '../../../db/schema/channels.js';
import { decryptSecret } from './crypto.js';
import type { LoadedChannel } from './providers/types.js';

type ChannelRow = typeof channels.$inferSelect;

/** Decrypts a channel row's credentials (bound to its id) into a LoadedChannel. */
export function toLoadedChannel(row: ChannelRow): LoadedChannel {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    type: row.type as ChannelType,
    name: row.name,
    status: row.status,
    settings: row.settings,
    externalId: row.externalId,
    credentials: row.credentials ? decryptSecret<Record<string, unknown>>(row.credentials, row.id) : {},
  };
}

/** The channel with that id, credentials decrypted; null when there is none (or the id is not a uuid). */
export async function loadChannel(db: Db | Tx, channelId: string): Promise<LoadedChannel | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(channelId)) return null;
  const [row] = await db.select().from(channels).where(eq(channels.id, channelId)).limit(1);
  return row ? toLoadedChannel(row) : null;
}
