// A plant's metrics per day (API.md: Operations), the days counted in the browser's time zone.
import { queryOptions } from '@tanstack/react-query';
import { call } from '@/lib/api-client';
import { plantKeys } from './keys';

export const plantMetricsQueryOptions = (wid: string, id: string, range: { from: string; to: string; tz: string }) =>
  queryOptions({
    queryKey: plantKeys.metrics(wid, id, range),
    queryFn: ({ signal }) => call('operations.getPlantMetrics', { params: { wid, id }, query: range, signal }),
  });

/** The browser's IANA time zone. */
export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** A local calendar date as YYYY-MM-DD. */
export const isoDate = (date: Date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/** The `days` days that end today (local), as an inclusive range. */
export function lastDays(days: number, today = new Date()): { from: string; to: string } {
  const from = new Date(today.getFullYear(), today.getMonth(), today.getDate() - (days - 1));
  return { from: isoDate(from), to: isoDate(today) };
}
