// The inbox as the shell sees it: its page and its sidebar entry. Its share of the realtime events and its
// palette actions load after the first paint (./deferred.ts).
import { Inbox } from 'lucide-react';
import { defineFeature, lazyPage } from '@/lib/feature';

const InboxPage = lazyPage(() => import('./pages/inbox-page'), 'InboxPage');

export const inboxFeature = defineFeature({
  id: 'inbox',
  routes: [{ mount: 'workspace', path: 'inbox/:conversationId?', page: InboxPage }],
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
