// The workspace's activity log (admin+), newest first, one page at a time, filtered by member, action(s),
// subject and days in the browser's time zone.
import { infiniteQueryOptions } from '@tanstack/react-query';
import { call } from '@/lib/api-client';
import { cleanFilters, workspaceKeyFactory } from '@/lib/query-keys';

export interface ActivityFilters {
  wid: string;
  actorId?: string;
  /** One action or several. */
  action?: string[];
  subjectType?: string;
  subjectId?: string;
  /** First and last day (YYYY-MM-DD, inclusive) in `tz`. */
  from?: string;
  to?: string;
  tz?: string;
}

const base = workspaceKeyFactory('activity');

/** Under ['w', wid, 'activity'] (src/lib/query-keys.ts). */
export const activityKeys = {
  all: base.all,
  lists: base.lists,
  list: ({ wid, ...filters }: ActivityFilters) => base.list(wid, cleanFilters(filters)),
};

const PAGE_SIZE = 25;

export const activityListQueryOptions = (filters: ActivityFilters) =>
  infiniteQueryOptions({
    queryKey: activityKeys.list(filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const { wid, action, tz, ...rest } = filters;
      return call('workspaces.listActivity', {
        params: { wid },
        query: {
          ...cleanFilters(rest),
          // Several actions travel comma-separated (the API takes either form).
          ...(action?.length ? { action: action.join(',') } : {}),
          ...((rest.from || rest.to) && tz ? { tz } : {}),
          limit: PAGE_SIZE,
          ...(pageParam ? { cursor: pageParam } : {}),
        },
        signal,
      });
    },
    getNextPageParam: (last) => last.nextCursor,
  });
