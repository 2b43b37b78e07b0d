// A material's stock as its panel shows it (API.md: Operations): the material with its stock per plant, the
// workspace's plants, its movements newest first, and recording a movement (one Idempotency-Key per submit).
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { MovementBody } from '../../../contracts/operations';
import { call } from '@/lib/api-client';
import { materialKeys } from './keys';

export const MOVEMENTS_PAGE_SIZE = 20;
/** Plants offered in the movement form and named in the stock table (a workspace has a handful). */
export const PLANTS_LIMIT = 100;

export const materialQueryOptions = (wid: string, id: string) =>
  queryOptions({ queryKey: materialKeys.detail(wid, id), queryFn: ({ signal }) => call('operations.getMaterial', { params: { wid, id }, signal }) });

export const plantsQueryOptions = (wid: string) =>
  queryOptions({
    queryKey: materialKeys.plants(wid),
    queryFn: ({ signal }) => call('operations.listPlants', { params: { wid }, query: { sort: 'code', limit: PLANTS_LIMIT }, signal }),
  });

export const movementsQueryOptions = (wid: string, id: string, plantId: string | null) =>
  infiniteQueryOptions({
    queryKey: materialKeys.movements(wid, id, plantId),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      call('operations.listMaterialMovements', {
        params: { wid, id },
        query: { limit: MOVEMENTS_PAGE_SIZE, ...(plantId ? { plantId } : {}), ...(pageParam ? { cursor: pageParam } : {}) },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor,
  });

export function useRecordMovement(wid: string, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: MovementBody; idempotencyKey: string }) =>
      call('operations.createMaterialMovement', { params: { wid, id }, body, idempotencyKey }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: materialKeys.detail(wid, id) });
      void queryClient.invalidateQueries({ queryKey: materialKeys.recordPages(wid) });
    },
  });
}
