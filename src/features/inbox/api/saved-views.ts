// Saved views (API.md "Inbox additions (round 2)"): a member's own named filter sets, shown as quick filters
// in the inbox's filter bar.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateSavedViewBody } from '../../../../contracts/saved-views';
import { call } from '@/lib/api-client';
import { inboxKeys } from './keys';

export const savedViewsKey = (wid: string) => [...inboxKeys.all(wid), 'views'] as const;

export const savedViewsQueryOptions = (wid: string) =>
  queryOptions({
    queryKey: savedViewsKey(wid),
    queryFn: ({ signal }) => call('views.listViews', { params: { wid }, query: { limit: 100 }, signal }),
  });

export function useCreateSavedView(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateSavedViewBody) => call('views.createView', { params: { wid }, body }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: savedViewsKey(wid) }),
  });
}

export function useDeleteSavedView(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('views.deleteView', { params: { wid, id } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: savedViewsKey(wid) }),
  });
}
