// A batch as its panel shows it (API.md: Operations): the record, its history, the materials of its inputs and
// its plant; moving it along the status machine, signed where release and reject need it.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { TransitionBody } from '../../../contracts/operations';
import { call } from '@/lib/api-client';
import { batchKeys } from './keys';

export const batchQueryOptions = (wid: string, id: string) =>
  queryOptions({ queryKey: batchKeys.detail(wid, id), queryFn: ({ signal }) => call('operations.getBatch', { params: { wid, id }, signal }) });

export const batchHistoryQueryOptions = (wid: string, id: string) =>
  queryOptions({ queryKey: batchKeys.history(wid, id), queryFn: ({ signal }) => call('operations.getBatchHistory', { params: { wid, id }, signal }) });

export const materialQueryOptions = (wid: string, id: string) =>
  queryOptions({ queryKey: batchKeys.material(wid, id), queryFn: ({ signal }) => call('operations.getMaterial', { params: { wid, id }, signal }) });

export const plantQueryOptions = (wid: string, id: string) =>
  queryOptions({ queryKey: batchKeys.plant(wid, id), queryFn: ({ signal }) => call('operations.getPlant', { params: { wid, id }, signal }) });

/** POST /batches/{id}/transition; the panel, its history, the stock it took and the record page follow. */
export function useTransitionBatch(wid: string, id: string) {
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: batchKeys.history(wid, id) });
    void queryClient.invalidateQueries({ queryKey: batchKeys.materials(wid) });
    void queryClient.invalidateQueries({ queryKey: batchKeys.recordPages(wid) });
  };
  return useMutation({
    mutationFn: (body: TransitionBody) => call('operations.transitionBatch', { params: { wid, id }, body }),
    onSuccess: (batch) => {
      queryClient.setQueryData(batchKeys.detail(wid, id), batch);
      refresh();
    },
    // A refused signature is kept in the history: show it.
    onError: refresh,
  });
}
