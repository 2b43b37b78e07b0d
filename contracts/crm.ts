// The CRM's record types (API.md "CRM"), served by the crm function. Each is a declaration of the generic
// resource (contracts/resource.ts); clients are the customers (contracts/customers.ts), and tasks add a kanban
// move (moveTask below).
import { z } from 'zod';
import { idSchema, itemParamsSchema } from './common.js';
import { endpoint } from './endpoint.js';
import { defineResource, resourceActivity, resourceEndpoints, resourceEvents, resourceSchemas } from './resource.js';

const CRM_ACCESS = { read: 'viewer', write: 'agent', remove: 'admin' } as const;

export const EMPLOYEE_STATUSES = ['active', 'on_leave', 'inactive'] as const;
export const RECORD_STATUSES = ['active', 'inactive'] as const;

export const employeeResource = defineResource({
  name: 'employee',
  plural: 'employees',
  label: 'Employee',
  pluralLabel: 'Employees',
  code: { prefix: 'EMP', digits: 4 },
  title: 'name',
  fields: {
    name: { kind: 'text', label: 'Name', required: true, sortable: true, search: true, list: true },
    email: { kind: 'email', label: 'Email', sortable: true, search: true, list: true },
    phone: { kind: 'phone', label: 'Phone', search: true },
    position: { kind: 'text', label: 'Position', sortable: true, search: true, list: true },
    department: { kind: 'text', label: 'Department', sortable: true, filter: true, list: true },
    hireDate: { kind: 'date', label: 'Hire date', sortable: true, list: true },
    status: { kind: 'enum', label: 'Status', values: EMPLOYEE_STATUSES, default: 'active', sortable: true, filter: true, list: true },
    userId: { kind: 'ref', label: 'Member', to: 'users', onDelete: 'set null', filter: true, help: 'The workspace member this employee signs in as' },
  },
  defaultSort: 'name',
  access: CRM_ACCESS,
});

export const supplierResource = defineResource({
  name: 'supplier',
  plural: 'suppliers',
  label: 'Supplier',
  pluralLabel: 'Suppliers',
  code: { prefix: 'SUP', digits: 4 },
  title: 'name',
  fields: {
    name: { kind: 'text', label: 'Name', required: true, sortable: true, search: true, list: true },
    contactName: { kind: 'text', label: 'Contact', search: true, list: true },
    email: { kind: 'email', label: 'Email', sortable: true, search: true, list: true },
    phone: { kind: 'phone', label: 'Phone', search: true },
    category: { kind: 'text', label: 'Category', sortable: true, filter: true, list: true },
    address: { kind: 'text', label: 'Address', max: 500 },
    taxId: { kind: 'text', label: 'Tax ID', max: 50, search: true },
    notes: { kind: 'longText', label: 'Notes' },
    status: { kind: 'enum', label: 'Status', values: RECORD_STATUSES, default: 'active', sortable: true, filter: true, list: true },
  },
  defaultSort: 'name',
  access: CRM_ACCESS,
});

export const professionalResource = defineResource({
  name: 'professional',
  plural: 'professionals',
  label: 'Professional',
  pluralLabel: 'Professionals',
  code: { prefix: 'PRO', digits: 4 },
  title: 'name',
  fields: {
    name: { kind: 'text', label: 'Name', required: true, sortable: true, search: true, list: true },
    email: { kind: 'email', label: 'Email', sortable: true, search: true, list: true },
    phone: { kind: 'phone', label: 'Phone', search: true },
    specialty: { kind: 'text', label: 'Specialty', sortable: true, search: true, filter: true, list: true },
    hourlyRate: { kind: 'money', label: 'Hourly rate', sortable: true, list: true },
    currency: { kind: 'currency', label: 'Currency', default: 'usd' },
    notes: { kind: 'longText', label: 'Notes' },
    status: { kind: 'enum', label: 'Status', values: RECORD_STATUSES, default: 'active', sortable: true, filter: true, list: true },
  },
  defaultSort: 'name',
  access: CRM_ACCESS,
});

export const PROJECT_STATUSES = ['planning', 'in_progress', 'completed', 'cancelled'] as const;

export const projectResource = defineResource({
  name: 'project',
  plural: 'projects',
  label: 'Project',
  pluralLabel: 'Projects',
  code: { prefix: 'PRJ', digits: 4 },
  title: 'name',
  fields: {
    name: { kind: 'text', label: 'Name', required: true, sortable: true, search: true, list: true },
    description: { kind: 'longText', label: 'Description', search: true },
    status: { kind: 'enum', label: 'Status', values: PROJECT_STATUSES, default: 'planning', sortable: true, filter: true, list: true },
    customerId: { kind: 'ref', label: 'Client', to: 'customers', filter: true, list: true },
    budget: { kind: 'money', label: 'Budget', sortable: true, list: true },
    currency: { kind: 'currency', label: 'Currency', default: 'usd' },
    startDate: { kind: 'date', label: 'Start', sortable: true },
    dueDate: { kind: 'date', label: 'Due', sortable: true, list: true },
  },
  computed: {
    /** 0–100: the share of its tasks that are completed (0 without tasks). */
    progress: z.number().int().min(0).max(100),
  },
  defaultSort: '-createdAt',
  access: CRM_ACCESS,
});

export const TASK_STATUSES = ['pending', 'in_progress', 'completed'] as const;
export const TASK_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;

export const taskResource = defineResource({
  name: 'task',
  plural: 'tasks',
  label: 'Task',
  pluralLabel: 'Tasks',
  code: { prefix: 'TSK', digits: 4 },
  title: 'title',
  fields: {
    title: { kind: 'text', label: 'Title', required: true, max: 300, sortable: true, search: true, list: true },
    description: { kind: 'longText', label: 'Description', search: true },
    projectId: { kind: 'ref', label: 'Project', to: 'projects', onDelete: 'cascade', filter: true, list: true },
    status: { kind: 'enum', label: 'Status', values: TASK_STATUSES, default: 'pending', sortable: true, filter: true, list: true },
    priority: { kind: 'enum', label: 'Priority', values: TASK_PRIORITIES, default: 'medium', sortable: true, filter: true, list: true },
    assigneeEmployeeId: { kind: 'ref', label: 'Assignee', to: 'employees', onDelete: 'set null', filter: true, list: true },
    dueDate: { kind: 'date', label: 'Due', sortable: true, list: true },
    position: { kind: 'int', label: 'Position', readOnly: true, sortable: true },
  },
  ranges: { dueBefore: { field: 'dueDate', op: '<=' } },
  defaultSort: 'position',
  access: CRM_ACCESS,
});

export const crmResources = [employeeResource, supplierResource, professionalResource, projectResource, taskResource] as const;

/**
 * A kanban move: the task goes to column `status` of its board (its project, or the workspace's tasks without a
 * project), right after `afterId` or right before `beforeId` (a task of that same column), or, with neither, to
 * the end of the column (where a new task, or a PATCH of its status, puts it too).
 */
export const moveTaskBodySchema = z
  .strictObject({
    status: z.enum(TASK_STATUSES),
    afterId: idSchema.optional(),
    beforeId: idSchema.optional(),
  })
  .refine((b) => !(b.afterId && b.beforeId), { message: 'Give afterId or beforeId, not both', path: ['beforeId'] });
export type MoveTaskBody = z.output<typeof moveTaskBodySchema>;

/** The crm domain's endpoints: each record type's seven, and the task board's move. */
export const crmEndpoints = {
  ...resourceEndpoints(employeeResource),
  ...resourceEndpoints(supplierResource),
  ...resourceEndpoints(professionalResource),
  ...resourceEndpoints(projectResource),
  ...resourceEndpoints(taskResource),
  moveTask: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/tasks/:id/move',
    access: CRM_ACCESS.write,
    summary:
      'Put a task in a column of its board (its project, or the tasks without one): `status` is the column, `afterId` or `beforeId` a task of that column to place it next to (neither: the end of the column); 422 when that task is not in the column',
    params: itemParamsSchema,
    body: moveTaskBodySchema,
    example: { status: 'in_progress' },
    response: resourceSchemas(taskResource).record,
  }),
};

/**
 * A board column renumbered (a move found no room between two neighbours): every task of the column with its new
 * position, in order. Sent with the moved task's `task.updated`; a column too long for one event comes in several.
 */
export const taskReorderedSchema = z.object({
  projectId: idSchema.nullable(),
  status: z.enum(TASK_STATUSES),
  positions: z.array(z.object({ id: idSchema, position: z.number().int() })),
});

export const crmEvents = {
  ...resourceEvents(employeeResource),
  ...resourceEvents(supplierResource),
  ...resourceEvents(professionalResource),
  ...resourceEvents(projectResource),
  ...resourceEvents(taskResource),
  'task.reordered': taskReorderedSchema,
};

export const crmActivity = {
  ...resourceActivity(employeeResource),
  ...resourceActivity(supplierResource),
  ...resourceActivity(professionalResource),
  ...resourceActivity(projectResource),
  ...resourceActivity(taskResource),
};
