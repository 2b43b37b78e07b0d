// The operations feature as the shell sees it: plants, materials and production batches, each a page pair
// generated from its declaration (src/lib/resource/), listed under the sidebar's Operations heading.
import { defineFeature } from '@/lib/feature';
import { resourceFeature } from '@/lib/resource/meta';
import { operationsResourceMetas } from './resources';

export const operationsFeature = defineFeature({
  id: 'operations',
  ...resourceFeature({ section: { id: 'operations', label: 'Operations', order: 60 }, resources: operationsResourceMetas }),
});
