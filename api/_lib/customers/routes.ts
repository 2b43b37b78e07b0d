// /api/workspaces/{wid}/customers (served by api/inbox/[...path].ts): viewers read, agents write, admins delete.
import { z } from 'zod';
import { createCustomerBodySchema, customerListQuerySchema, updateCustomerBodySchema } from '../../../contracts/inbox.js';
import { notFound } from '../http/errors.js';
import { route } from '../http/route.js';
import { getCustomer, listCustomers } from './queries.js';
import { createCustomer, deleteCustomer, updateCustomer } from './service.js';

const listParams = z.object({ wid: z.uuid() });
const itemParams = z.object({ wid: z.uuid(), id: z.uuid() });

export const customerRoutes = [
  route({
    method: 'GET',
    path: '/:wid/customers',
    access: 'viewer',
    params: listParams,
    query: customerListQuerySchema,
    handle: (ctx, { query }) => listCustomers(ctx.db, ctx.workspaceId, query),
  }),

  route({
    method: 'POST',
    path: '/:wid/customers',
    access: 'agent',
    params: listParams,
    body: createCustomerBodySchema,
    status: 201,
    handle: (ctx, { body }) => createCustomer(ctx, body),
  }),

  route({
    method: 'GET',
    path: '/:wid/customers/:id',
    access: 'viewer',
    params: itemParams,
    async handle(ctx, { params }) {
      const customer = await getCustomer(ctx.db, ctx.workspaceId, params.id);
      if (!customer) throw notFound('Customer');
      return customer;
    },
  }),

  route({
    method: 'PATCH',
    path: '/:wid/customers/:id',
    access: 'agent',
    params: itemParams,
    body: updateCustomerBodySchema,
    handle: (ctx, { params, body }) => updateCustomer(ctx, params.id, body),
  }),

  route({
    method: 'DELETE',
    path: '/:wid/customers/:id',
    access: 'admin',
    params: itemParams,
    async handle(ctx, { params }) {
      await deleteCustomer(ctx, params.id);
      return undefined;
    },
  }),
];
