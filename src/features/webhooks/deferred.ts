// Webhooks after the first paint (src/lib/feature.ts): the palette action. Endpoints and deliveries have no
// realtime events; the pages refetch when opened again or when the window regains focus.
import { defineDeferredFeature } from '@/lib/feature';

export default defineDeferredFeature({
  commands: [
    {
      id: 'webhooks.open',
      label: 'Webhooks',
      keywords: ['webhook', 'integration', 'events', 'deliveries', 'callback'],
      scope: 'workspace',
      minRole: 'admin',
      href: ({ wid }) => `/w/${wid}/settings/webhooks`,
    },
  ],
});
