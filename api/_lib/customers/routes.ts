// /api/workspaces/{wid}/customers (served by the inbox function): viewers read, agents write, admins delete.
import { customerEndpoints } from '../../../contracts/customers.js';
import { notFound } from '../http/errors.js';
import { implement } from '../http/implement.js';
import { getCustomer, listCustomers } from './queries.js';
import { createCustomer, deleteCustomer, updateCustomer } from './service.js';

export const routes = implement(customerEndpoints, {
  listCustomers: (ctx, { query }) => listCustomers(ctx.db, ctx.workspaceId, query),
  createCustomer: (ctx, { body }) => createCustomer(ctx, body),
  async getCustomer(ctx, { params }) {
    const customer = await getCustomer(ctx.db, ctx.workspaceId, params.id);
    if (!customer) throw notFound('Customer');
    return customer;
  },
  updateCustomer: (ctx, { params, body }) => updateCustomer(ctx, params.id, body),
  async deleteCustomer(ctx, { params }) {
    await deleteCustomer(ctx, params.id);
    return undefined;
  },
});
