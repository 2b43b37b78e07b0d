// Materials beyond their record page: the stock panel in the material page's extras (slot material.details). It
// loads with the material page; the realtime handlers, with the low-stock notice, load after the first paint
// (./deferred.ts).
import { lazy } from 'react';
import { defineFeature } from '@/lib/feature';

const MaterialStockPanel = lazy(async () => ({ default: (await import('./components/material-stock-panel')).MaterialStockPanel }));

export const materialsFeature = defineFeature({
  id: 'materials',
  panels: [{ slot: 'material.details', order: 10, component: MaterialStockPanel }],
  deferred: () => import('./deferred'),
});
