// API keys after the first paint (src/lib/feature.ts): the palette action. Keys have no realtime events; the
// list refetches when the tab is opened again or the window regains focus.
import { defineDeferredFeature } from '@/lib/feature';

export default defineDeferredFeature({
  commands: [
    {
      id: 'api-keys.open',
      label: 'API keys',
      keywords: ['token', 'api', 'integration', 'script', 'bearer'],
      scope: 'workspace',
      minRole: 'admin',
      href: ({ wid }) => `/w/${wid}/settings/api-keys`,
    },
  ],
});
