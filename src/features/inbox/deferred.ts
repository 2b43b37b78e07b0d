// The inbox after the first paint (src/lib/feature.ts): its share of the realtime events (./realtime/handlers.ts)
// and its palette actions.
import { defineDeferredFeature } from '@/lib/feature';
import { inboxKeys } from './api/keys';
import { inboxEventHandlers } from './realtime/handlers';

export default defineDeferredFeature({
  realtime: { events: inboxEventHandlers, resync: inboxKeys.all },
  commands: [
    { id: 'inbox.open', label: 'Go to inbox', keywords: ['conversations', 'messages'], scope: 'workspace', href: ({ wid }) => `/w/${wid}/inbox` },
    { id: 'inbox.mine', label: 'My conversations', scope: 'workspace', href: ({ wid }) => `/w/${wid}/inbox?assignee=mine` },
    { id: 'inbox.unassigned', label: 'Unassigned conversations', scope: 'workspace', href: ({ wid }) => `/w/${wid}/inbox?assignee=unassigned` },
  ],
});
