// Notifications as they happen: `notification.created` on private-user-{uid} refreshes the bell, shows a toast
// (top right, clear of the composer's Send button) that offers to open it, plays the optional sound, and shows
// a desktop notification when this tab is hidden and the browser allows it. The workspace's inbox events keep
// the tab title's count and the Inbox entry's badge (the caller's unread messages) current.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { toast } from 'sonner';
import type { Notification } from '../../../contracts/notifications';
import { useUserChannel, useWorkspaceChannel } from '@/lib/realtime';
import { useCurrentUser } from '@/lib/session-store';
import { notificationKeys, soundEnabled, summaryKey, useInboxSummary } from './api';

function beep() {
  try {
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = 880;
    gain.gain.value = 0.05;
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.15);
    osc.onended = () => void ctx.close();
  } catch {
    // no audio here
  }
}

const TITLE_COUNT = /^\(\d+\)\s/;

/** `(3) Switchboard`: the caller's unread count in front of whatever title the page sets (kept as pages change it). */
export function useTitleCount(count: number) {
  useEffect(() => {
    const apply = () => {
      const base = document.title.replace(TITLE_COUNT, '');
      const wanted = count > 0 ? `(${count}) ${base}` : base;
      if (document.title !== wanted) document.title = wanted;
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => {
      observer.disconnect();
      document.title = document.title.replace(TITLE_COUNT, '');
    };
  }, [count]);
}

export function NotificationsLive({ workspaceId }: { workspaceId: string | null }) {
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const summary = useInboxSummary(workspaceId);
  useTitleCount(summary.data?.unread ?? 0);

  const refreshSummary = () => {
    if (workspaceId) void queryClient.invalidateQueries({ queryKey: summaryKey(workspaceId) });
  };
  useWorkspaceChannel(
    workspaceId,
    {
      'message.created': refreshSummary,
      'conversation.updated': refreshSummary,
      'conversation.created': refreshSummary,
      'conversation.deleted': refreshSummary,
    },
    { onSubscribed: refreshSummary },
  );

  useUserChannel(user.id, {
    'notification.created': (data) => {
      const { notification } = data as { notification: Notification };
      // The Inbox badge and title follow the workspace's own events (message.created, which came first): refetching
      // the summary here too would cancel that refetch and start it again, later.
      void queryClient.invalidateQueries({ queryKey: notificationKeys.list() });
      const open = () => {
        if (notification.url) void navigate(notification.url);
      };
      toast(notification.title, {
        description: notification.body || undefined,
        // Top centre, over the top bar's empty middle: never over the composer's Send button, the bell or a page's actions.
        position: 'top-center',
        action: notification.url ? { label: 'Open', onClick: open } : undefined,
      });
      if (soundEnabled()) beep();
      if (document.visibilityState === 'hidden' && 'Notification' in window && Notification.permission === 'granted') {
        const shown = new Notification(notification.title, { body: notification.body, tag: notification.id });
        shown.onclick = () => {
          window.focus();
          open();
          shown.close();
        };
      }
    },
  });
  return null;
}
