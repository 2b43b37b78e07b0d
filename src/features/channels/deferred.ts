// Channels after the first paint (src/lib/feature.ts): channel events refresh the list and the channel's page in
// every open tab, and the palette offers the page.
import { defineDeferredFeature, type WorkspaceContext } from '@/lib/feature';
import { channelKeys } from './keys';

const refresh = (payload: { id: string }, { queryClient, wid }: WorkspaceContext) => {
  void queryClient.invalidateQueries({ queryKey: channelKeys.lists(wid) });
  void queryClient.invalidateQueries({ queryKey: channelKeys.detail(wid, payload.id) });
};

export default defineDeferredFeature({
  realtime: {
    events: { 'channel.created': refresh, 'channel.updated': refresh, 'channel.deleted': refresh },
    resync: channelKeys.all,
  },
  commands: [
    {
      id: 'channels.open',
      label: 'Channels',
      keywords: ['channel', 'widget', 'chat', 'telegram', 'viber', 'facebook', 'instagram', 'whatsapp', 'tiktok', 'connect'],
      scope: 'workspace',
      minRole: 'admin',
      href: ({ wid }) => `/w/${wid}/settings/channels`,
    },
  ],
});
