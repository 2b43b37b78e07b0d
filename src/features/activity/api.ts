// The workspace's activity log (admin+), newest first, one page at a time.
import { infiniteQueryOptions } from '@tanstack/react-query';
import type { Activity, ListResponse } from '../../../contracts/identity';
import { api } from '@/lib/api-client';

export interface ActivityFilters {
  wid: string;
  subjectType?: string;
  subjectId?: string;
}

export const activityKeys = {
  all: ['activity'] as const,
  lists: () => [...activityKeys.all, 'list'] as const,
  list: (filters: ActivityFilters) => [...activityKeys.lists(), filters] as const,
  detail: (id: string) => [...activityKeys.all, 'detail', id] as const,
};

const PAGE_SIZE = 25;

export const activityListQueryOptions = (filters: ActivityFilters) =>
  infiniteQueryOptions({
    queryKey: activityKeys.list(filters),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) => {
      const { wid, ...rest } = filters;
      const params = { ...rest, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) };
      return (await api.get<ListResponse<Activity>>(`/api/workspaces/${encodeURIComponent(wid)}/activity`, { params, signal })).data;
    },
    getNextPageParam: (last) => last.nextCursor,
  });
