// The orders feature after the first paint (src/lib/feature.ts): its share of the realtime events
// (./realtime/handlers.ts) and its palette actions.
import { defineDeferredFeature } from '@/lib/feature';
import { orderKeys } from './keys';
import { orderEventHandlers } from './realtime/handlers';

export default defineDeferredFeature({
  realtime: { events: orderEventHandlers, resync: orderKeys.all },
  commands: [
    { id: 'orders.open', label: 'Go to orders', keywords: ['sales', 'payments', 'purchases'], scope: 'workspace', href: ({ wid }) => `/w/${wid}/orders` },
    {
      id: 'orders.unpaid',
      label: 'Unpaid orders',
      keywords: ['payments', 'due'],
      scope: 'workspace',
      href: ({ wid }) => `/w/${wid}/orders?paymentStatus=unpaid`,
    },
  ],
});
