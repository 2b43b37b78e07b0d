// The customers feature after the first paint (src/lib/feature.ts): its share of the realtime events
// (./realtime/handlers.ts) and its palette action.
import { defineDeferredFeature } from '@/lib/feature';
import { customerKeys } from './keys';
import { customerEventHandlers } from './realtime/handlers';

export default defineDeferredFeature({
  realtime: { events: customerEventHandlers, resync: customerKeys.all },
  commands: [
    { id: 'customers.open', label: 'Go to customers', keywords: ['contacts', 'people'], scope: 'workspace', href: ({ wid }) => `/w/${wid}/customers` },
  ],
});
