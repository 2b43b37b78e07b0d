// The CRM's record pages, bound to their declarations (contracts/crm.ts) with the line that introduces each
// list and how a project's progress reads. Loaded with the pages, never in the first load (the declarations
// carry zod).
import { employeeResource, professionalResource, projectResource, supplierResource, taskResource } from '../../../contracts/crm';
import type { ResourcePages } from '@/lib/resource/meta';
import { resourcePages } from '@/lib/resource/pages';
import { employees, professionals, projects, suppliers, tasks } from './resources';

export const employeePages: ResourcePages = resourcePages(employees, {
  def: employeeResource,
  description: 'Your team: who works here, in which role and since when.',
});
export const supplierPages: ResourcePages = resourcePages(suppliers, { def: supplierResource, description: 'Who you buy from, and how to reach them.' });
export const professionalPages: ResourcePages = resourcePages(professionals, {
  def: professionalResource,
  description: 'Outside specialists you hire, and their rates.',
});
export const projectPages: ResourcePages = resourcePages(projects, {
  def: projectResource,
  description: 'Work for your clients, with its budget, dates and progress.',
  computed: { progress: { label: 'Progress', format: 'percent', list: true } },
});
export const taskPages: ResourcePages = resourcePages(tasks, { def: taskResource, description: 'What needs doing, for which project, by whom and when.' });
