// The top bar's bell: the unread count, and a list of the newest notifications (open one, mark one or all read).
// It also keeps the notifications live (notifications-live.tsx).
import { Bell } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { Notification } from '../../../contracts/notifications';
import { cx } from '@/lib/cx';
import { useMarkRead, useNotifications } from './api';
import { NotificationsLive } from './notifications-live';

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });

export function NotificationBell({ workspaceId }: { workspaceId: string | null }) {
  const [open, setOpen] = useState(false);
  const list = useNotifications();
  const markRead = useMarkRead();
  const navigate = useNavigate();
  const root = useRef<HTMLDivElement>(null);
  const unread = list.data?.unreadCount ?? 0;

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  const openOne = (n: Notification) => {
    if (!n.readAt) markRead.mutate({ ids: [n.id] });
    setOpen(false);
    if (n.url) void navigate(n.url);
  };

  return (
    <div ref={root} className="relative">
      <NotificationsLive workspaceId={workspaceId} />
      <button
        type="button"
        aria-label={unread > 0 ? `Notifications, ${unread} unread` : 'Notifications'}
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen((v) => !v)}
        className="relative flex size-8 items-center justify-center rounded-md text-muted hover:bg-subtle hover:text-fg"
      >
        <Bell aria-hidden className="size-4" />
        {unread > 0 && (
          <span
            data-testid="notification-count"
            className="absolute -top-0.5 -right-0.5 min-w-4 rounded-full bg-red-600 px-1 text-center text-[10px] leading-4 font-semibold text-white"
          >
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div role="dialog" aria-label="Notifications" className="absolute right-0 z-40 mt-1 w-96 rounded-md border border-border bg-surface shadow-lg">
          <div className="flex items-center justify-between border-b border-border px-3 py-2">
            <h2 className="text-sm font-semibold">Notifications</h2>
            <button
              type="button"
              className="text-xs text-blue-700 hover:underline disabled:opacity-50"
              disabled={unread === 0}
              onClick={() => markRead.mutate({ all: true })}
            >
              Mark all read
            </button>
          </div>
          <ul className="max-h-96 overflow-y-auto">
            {(list.data?.data ?? []).length === 0 && <li className="px-3 py-6 text-center text-sm text-muted">No notifications yet</li>}
            {(list.data?.data ?? []).map((n) => (
              <li key={n.id} className={cx('flex gap-2 border-b border-border px-3 py-2 last:border-b-0', !n.readAt && 'bg-subtle')}>
                <button type="button" className="min-w-0 flex-1 text-left" onClick={() => openOne(n)}>
                  <span className={cx('block truncate text-sm', !n.readAt && 'font-semibold')}>{n.title}</span>
                  {n.body && <span className="block truncate text-xs text-muted">{n.body}</span>}
                  <span className="block text-[11px] text-muted">{when(n.createdAt)}</span>
                </button>
                {!n.readAt && (
                  <button
                    type="button"
                    className="self-start text-xs text-blue-700 hover:underline"
                    aria-label={`Mark read: ${n.title}`}
                    onClick={() => markRead.mutate({ ids: [n.id] })}
                  >
                    Mark read
                  </button>
                )}
              </li>
            ))}
          </ul>
          <div className="border-t border-border px-3 py-2 text-right">
            <button
              type="button"
              className="text-xs text-blue-700 hover:underline"
              onClick={() => {
                setOpen(false);
                void navigate('/settings/notifications');
              }}
            >
              Notification settings
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
