// The workspace's channels (contracts/channels.ts): list, connect, rename or re-configure, disconnect; and the
// start of an OAuth connect flow (POST …/channels/oauth/{provider}/start → { url }, where the browser goes next).
// Admins and owners only.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { ConnectedChannel, CreateChannelBody, UpdateChannelBody } from '../../../contracts/channels';
import { api, call } from '@/lib/api-client';
import { ApiError } from '@/lib/api-error';
import { channelKeys } from './keys';

/** A workspace has a handful of channels: the first 100 are the page. */
export const CHANNELS_PAGE_SIZE = 100;

export const channelsQueryOptions = (wid: string) =>
  queryOptions({
    queryKey: channelKeys.lists(wid),
    queryFn: ({ signal }) => call('channels.listChannels', { params: { wid }, query: { limit: CHANNELS_PAGE_SIZE }, signal }),
  });

export const channelQueryOptions = (wid: string, id: string) =>
  queryOptions({
    queryKey: channelKeys.detail(wid, id),
    queryFn: ({ signal }) => call('channels.getChannel', { params: { wid, id }, signal }),
  });

/** After a channel changed: its page and the list show it at once, then refetch. */
function useChannelChanged(wid: string) {
  const queryClient = useQueryClient();
  return (channel: ConnectedChannel) => {
    queryClient.setQueryData(channelKeys.detail(wid, channel.id), channel);
    return queryClient.invalidateQueries({ queryKey: channelKeys.lists(wid) });
  };
}

export function useCreateChannel(wid: string) {
  const changed = useChannelChanged(wid);
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateChannelBody; idempotencyKey: string }) =>
      call('channels.createChannel', { params: { wid }, body, idempotencyKey }),
    // The request carried a token: keep it out of the mutation cache.
    gcTime: 0,
    onSuccess: changed,
  });
}

export function useUpdateChannel(wid: string) {
  const changed = useChannelChanged(wid);
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateChannelBody }) => call('channels.updateChannel', { params: { wid, id }, body }),
    onSuccess: changed,
  });
}

export function useDeleteChannel(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('channels.deleteChannel', { params: { wid, id } }),
    onSuccess: (_answer, id) => {
      queryClient.removeQueries({ queryKey: channelKeys.detail(wid, id) });
      return queryClient.invalidateQueries({ queryKey: channelKeys.lists(wid) });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 404) void queryClient.invalidateQueries({ queryKey: channelKeys.lists(wid) });
    },
  });
}

/** The OAuth providers' connect flows; the answer's `url` is the provider's consent page. */
export function useStartOAuth(wid: string) {
  return useMutation({
    mutationFn: async (provider: string) => {
      const { data } = await api.post<{ url: string }>(`/api/workspaces/${encodeURIComponent(wid)}/channels/oauth/${encodeURIComponent(provider)}/start`, {});
      return data;
    },
  });
}
