// The inbox as the shell sees it: its page, its sidebar entry, its share of the realtime events, and its
// palette actions.
import { Inbox } from 'lucide-react';
import { defineFeature, lazyPage } from '@/lib/feature';
import { inboxKeys } from './api/keys';
import { inboxEventHandlers } from './realtime/handlers';

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
  realtime: { events: inboxEventHandlers, resync: inboxKeys.all },
  commands: [
    { id: 'inbox.open', label: 'Go to inbox', keywords: ['conversations', 'messages'], scope: 'workspace', href: ({ wid }) => `/w/${wid}/inbox` },
    { id: 'inbox.mine', label: 'My conversations', scope: 'workspace', href: ({ wid }) => `/w/${wid}/inbox?assignee=mine` },
    { id: 'inbox.unassigned', label: 'Unassigned conversations', scope: 'workspace', href: ({ wid }) => `/w/${wid}/inbox?assignee=unassigned` },
  ],
});
