// The workspace's outbound webhooks (contracts/outbound-webhooks.ts): endpoints (the create answer carries the
// signing secret this once), their deliveries, a retry and a test event. Admins and owners only.
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateWebhookBody, UpdateWebhookBody, WebhookDeliveryStatus, WebhookEndpoint } from '../../../contracts/outbound-webhooks';
import { call } from '@/lib/api-client';
import { ApiError } from '@/lib/api-error';
import { webhookKeys } from './keys';

export const ENDPOINTS_PAGE_SIZE = 50;
export const DELIVERIES_PAGE_SIZE = 25;

export const webhooksQueryOptions = (wid: string) =>
  infiniteQueryOptions({
    queryKey: webhookKeys.lists(wid),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      call('outbound-webhooks.listWebhooks', { params: { wid }, query: { limit: ENDPOINTS_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }, signal }),
    getNextPageParam: (last) => last.nextCursor,
  });

export const webhookQueryOptions = (wid: string, id: string) =>
  queryOptions({
    queryKey: webhookKeys.detail(wid, id),
    queryFn: ({ signal }) => call('outbound-webhooks.getWebhook', { params: { wid, id }, signal }),
  });

/** `status`: '' for every delivery. */
export const deliveriesQueryOptions = (wid: string, id: string, status: WebhookDeliveryStatus | '') =>
  infiniteQueryOptions({
    queryKey: webhookKeys.deliveriesList(wid, id, status),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      call('outbound-webhooks.listWebhookDeliveries', {
        params: { wid, id },
        query: { limit: DELIVERIES_PAGE_SIZE, ...(status ? { status } : {}), ...(pageParam ? { cursor: pageParam } : {}) },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor,
  });

/** After an endpoint changed: its page and the list show it at once, then refetch. */
function useEndpointChanged(wid: string) {
  const queryClient = useQueryClient();
  return (endpoint: WebhookEndpoint) => {
    queryClient.setQueryData(webhookKeys.detail(wid, endpoint.id), endpoint);
    return queryClient.invalidateQueries({ queryKey: webhookKeys.lists(wid) });
  };
}

export function useCreateWebhook(wid: string) {
  const changed = useEndpointChanged(wid);
  return useMutation({
    mutationFn: (body: CreateWebhookBody) => call('outbound-webhooks.createWebhook', { params: { wid }, body }),
    // The answer holds the signing secret: keep it out of the mutation cache once the page has taken it.
    gcTime: 0,
    onSuccess: ({ secret: _secret, ...endpoint }) => changed(endpoint),
  });
}

export function useUpdateWebhook(wid: string) {
  const changed = useEndpointChanged(wid);
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateWebhookBody }) => call('outbound-webhooks.updateWebhook', { params: { wid, id }, body }),
    onSuccess: changed,
  });
}

export function useDeleteWebhook(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('outbound-webhooks.deleteWebhook', { params: { wid, id } }),
    onSuccess: (_answer, id) => {
      queryClient.removeQueries({ queryKey: webhookKeys.detail(wid, id) });
      return queryClient.invalidateQueries({ queryKey: webhookKeys.lists(wid) });
    },
    // Already deleted (by someone else): the list is out of date.
    onError: (error) => {
      if (error instanceof ApiError && error.status === 404) void queryClient.invalidateQueries({ queryKey: webhookKeys.lists(wid) });
    },
  });
}

/** Sends a `webhook.test` event now; the answer is its delivery, attempted. */
export function useSendTestEvent(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('outbound-webhooks.testWebhook', { params: { wid, id } }),
    onSettled: (_delivery, _error, id) => queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(wid, id) }),
  });
}

export function useRetryDelivery(wid: string, endpointId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) => call('outbound-webhooks.retryWebhookDelivery', { params: { wid, id: endpointId, did: deliveryId } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(wid, endpointId) }),
  });
}
