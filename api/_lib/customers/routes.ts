// /api/workspaces/{wid}/customers (served by the inbox function): viewers read, agents write, admins delete.
import { customerEndpoints } from '../../../contracts/customers.js';
import { notFound } from '../http/errors.js';
import { implement } from '../http/implement.js';
import { readCustomer, readCustomers } from './queries.js';
import { createCustomer, deleteCustomer, updateCustomer } from './service.js';

export const routes = implement(customerEndpoints, {
  listCustomers: (ctx, { query }) => readCustomers(ctx.scope, query),
  createCustomer: (ctx, { body }) => createCustomer(ctx, body),
  async getCustomer(ctx, { params }) {
    const customer = await readCustomer(ctx.scope, params.id);
    if (!customer) throw notFound('Customer');
    return customer;
  },
  updateCustomer: (ctx, { params, body }) => updateCustomer(ctx, params.id, body),
  async deleteCustomer(ctx, { params }) {
    await deleteCustomer(ctx, params.id);
    return undefined;
  },
});
