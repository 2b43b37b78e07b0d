// Materials after the first paint (src/lib/feature.ts): their share of the realtime events, and the low-stock
// notice. Until notifications exist, `material.low_stock` is a toast shown to every member with the workspace
// open; sonner loads only when one arrives.
import { defineDeferredFeature } from '@/lib/feature';
import { materialKeys } from './keys';
import { lowStockMessage } from './low-stock';

export default defineDeferredFeature({
  realtime: {
    events: {
      'material.updated': ({ material }, { queryClient, wid }) => {
        queryClient.setQueryData(materialKeys.detail(wid, material.id), material);
        void queryClient.invalidateQueries({ queryKey: materialKeys.allMovements(wid, material.id) });
      },
      'material.stock_changed': ({ id }, { queryClient, wid }) => void queryClient.invalidateQueries({ queryKey: materialKeys.detail(wid, id) }),
      'material.low_stock': (payload) => void import('sonner').then(({ toast }) => toast.warning(lowStockMessage(payload), { duration: 10_000 })),
      'plant.created': (_payload, { queryClient, wid }) => void queryClient.invalidateQueries({ queryKey: materialKeys.plants(wid) }),
      'plant.updated': (_payload, { queryClient, wid }) => void queryClient.invalidateQueries({ queryKey: materialKeys.plants(wid) }),
    },
    resync: materialKeys.all,
  },
});
