// Production batches beyond their record page: the panel in the batch page's extras (slot batch.details) with
// the status actions, the signature dialog, the inputs and the history timeline. It loads with the batch page.
import { lazy } from 'react';
import { defineFeature } from '@/lib/feature';
import { batchKeys } from './keys';

const BatchPanel = lazy(async () => ({ default: (await import('./components/batch-panel')).BatchPanel }));

export const batchesFeature = defineFeature({
  id: 'batches',
  panels: [{ slot: 'batch.details', order: 10, component: BatchPanel }],
  realtime: {
    events: {
      'batch.updated': ({ batch }, { queryClient, wid }) => {
        queryClient.setQueryData(batchKeys.detail(wid, batch.id), batch);
        void queryClient.invalidateQueries({ queryKey: batchKeys.history(wid, batch.id) });
      },
      'batch.signature_refused': ({ id }, { queryClient, wid }) => void queryClient.invalidateQueries({ queryKey: batchKeys.history(wid, id) }),
      // What the inputs have available at the plant.
      'material.updated': (_payload, { queryClient, wid }) => void queryClient.invalidateQueries({ queryKey: batchKeys.materials(wid) }),
      'material.stock_changed': (_payload, { queryClient, wid }) => void queryClient.invalidateQueries({ queryKey: batchKeys.materials(wid) }),
    },
    resync: batchKeys.all,
  },
});
