// The CRM's record types as the first load knows them (names, labels, roles, icons: each checked against its
// declaration in contracts/crm.ts at compile time); the declarations themselves load with the pages.
import { BriefcaseBusiness, FolderKanban, IdCard, ListChecks, Truck } from 'lucide-react';
import type { employeeResource, professionalResource, projectResource, supplierResource, taskResource } from '../../../contracts/crm';
import { resourceMeta } from '@/lib/resource/meta';

const pages = () => import('./pages');
const ACCESS = { read: 'viewer', write: 'agent', remove: 'admin' } as const;

export const employees = resourceMeta<typeof employeeResource>()({
  domain: 'crm',
  name: 'employee',
  plural: 'employees',
  label: 'Employee',
  pluralLabel: 'Employees',
  access: ACCESS,
  icon: IdCard,
  order: 10,
  load: () => pages().then((p) => p.employeePages),
});

export const suppliers = resourceMeta<typeof supplierResource>()({
  domain: 'crm',
  name: 'supplier',
  plural: 'suppliers',
  label: 'Supplier',
  pluralLabel: 'Suppliers',
  access: ACCESS,
  icon: Truck,
  order: 20,
  load: () => pages().then((p) => p.supplierPages),
});

export const professionals = resourceMeta<typeof professionalResource>()({
  domain: 'crm',
  name: 'professional',
  plural: 'professionals',
  label: 'Professional',
  pluralLabel: 'Professionals',
  access: ACCESS,
  icon: BriefcaseBusiness,
  order: 30,
  load: () => pages().then((p) => p.professionalPages),
});

export const projects = resourceMeta<typeof projectResource>()({
  domain: 'crm',
  name: 'project',
  plural: 'projects',
  label: 'Project',
  pluralLabel: 'Projects',
  access: ACCESS,
  icon: FolderKanban,
  order: 40,
  slot: 'project.details',
  load: () => pages().then((p) => p.projectPages),
});

export const tasks = resourceMeta<typeof taskResource>()({
  domain: 'crm',
  name: 'task',
  plural: 'tasks',
  label: 'Task',
  pluralLabel: 'Tasks',
  access: ACCESS,
  icon: ListChecks,
  order: 50,
  slot: 'task.details',
  load: () => pages().then((p) => p.taskPages),
});

export const crmResourceMetas = [employees, suppliers, professionals, projects, tasks] as const;
