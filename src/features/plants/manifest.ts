// Plants beyond their record page: the metrics panel in the plant page's extras (slot plant.details). Its
// charts load in a chunk of their own, after the panel; its realtime handler loads after the first paint
// (./deferred.ts).
import { lazy } from 'react';
import { defineFeature } from '@/lib/feature';

const PlantMetricsPanel = lazy(async () => ({ default: (await import('./components/plant-metrics-panel')).PlantMetricsPanel }));

export const plantsFeature = defineFeature({
  id: 'plants',
  panels: [{ slot: 'plant.details', order: 10, component: PlantMetricsPanel }],
  deferred: () => import('./deferred'),
});
