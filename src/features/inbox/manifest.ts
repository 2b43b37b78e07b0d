// The inbox as the shell sees it: its page, its sidebar entry and the Settings → Canned replies tab. Its share of the realtime events and its
// palette actions load after the first paint (./deferred.ts).
import { Inbox } from 'lucide-react';
import { defineFeature, lazyPage } from '@/lib/feature';

const InboxPage = lazyPage(() => import('./pages/inbox-page'), 'InboxPage');
const CannedRepliesPage = lazyPage(() => import('./pages/canned-replies-page'), 'CannedRepliesPage');

export const inboxFeature = defineFeature({
  id: 'inbox',
  routes: [
    { mount: 'workspace', path: 'inbox/:conversationId?', page: InboxPage },
    { mount: 'settings', path: 'canned-replies', page: CannedRepliesPage, tab: { label: 'Canned replies', order: 22, minRole: 'agent' } },
  ],
  nav: [
    {
      area: 'workspace',
      path: 'inbox',
      label: 'Inbox',
      icon: Inbox,
      order: 10,
      prefetch: (context) => {
        void InboxPage.preload();
        void import('./prefetch').then(({ prefetchInbox }) => prefetchInbox(context));
      },
    },
  ],
  deferred: () => import('./deferred'),
});
