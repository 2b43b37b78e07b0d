// Channels as the shell sees them: the Channels tab of the workspace settings (admins and owners) and a channel's
// page. Its palette action and realtime refresh load after the first paint (./deferred.ts).
import { defineFeature, lazyPage } from '@/lib/feature';

const ChannelsPage = lazyPage(() => import('./pages/channels-page'), 'ChannelsPage');
const ChannelPage = lazyPage(() => import('./pages/channel-page'), 'ChannelPage');

export const channelsFeature = defineFeature({
  id: 'channels',
  routes: [
    { mount: 'settings', path: 'channels', page: ChannelsPage, tab: { label: 'Channels', order: 20, minRole: 'admin' } },
    { mount: 'settings', path: 'channels/:channelId', page: ChannelPage },
  ],
  deferred: () => import('./deferred'),
});
