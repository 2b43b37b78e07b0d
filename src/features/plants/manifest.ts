// Plants beyond their record page: the metrics panel in the plant page's extras (slot plant.details). Its
// charts load in a chunk of their own, after the panel.
import { lazy } from 'react';
import { defineFeature } from '@/lib/feature';
import { plantKeys } from './keys';

const PlantMetricsPanel = lazy(async () => ({ default: (await import('./components/plant-metrics-panel')).PlantMetricsPanel }));

export const plantsFeature = defineFeature({
  id: 'plants',
  panels: [{ slot: 'plant.details', order: 10, component: PlantMetricsPanel }],
  realtime: {
    events: {
      // A batch released or rejected changes its plant's figures.
      'batch.updated': ({ batch }, { queryClient, wid }) => {
        if (batch.status === 'released' || batch.status === 'rejected') void queryClient.invalidateQueries({ queryKey: plantKeys.detail(wid, batch.plantId) });
      },
    },
    resync: plantKeys.all,
  },
});
