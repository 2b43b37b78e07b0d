// The notification reads, each one round trip with the caller check (read-scope.ts).
import type { NotificationList, NotificationPreferences, NotificationType } from '../../../contracts/notifications.js';
import { cursorAtColumn, decodeCursor, page } from '../http/pagination.js';
import { readStatement, type ReadScope } from '../http/read-scope.js';
import { resolvePreferences, toNotification } from './service.js';

// The unread count is one row that the page joins onto, so an empty page still carries it.
const listStatement = (unread: boolean, hasCursor: boolean) =>
  readStatement(
    'user',
    `notifications_list${unread ? '_unread' : ''}${hasCursor ? '_after' : ''}`,
    `select u.unread_count as "unreadCount", p.*
     from (select count(*)::int as unread_count from notifications where caller.ok and user_id = :uid and read_at is null) u
     left join lateral (
       select id, type, title, body, url, workspace_id as "workspaceId", read_at as "readAt", created_at as "createdAt", ${cursorAtColumn('created_at')}
       from notifications
       where caller.ok and user_id = :uid${unread ? ' and read_at is null' : ''}${hasCursor ? ' and (created_at, id) < (:cursorAt::timestamptz, :cursorId::uuid)' : ''}
       order by created_at desc, id desc limit :limit
     ) p on true`,
    'd."createdAt" desc nulls last, d.id desc',
  );
const LIST = new Map([false, true].flatMap((unread) => [false, true].map((cursor) => [`${unread}:${cursor}`, listStatement(unread, cursor)] as const)));

type ListRow = {
  unreadCount: number;
  id: string | null;
  type: NotificationType;
  title: string;
  body: string;
  url: string | null;
  workspaceId: string | null;
  readAt: Date | null;
  createdAt: Date;
  cursorAt: string;
};

/** GET /api/notifications: newest first, `unread` only when asked, with the caller's unread count. */
export async function readNotifications(scope: ReadScope, query: { limit: number; cursor?: string; unread?: boolean }): Promise<NotificationList> {
  const cursor = decodeCursor(query.cursor);
  const rows = await scope.read<ListRow>(LIST.get(`${Boolean(query.unread)}:${cursor !== null}`)!, {
    cursorAt: cursor?.at,
    cursorId: cursor?.id,
    limit: query.limit + 1,
  });
  const unreadCount = Number(rows[0]?.unreadCount ?? 0);
  const found = rows.filter((r): r is ListRow & { id: string } => r.id !== null);
  return { ...page(found, query.limit, (r) => toNotification(r)), unreadCount };
}

const PREFERENCES = readStatement('user', 'notification_preferences', `select preferences from notification_preferences where caller.ok and user_id = :uid`);

/** GET /api/notifications/preferences: every type, the caller's choices over the defaults. */
export async function readPreferences(scope: ReadScope): Promise<NotificationPreferences> {
  const rows = await scope.read<{ preferences: Record<string, { inApp: boolean; email: boolean; push: boolean }> | null }>(PREFERENCES);
  return resolvePreferences(rows[0]?.preferences);
}
