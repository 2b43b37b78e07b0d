// The dashboard's figures: one call to the conversation summary endpoint, counted by the database in the
// browser's time zone.
import { queryOptions } from '@tanstack/react-query';
import type { ConversationSummary } from '../../../contracts/inbox';
import { inboxKeys, workspacePath } from '@/features/inbox/api/keys';
import { api } from '@/lib/api-client';

export const DAYS = 14;

export interface DayCount {
  /** Local midnight of the day, ISO. */
  date: string;
  count: number;
}

export interface DashboardStats {
  open: number;
  unassigned: number;
  mine: number;
  unread: number;
  perDay: DayCount[];
}

/** `YYYY-MM-DD` (a calendar day in the browser's zone) to that day's local midnight. */
export function localMidnight(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d!).toISOString();
}

export function toDashboardStats(summary: ConversationSummary): DashboardStats {
  return { ...summary, perDay: summary.perDay.map((d) => ({ date: localMidnight(d.date), count: d.count })) };
}

export const dashboardStatsQueryOptions = (wid: string) =>
  queryOptions({
    queryKey: inboxKeys.stats(wid, 'dashboard'),
    queryFn: async ({ signal }): Promise<DashboardStats> => {
      const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const { data } = await api.get<ConversationSummary>(`${workspacePath(wid)}/conversations/summary`, { params: { tz, days: DAYS }, signal });
      return toDashboardStats(data);
    },
    staleTime: 60_000,
  });
