// The AI assistant as the shell sees it: its settings tab (/w/:wid/settings/assistant; agents read, admins and
// owners change) and the per-conversation switch in the inbox's conversation details (slot
// conversation.details), shown only when the server has an AI API configured.
import { lazy } from 'react';
import { defineFeature, lazyPage } from '@/lib/feature';

const AssistantPage = lazyPage(() => import('./pages/assistant-page'), 'AssistantPage');
const AssistantSwitch = lazy(async () => ({ default: (await import('./components/assistant-switch')).AssistantSwitch }));

export const assistantFeature = defineFeature({
  id: 'assistant',
  routes: [{ mount: 'settings', path: 'assistant', page: AssistantPage, tab: { label: 'Assistant', order: 25, minRole: 'agent' } }],
  panels: [{ slot: 'conversation.details', order: 5, component: AssistantSwitch }],
  deferred: () => import('./deferred'),
});
