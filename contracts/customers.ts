// /api/workspaces/{wid}/customers (served by the inbox function): customer schemas, endpoints and events.
import { z } from 'zod';
import { endpoint } from './endpoint.js';
import {
  NUL_MESSAGE,
  importQuerySchema,
  importResultSchema,
  sortSchema,
  emailSchema,
  TAG_MAX_LENGTH,
  hasNoNul,
  idSchema,
  itemParamsSchema,
  listQuerySchema,
  listResponseSchema,
  tagsSchema,
  timestampSchema,
  trimmedText,
  workspaceParamsSchema,
} from './common.js';

export const customerSchema = z.object({
  id: idSchema,
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  company: z.string().nullable(),
  tags: z.array(z.string()),
  /** The client fields (API.md "CRM": clients are the customers). `code` is assigned by the server (CLI-0001). */
  code: z.string(),
  address: z.string().nullable(),
  taxId: z.string().nullable(),
  notes: z.string().nullable(),
  status: z.enum(['active', 'inactive']),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Customer = z.infer<typeof customerSchema>;
export const customerListSchema = listResponseSchema(customerSchema);
export type CustomerList = z.infer<typeof customerListSchema>;

const customerNameSchema = trimmedText(200, 'Enter a name');
const phoneSchema = trimmedText(50, 'Enter a phone number');
const companySchema = trimmedText(200, 'Enter a company');
const addressSchema = trimmedText(500, 'Enter an address');
const taxIdSchema = trimmedText(50, 'Enter a tax ID');
const notesSchema = z.string().max(10_000, 'Use at most 10000 characters').refine(hasNoNul, NUL_MESSAGE);
export const CUSTOMER_STATUSES = ['active', 'inactive'] as const;
const statusSchema = z.enum(CUSTOMER_STATUSES);

/** POST /api/workspaces/{wid}/customers. Optional fields accept null as "none". */
export const createCustomerBodySchema = z.strictObject({
  name: customerNameSchema,
  email: emailSchema.nullish(),
  phone: phoneSchema.nullish(),
  company: companySchema.nullish(),
  tags: tagsSchema.optional(),
  address: addressSchema.nullish(),
  taxId: taxIdSchema.nullish(),
  notes: notesSchema.nullish(),
  status: statusSchema.optional(),
});
export type CreateCustomerBody = z.input<typeof createCustomerBodySchema>;

/** PATCH /api/workspaces/{wid}/customers/{id}: only the fields given change; null clears an optional one. */
export const updateCustomerBodySchema = z.strictObject({
  name: customerNameSchema.optional(),
  email: emailSchema.nullish(),
  phone: phoneSchema.nullish(),
  company: companySchema.nullish(),
  tags: tagsSchema.optional(),
  address: addressSchema.nullish(),
  taxId: taxIdSchema.nullish(),
  notes: notesSchema.nullish(),
  status: statusSchema.optional(),
});
export type UpdateCustomerBody = z.input<typeof updateCustomerBodySchema>;

export const CUSTOMER_SORTS = ['createdAt', 'updatedAt', 'name', 'code', 'email', 'company'] as const;
/** The filters of the customer list and its export. */
export const customerFilterSchema = z.object({
  q: z.string().trim().max(200).refine(hasNoNul, NUL_MESSAGE).optional(),
  tag: z.string().trim().max(TAG_MAX_LENGTH).refine(hasNoNul, NUL_MESSAGE).optional(),
  status: statusSchema.optional(),
  sort: sortSchema(CUSTOMER_SORTS, '-createdAt'),
});
/** GET /api/workspaces/{wid}/customers query. */
export const customerListQuerySchema = listQuerySchema.extend(customerFilterSchema.shape);

/** The CSV columns of export and import (import matches rows by `code`, else by `email`; tags are separated by `;`). */
export const CUSTOMER_CSV_COLUMNS = ['code', 'name', 'email', 'phone', 'company', 'tags', 'address', 'taxId', 'notes', 'status'] as const;
export type CustomerListQuery = z.input<typeof customerListQuerySchema>;

/** Events of customers on private-workspace-{wid}. */
export const customerEvents = {
  'customer.created': z.object({ customer: customerSchema }),
  'customer.updated': z.object({ customer: customerSchema }),
  'customer.deleted': z.object({ id: idSchema }),
  /** A large import (over 50 rows) in one event: lists refetch. */
  'customer.imported': z.object({ created: z.number().int(), updated: z.number().int() }),
};

export const customerEndpoints = {
  listCustomers: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/customers',
    access: 'viewer',
    summary:
      'Customers (the CRM’s clients), newest first; `q` searches name, email, phone, company and code; filter by `tag` and `status`; `sort` by createdAt, updatedAt, name, code, email or company',
    params: workspaceParamsSchema,
    query: customerListQuerySchema,
    response: customerListSchema,
  }),
  exportCustomers: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/customers/export',
    access: 'viewer',
    summary: 'The filtered customers as CSV (text/csv)',
    params: workspaceParamsSchema,
    query: customerFilterSchema,
    raw: true,
  }),
  importCustomers: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/customers/import',
    access: 'agent',
    summary:
      'Create or update customers from CSV (text/csv; a row with a `code` updates that customer, a row without one updates the customer with its email, other rows are created); `dryRun=true` checks without writing; any error and nothing is written',
    params: workspaceParamsSchema,
    query: importQuerySchema,
    response: importResultSchema,
    example: 'name,email,company,status\r\nImported client,imported@example.com,Acme,active\r\n',
    idempotent: true,
    raw: true,
  }),
  createCustomer: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/customers',
    access: 'agent',
    summary: 'Create a customer',
    params: workspaceParamsSchema,
    body: createCustomerBodySchema,
    example: { name: 'Grace Hopper', email: 'grace@example.com', phone: '+1 555 0100', company: 'Navy', tags: ['vip'] },
    response: customerSchema,
    status: 201,
    idempotent: true,
  }),
  getCustomer: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/customers/:id',
    access: 'viewer',
    summary: 'One customer',
    params: itemParamsSchema,
    response: customerSchema,
  }),
  updateCustomer: endpoint({
    method: 'PATCH',
    path: '/api/workspaces/:wid/customers/:id',
    access: 'agent',
    summary: 'Change a customer (only the fields given; null clears an optional one)',
    params: itemParamsSchema,
    body: updateCustomerBodySchema,
    example: { company: 'Harvard', tags: ['vip', 'research'] },
    response: customerSchema,
  }),
  deleteCustomer: endpoint({
    method: 'DELETE',
    path: '/api/workspaces/:wid/customers/:id',
    access: 'admin',
    summary: 'Delete a customer and their conversations',
    params: itemParamsSchema,
  }),
};
