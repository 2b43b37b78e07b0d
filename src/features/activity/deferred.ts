// The activity log after the first paint (src/lib/feature.ts): its palette action.
import { defineDeferredFeature } from '@/lib/feature';

export default defineDeferredFeature({
  commands: [
    {
      id: 'activity.open',
      label: 'Go to activity',
      keywords: ['log', 'audit', 'history'],
      scope: 'workspace',
      minRole: 'admin',
      href: ({ wid }) => `/w/${wid}/activity`,
    },
  ],
});
