// The workspace's API keys (contracts/api-keys.ts): list the active ones, create one (its secret comes back this
// once) and revoke one. Admins and owners only; the server refuses API keys themselves here.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiKey, CreateApiKeyBody } from '../../../contracts/api-keys';
import type { ListResponse } from '../../../contracts/common';
import { call } from '@/lib/api-client';
import { ApiError } from '@/lib/api-error';
import { apiKeyKeys } from './keys';

export const apiKeysQueryOptions = (wid: string) =>
  queryOptions({
    queryKey: apiKeyKeys.active(wid),
    queryFn: ({ signal }) => call('api-keys.listApiKeys', { params: { wid }, signal }),
  });

export function useCreateApiKey(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateApiKeyBody) => call('api-keys.createApiKey', { params: { wid }, body }),
    // The answer holds the secret: keep it out of the mutation cache once the page has taken it.
    gcTime: 0,
    onSuccess: ({ secret: _secret, ...key }) => {
      queryClient.setQueryData<ListResponse<ApiKey>>(apiKeyKeys.active(wid), (list) =>
        list ? { ...list, data: [key, ...list.data.filter((k) => k.id !== key.id)] } : list,
      );
      return queryClient.invalidateQueries({ queryKey: apiKeyKeys.lists(wid) });
    },
  });
}

export function useRevokeApiKey(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('api-keys.revokeApiKey', { params: { wid, id } }),
    onSuccess: (_answer, id) => {
      queryClient.setQueryData<ListResponse<ApiKey>>(apiKeyKeys.active(wid), (list) => (list ? { ...list, data: list.data.filter((k) => k.id !== id) } : list));
      return queryClient.invalidateQueries({ queryKey: apiKeyKeys.lists(wid) });
    },
    // Already revoked (by someone else, in another tab): the list is out of date.
    onError: (error) => {
      if (error instanceof ApiError && error.status === 404) void queryClient.invalidateQueries({ queryKey: apiKeyKeys.lists(wid) });
    },
  });
}
