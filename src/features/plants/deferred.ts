// Plants after the first paint (src/lib/feature.ts): a batch released or rejected changes its plant's figures.
import { defineDeferredFeature } from '@/lib/feature';
import { plantKeys } from './keys';

export default defineDeferredFeature({
  realtime: {
    events: {
      'batch.updated': ({ batch }, { queryClient, wid }) => {
        if (batch.status === 'released' || batch.status === 'rejected') void queryClient.invalidateQueries({ queryKey: plantKeys.detail(wid, batch.plantId) });
      },
    },
    resync: plantKeys.all,
  },
});
