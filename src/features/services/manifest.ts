// The services feature as the shell sees it: the services' list and record pages (generated from the
// declaration, src/lib/resource/) under the sidebar's Analytics heading, and the service page's metrics panel
// (slot service.details), lazy like the pages. Its realtime handlers (records, metrics.ingested) and palette
// actions load after the first paint (./deferred.ts).
import { lazy } from 'react';
import { defineFeature } from '@/lib/feature';
import { resourceFeature } from '@/lib/resource/meta';
import { services } from './resources';
import { SECTION } from './section';

const ServiceMetricsPanel = lazy(async () => ({ default: (await import('./components/service-metrics-panel')).ServiceMetricsPanel }));
const { routes, nav } = resourceFeature({ section: SECTION, resources: [services] });

export const servicesFeature = defineFeature({
  id: 'services',
  routes,
  nav,
  panels: [{ slot: 'service.details', order: 10, component: ServiceMetricsPanel }],
  deferred: () => import('./deferred'),
});
