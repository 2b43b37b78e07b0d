// The signed-in user's notifications (API.md "Notifications"): the list with its unread count, marking read,
// preferences, and this browser's push subscription.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NotificationPreferences, UpdateNotificationPreferencesBody } from '../../../contracts/notifications';
import { call } from '@/lib/api-client';
import { accountScope, workspaceScope } from '@/lib/query-keys';

export const notificationKeys = {
  all: () => [...accountScope, 'notifications'] as const,
  list: () => [...notificationKeys.all(), 'list'] as const,
  preferences: () => [...notificationKeys.all(), 'preferences'] as const,
};

/** The inbox's summary (open, mine, unread…), the same entry the dashboard reads. */
export const summaryKey = (wid: string) => [...workspaceScope(wid), 'conversations', 'summary', 'notifications'] as const;

export function useNotifications() {
  return useQuery({ queryKey: notificationKeys.list(), queryFn: ({ signal }) => call('notifications.listNotifications', { query: { limit: 20 }, signal }) });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { ids: string[] } | { all: true }) => call('notifications.markNotificationsRead', { body }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.list() }),
  });
}

export function usePreferences() {
  return useQuery({ queryKey: notificationKeys.preferences(), queryFn: ({ signal }) => call('notifications.getNotificationPreferences', { signal }) });
}

export function useUpdatePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateNotificationPreferencesBody) => call('notifications.updateNotificationPreferences', { body }),
    onSuccess: (preferences: NotificationPreferences) => queryClient.setQueryData(notificationKeys.preferences(), preferences),
  });
}

export function useInboxSummary(wid: string | null) {
  return useQuery({
    queryKey: summaryKey(wid ?? '-'),
    enabled: Boolean(wid),
    queryFn: ({ signal }) =>
      call('inbox.conversationSummary', { params: { wid: wid! }, query: { tz: Intl.DateTimeFormat().resolvedOptions().timeZone, days: 1 }, signal }),
  });
}

const base64urlToBytes = (value: string) => {
  const padded = value.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (value.length % 4)) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
};

/** Registers /sw.js, subscribes this browser with the server's VAPID key and sends the subscription. */
export async function enablePush(): Promise<'enabled' | 'unsupported' | 'denied' | 'off'> {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return 'denied';
  const { publicKey } = await call('notifications.vapidPublicKey');
  if (!publicKey) return 'off';
  const registration = await navigator.serviceWorker.register('/sw.js');
  await navigator.serviceWorker.ready;
  const subscription =
    (await registration.pushManager.getSubscription()) ??
    (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64urlToBytes(publicKey) }));
  const json = subscription.toJSON() as { endpoint: string; keys: { p256dh: string; auth: string } };
  await call('notifications.subscribePush', { body: { endpoint: json.endpoint, keys: json.keys } });
  return 'enabled';
}

const SOUND_KEY = 'switchboard.notifications.sound';
export const soundEnabled = () => localStorage.getItem(SOUND_KEY) === 'on';
export const setSoundEnabled = (on: boolean) => localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
