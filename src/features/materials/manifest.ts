// Materials beyond their record page: the stock panel in the material page's extras (slot material.details),
// and the low-stock notice. Until notifications exist, `material.low_stock` is a toast shown to every member
// with the workspace open; sonner loads only when one arrives.
import { lazy } from 'react';
import { defineFeature } from '@/lib/feature';
import { materialKeys } from './keys';

const MaterialStockPanel = lazy(async () => ({ default: (await import('./components/material-stock-panel')).MaterialStockPanel }));

/** The low-stock notice's text. */
export const lowStockMessage = (p: { material: { name: string; code: string; unit: string }; plantName: string; quantity: number; minStock: number }) =>
  `${p.material.name} (${p.material.code}) is below its minimum at ${p.plantName}: ${p.quantity} ${p.material.unit} left, minimum ${p.minStock}`;

export const materialsFeature = defineFeature({
  id: 'materials',
  panels: [{ slot: 'material.details', order: 10, component: MaterialStockPanel }],
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
