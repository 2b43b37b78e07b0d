// Reads of a workspace's channels: one round trip each, the caller check folded into the statement. No read
// ever selects a channel's credentials.
import type { ConnectedChannel } from '../../../contracts/channels.js';
import type { ChannelStatus, ChannelType } from '../../../contracts/channel-types.js';
import { cursorAtColumn, decodeCursor, page } from '../http/pagination.js';
import { readStatement, type ReadScope } from '../http/read-scope.js';

export type ChannelRow = {
  id: string;
  type: string;
  name: string;
  status: string;
  publicKey: string | null;
  settings: Record<string, unknown> | null;
  lastActivityAt: Date | string | null;
  lastError: string | null;
  createdAt: Date | string;
  updatedAt: Date | string;
};

const isoOf = (value: Date | string) => new Date(value).toISOString();

export const toChannel = (r: ChannelRow): ConnectedChannel => ({
  id: r.id,
  type: r.type as ChannelType,
  name: r.name,
  status: r.status as ChannelStatus,
  publicKey: r.publicKey,
  settings: r.settings ?? {},
  lastActivityAt: r.lastActivityAt === null ? null : isoOf(r.lastActivityAt),
  lastError: r.lastError,
  createdAt: isoOf(r.createdAt),
  updatedAt: isoOf(r.updatedAt),
});

const CHANNEL_SELECT = `c.id, c.type, c.name, c.status, c.public_key as "publicKey", c.settings, c.last_activity_at as "lastActivityAt",
  c.last_error as "lastError", c.created_at as "createdAt", c.updated_at as "updatedAt"`;

const channelList = (hasCursor: boolean) =>
  readStatement(
    'workspace',
    `channels_list${hasCursor ? '_after' : ''}`,
    `select ${CHANNEL_SELECT}, ${cursorAtColumn('c.created_at')}
     from channels c
     where caller.ok and c.workspace_id = :wid${hasCursor ? ' and (c.created_at, c.id) < (:cursorAt::timestamptz, :cursorId::uuid)' : ''}
     order by c.created_at desc, c.id desc limit :limit`,
    'd."createdAt" desc, d.id desc',
  );
const CHANNELS = channelList(false);
const CHANNELS_AFTER = channelList(true);

/** GET /channels: a page of the workspace's channels, newest first. */
export async function readChannels(scope: ReadScope, query: { limit: number; cursor?: string }) {
  const cursor = decodeCursor(query.cursor);
  const rows = await scope.read<ChannelRow & { cursorAt: string }>(cursor ? CHANNELS_AFTER : CHANNELS, {
    cursorAt: cursor?.at,
    cursorId: cursor?.id,
    limit: query.limit + 1,
  });
  return page(rows, query.limit, toChannel);
}

const CHANNEL = readStatement('workspace', 'channels_one', `select ${CHANNEL_SELECT} from channels c where caller.ok and c.id = :id and c.workspace_id = :wid`);

/** GET /channels/{id}: null when the channel is not in the workspace. */
export async function readChannel(scope: ReadScope, id: string): Promise<ConnectedChannel | null> {
  const [row] = await scope.read<ChannelRow>(CHANNEL, { id });
  return row ? toChannel(row) : null;
}
