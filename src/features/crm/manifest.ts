// The CRM feature as the shell sees it: employees, suppliers, professionals, projects and tasks, each a page
// pair generated from its declaration (src/lib/resource/), listed under the sidebar's CRM heading. Customers,
// the CRM's clients, keep their own feature.
import { defineFeature } from '@/lib/feature';
import { resourceFeature } from '@/lib/resource/meta';
import { crmResourceMetas } from './resources';

export const crmFeature = defineFeature({
  id: 'crm',
  ...resourceFeature({ section: { id: 'crm', label: 'CRM', order: 50 }, resources: crmResourceMetas }),
});
