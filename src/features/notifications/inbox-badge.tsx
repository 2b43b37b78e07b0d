// The Inbox entry's badge: the caller's unread customer messages (the conversations summary's `unread`), kept
// live by the bell's subscriptions (notifications-live.tsx).
import { useInboxSummary } from './api';

export function InboxBadge({ workspaceId }: { workspaceId: string }) {
  const unread = useInboxSummary(workspaceId).data?.unread ?? 0;
  if (unread === 0) return null;
  return (
    <span
      data-testid="inbox-unread"
      aria-label={`${unread} unread`}
      className="ml-auto min-w-5 rounded-full bg-blue-700 px-1.5 text-center text-[11px] leading-5 font-semibold text-white"
    >
      {unread > 99 ? '99+' : unread}
    </span>
  );
}
