// The dashboard's figures: one call to the conversation summary endpoint, counted by the database in the
// browser's time zone.
import { queryOptions } from '@tanstack/react-query';
import type { ConversationSummary } from '../../../contracts/conversations';
import { call } from '@/lib/api-client';
import { dashboardKeys } from './keys';

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
    queryKey: dashboardKeys.summary(wid),
    queryFn: async ({ signal }): Promise<DashboardStats> => {
      const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
      return toDashboardStats(await call('inbox.conversationSummary', { params: { wid }, query: { tz, days: DAYS }, signal }));
    },
    staleTime: 60_000,
  });
