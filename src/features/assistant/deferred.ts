// The assistant after the first paint (src/lib/feature.ts): the palette action to its settings.
import { defineDeferredFeature } from '@/lib/feature';

export default defineDeferredFeature({
  commands: [
    {
      id: 'assistant.open',
      label: 'AI assistant settings',
      keywords: ['ai', 'assistant', 'bot', 'chatbot', 'knowledge', 'handover'],
      scope: 'workspace',
      minRole: 'agent',
      href: ({ wid }) => `/w/${wid}/settings/assistant`,
    },
  ],
});
