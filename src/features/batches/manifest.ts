// Production batches beyond their record page: the panel in the batch page's extras (slot batch.details) with
// the status actions, the signature dialog, the inputs and the history timeline. It loads with the batch page;
// the realtime handlers load after the first paint (./deferred.ts).
import { lazy } from 'react';
import { defineFeature } from '@/lib/feature';

const BatchPanel = lazy(async () => ({ default: (await import('./components/batch-panel')).BatchPanel }));

export const batchesFeature = defineFeature({
  id: 'batches',
  panels: [{ slot: 'batch.details', order: 10, component: BatchPanel }],
  deferred: () => import('./deferred'),
});
