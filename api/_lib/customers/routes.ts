// /api/workspaces/{wid}/customers (served by the inbox function): viewers read, agents write, admins delete.
import { CUSTOMER_CSV_COLUMNS, customerEndpoints } from '../../../contracts/customers.js';
import { csvBody, streamCsv } from '../http/csv.js';
import { readRawBody } from '../http/raw-body.js';
import { ApiError, notFound } from '../http/errors.js';
import { implement } from '../http/implement.js';
import { readCustomer, readCustomerPage, readCustomers, toCustomer, type CustomerRow } from './queries.js';
import { createCustomer, deleteCustomer, importCustomers, updateCustomer } from './service.js';

export const routes = implement(customerEndpoints, {
  listCustomers: (ctx, { query }) => readCustomers(ctx.scope, query),
  createCustomer: (ctx, { body }) => createCustomer(ctx, body),
  async exportCustomers(ctx, { query }) {
    await streamCsv(
      ctx.res,
      'customers.csv',
      [...CUSTOMER_CSV_COLUMNS],
      (row: CustomerRow & { id: string; sortValue: string }) => {
        const c = toCustomer(row);
        return [c.code, c.name, c.email, c.phone, c.company, c.tags.join(';'), c.address, c.taxId, c.notes, c.status];
      },
      (after, limit) => readCustomerPage(ctx.scope, query, after && { value: after.sortValue, id: after.id }, limit),
    );
    return undefined;
  },
  async importCustomers(ctx, { query }) {
    const type = String(ctx.req.headers['content-type'] ?? '');
    if (!/^text\/(csv|plain)\b/i.test(type)) throw new ApiError(415, 'unsupported_media_type', 'Send the CSV as text/csv');
    return importCustomers(ctx, csvBody(await readRawBody(ctx.req)), query.dryRun ?? false);
  },
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
