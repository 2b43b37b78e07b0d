// The workspace's activity log (admin+), newest first, one page at a time.
import { infiniteQueryOptions } from '@tanstack/react-query';
import { call } from '@/lib/api-client';
import { workspaceKeyFactory } from '@/lib/query-keys';

export interface ActivityFilters {
  wid: string;
  subjectType?: string;
  subjectId?: string;
}

const base = workspaceKeyFactory('activity');

/** Under ['w', wid, 'activity'] (src/lib/query-keys.ts). */
export const activityKeys = {
  all: base.all,
  lists: base.lists,
  list: ({ wid, ...filters }: ActivityFilters) => base.list(wid, filters),
};

const PAGE_SIZE = 25;

export const activityListQueryOptions = (filters: ActivityFilters) =>
  infiniteQueryOptions({
    queryKey: activityKeys.list(filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const { wid, ...rest } = filters;
      return call('workspaces.listActivity', {
        params: { wid },
        query: { ...rest, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
        signal,
      });
    },
    getNextPageParam: (last) => last.nextCursor,
  });
