// Outbound webhooks as the shell sees them: the Webhooks tab of the workspace settings (admins and owners) and an
// endpoint's page with its deliveries. Its palette action loads after the first paint (./deferred.ts).
import { defineFeature, lazyPage } from '@/lib/feature';

const WebhooksPage = lazyPage(() => import('./pages/webhooks-page'), 'WebhooksPage');
const WebhookPage = lazyPage(() => import('./pages/webhook-page'), 'WebhookPage');

export const webhooksFeature = defineFeature({
  id: 'webhooks',
  routes: [
    { mount: 'settings', path: 'webhooks', page: WebhooksPage, tab: { label: 'Webhooks', order: 40, minRole: 'admin' } },
    { mount: 'settings', path: 'webhooks/:endpointId', page: WebhookPage },
  ],
  deferred: () => import('./deferred'),
});
