// The operations record pages, bound to their declarations (contracts/operations.ts) with the line that
// introduces each list. Loaded with the pages, never in the first load (the declarations carry zod).
import { batchResource, equipmentResource, materialResource, plantResource } from '../../../contracts/operations';
import type { ResourcePages } from '@/lib/resource/meta';
import { resourcePages } from '@/lib/resource/pages';
import { BatchInputsEditor } from './batch-inputs/batch-inputs-editor';
import { BatchInputsView } from './batch-inputs/batch-inputs-view';
import { batches, equipment, materials, plants } from './resources';

export const plantPages: ResourcePages = resourcePages(plants, { def: plantResource, description: 'Where you produce, and how much a day.' });
export const materialPages: ResourcePages = resourcePages(materials, {
  def: materialResource,
  description: 'What production consumes, and the stock below which to reorder.',
});
export const batchPages: ResourcePages = resourcePages(batches, {
  def: batchResource,
  description: 'Production runs, from planned to released.',
  fields: { inputs: { edit: BatchInputsEditor, view: BatchInputsView } },
});
export const equipmentPages: ResourcePages = resourcePages(equipment, {
  def: equipmentResource,
  description: 'Machines per plant, and when each is next due for maintenance.',
});
