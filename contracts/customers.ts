// /api/workspaces/{wid}/customers (served by the inbox function): customer schemas, endpoints and events.
import { z } from 'zod';
import { endpoint } from './endpoint.js';
import {
  NUL_MESSAGE,
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
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Customer = z.infer<typeof customerSchema>;
export const customerListSchema = listResponseSchema(customerSchema);
export type CustomerList = z.infer<typeof customerListSchema>;

const customerNameSchema = trimmedText(200, 'Enter a name');
const phoneSchema = trimmedText(50, 'Enter a phone number');
const companySchema = trimmedText(200, 'Enter a company');

/** POST /api/workspaces/{wid}/customers. Optional fields accept null as "none". */
export const createCustomerBodySchema = z.strictObject({
  name: customerNameSchema,
  email: emailSchema.nullish(),
  phone: phoneSchema.nullish(),
  company: companySchema.nullish(),
  tags: tagsSchema.optional(),
});
export type CreateCustomerBody = z.input<typeof createCustomerBodySchema>;

/** PATCH /api/workspaces/{wid}/customers/{id}: only the fields given change; null clears an optional one. */
export const updateCustomerBodySchema = z.strictObject({
  name: customerNameSchema.optional(),
  email: emailSchema.nullish(),
  phone: phoneSchema.nullish(),
  company: companySchema.nullish(),
  tags: tagsSchema.optional(),
});
export type UpdateCustomerBody = z.input<typeof updateCustomerBodySchema>;

/** GET /api/workspaces/{wid}/customers query. */
export const customerListQuerySchema = listQuerySchema.extend({
  q: z.string().trim().max(200).refine(hasNoNul, NUL_MESSAGE).optional(),
  tag: z.string().trim().max(TAG_MAX_LENGTH).refine(hasNoNul, NUL_MESSAGE).optional(),
});
export type CustomerListQuery = z.input<typeof customerListQuerySchema>;

/** Events of customers on private-workspace-{wid}. */
export const customerEvents = {
  'customer.created': z.object({ customer: customerSchema }),
  'customer.updated': z.object({ customer: customerSchema }),
  'customer.deleted': z.object({ id: idSchema }),
};

export const customerEndpoints = {
  listCustomers: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/customers',
    access: 'viewer',
    summary: 'Customers, newest first; `q` searches name, email, phone and company',
    params: workspaceParamsSchema,
    query: customerListQuerySchema,
    response: customerListSchema,
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
