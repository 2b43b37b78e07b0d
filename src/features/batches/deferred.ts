// Production batches after the first paint (src/lib/feature.ts): their share of the realtime events, for open
// batch pages (the batch, its history, what its inputs have available at the plant).
import { defineDeferredFeature } from '@/lib/feature';
import { batchKeys } from './keys';

export default defineDeferredFeature({
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
