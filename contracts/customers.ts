// /api/workspaces/{wid}/customers endpoints (served by the inbox function).
import { endpoint } from './endpoint.js';
import { itemParamsSchema, workspaceParamsSchema } from './common.js';
import { createCustomerBodySchema, customerListQuerySchema, customerListSchema, customerSchema, updateCustomerBodySchema } from './inbox.js';

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
