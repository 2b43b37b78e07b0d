// Writes to customers: each in one transaction with its activity row and its domain event (the outbox
// dispatches it after the commit).
import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { isForeignKeyViolation, isUniqueViolation, rowsOf, type Db, type Tx } from '../../../db/client.js';
import type { ImportResult } from '../../../contracts/common.js';
import { CUSTOMER_CSV_COLUMNS, createCustomerBodySchema, type Customer, type updateCustomerBodySchema } from '../../../contracts/customers.js';
import { customers } from '../../../db/schema/inbox.js';
import { recordActivity } from '../activity/record.js';
import { csvRecords, uncell } from '../http/csv.js';
import { reserveCodes } from '../resources/codes.js';
import { ApiError, conflict, notFound, validationFailed } from '../http/errors.js';
import type { MemberContext } from '../http/route.js';
import { withEvents, workspaceEvent } from '../events/outbox.js';
import { scoped } from '../scoped.js';
import { CUSTOMER_SELECT, customerColumns, toCustomer, type CustomerRow } from './queries.js';

type CreateCustomerBody = z.output<typeof createCustomerBodySchema>;

/** Client codes (CLI-0001), as the customers_code trigger of migration 0008 numbers single inserts. */
const CLIENT_CODE = { prefix: 'CLI', digits: 4 };
type UpdateCustomerBody = z.output<typeof updateCustomerBodySchema>;

const duplicateEmail = () => conflict('Another customer in this workspace has this email');

/** Tags de-duplicated, in the order given. */
export const uniqueTags = (tags: string[]) => [...new Set(tags)];

const normalizeEmail = (email: string | null | undefined) => (email == null ? email : email.trim().toLowerCase());

export async function createCustomer(ctx: MemberContext, body: CreateCustomerBody): Promise<Customer> {
  let customer: Customer;
  try {
    customer = await withEvents(ctx, async (tx, emit) => {
      const [row] = await scoped(tx, ctx.workspaceId)
        .insert(customers, {
          name: body.name,
          email: normalizeEmail(body.email) ?? null,
          phone: body.phone ?? null,
          company: body.company ?? null,
          tags: uniqueTags(body.tags ?? []),
          address: body.address ?? null,
          taxId: body.taxId ?? null,
          notes: body.notes ?? null,
          status: body.status ?? 'active',
        })
        .returning(customerColumns);
      await recordActivity(tx, {
        workspaceId: ctx.workspaceId,
        actorId: ctx.user.id,
        action: 'customer.created',
        subjectId: row!.id,
        metadata: { name: row!.name },
      });
      const created = toCustomer(row!);
      emit(workspaceEvent(ctx.workspaceId, 'customer.created', { customer: created }));
      return created;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicateEmail();
    throw err;
  }
  return customer;
}

export async function updateCustomer(ctx: MemberContext, id: string, body: UpdateCustomerBody): Promise<Customer> {
  const changes: Partial<typeof customers.$inferInsert> = {};
  if (body.name !== undefined) changes.name = body.name;
  if (body.email !== undefined) changes.email = normalizeEmail(body.email);
  if (body.phone !== undefined) changes.phone = body.phone;
  if (body.company !== undefined) changes.company = body.company;
  if (body.tags !== undefined) changes.tags = uniqueTags(body.tags);
  if (body.address !== undefined) changes.address = body.address;
  if (body.taxId !== undefined) changes.taxId = body.taxId;
  if (body.notes !== undefined) changes.notes = body.notes;
  if (body.status !== undefined) changes.status = body.status;
  const fields = Object.keys(changes);
  let customer: Customer;
  try {
    customer = await withEvents(ctx, async (tx, emit) => {
      const [row] = await scoped(tx, ctx.workspaceId)
        .update(customers, { ...changes, updatedAt: sql`now()` }, eq(customers.id, id))
        .returning(customerColumns);
      if (!row) throw notFound('Customer');
      if (fields.length > 0) {
        await recordActivity(tx, {
          workspaceId: ctx.workspaceId,
          actorId: ctx.user.id,
          action: 'customer.updated',
          subjectId: id,
          metadata: { fields, name: row.name },
        });
      }
      const updated = toCustomer(row);
      emit(workspaceEvent(ctx.workspaceId, 'customer.updated', { customer: updated }));
      return updated;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicateEmail();
    throw err;
  }
  return customer;
}

/** Deletes the customer and, by cascade, their conversations and messages. */
export async function deleteCustomer(ctx: MemberContext, id: string): Promise<void> {
  try {
    await withEvents(ctx, async (tx, emit) => {
      const [row] = await scoped(tx, ctx.workspaceId).delete(customers, eq(customers.id, id)).returning({ id: customers.id, name: customers.name });
      if (!row) throw notFound('Customer');
      await recordActivity(tx, {
        workspaceId: ctx.workspaceId,
        actorId: ctx.user.id,
        action: 'customer.deleted',
        subjectId: id,
        metadata: { name: row.name },
      });
      emit(workspaceEvent(ctx.workspaceId, 'customer.deleted', { id }));
    });
  } catch (err) {
    // Projects name their client with a reference that refuses the delete.
    if (isForeignKeyViolation(err)) throw new ApiError(409, 'in_use', 'This customer is the client of projects: change or delete them first');
    throw err;
  }
}

/** A CSV row as the create schema's input: blank optional cells are null, tags split on `;`. */
function rowInput(values: Record<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(values)) {
    if (key === 'code') continue;
    const value = uncell(raw).trim();
    if (key === 'tags')
      input.tags = value
        .split(';')
        .map((t) => t.trim())
        .filter(Boolean);
    else if (key === 'status') input.status = value === '' ? undefined : value;
    else input[key] = value === '' && key !== 'name' ? null : value;
  }
  return input;
}

/**
 * POST /customers/import: every row is checked first, and any error means nothing is written. A row with a code
 * updates that customer (the code must be one of the workspace's), a row without one updates the customer with
 * its email, other rows are created; one statement each for the updates and the inserts, in one transaction.
 */
export async function importCustomers(ctx: MemberContext, csv: string, dryRun: boolean): Promise<ImportResult> {
  const records = csvRecords(csv, CUSTOMER_CSV_COLUMNS, ['name']);
  if (records.length > 10_000) throw validationFailed([{ path: 'body', message: 'Too many rows' }], 'Import at most 10000 rows at a time');
  const errors: ImportResult['errors'] = [];
  const valid: { row: number; code: string | null; data: CreateCustomerBody }[] = [];
  const seenEmail = new Map<string, number>();
  const seenCode = new Map<string, number>();
  for (const { row, values } of records) {
    const parsed = createCustomerBodySchema.safeParse(rowInput(values));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ row, path: issue.path.join('.') || 'row', message: issue.message });
      continue;
    }
    const email = normalizeEmail(parsed.data.email);
    const code = uncell(values.code ?? '').trim() || null;
    for (const [key, value, seen] of [
      ['email', email, seenEmail],
      ['code', code, seenCode],
    ] as const) {
      if (!value) continue;
      const first = seen.get(value);
      if (first !== undefined) errors.push({ row, path: key, message: `Row ${first} has this ${key} too` });
      seen.set(value, row);
    }
    valid.push({ row, code, data: { ...parsed.data, email } });
  }
  if (errors.length > 0) return { created: 0, updated: 0, errors };
  const emails = valid.flatMap((v) => (v.data.email ? [v.data.email] : []));
  const codes = valid.flatMap((v) => (v.code ? [v.code] : []));
  /** Which rows update which customer (by code, else by email) and which are new; unknown codes are errors. */
  const classify = async (db: Db | Tx) => {
    const known =
      emails.length + codes.length === 0
        ? []
        : await rowsOf<{ id: string; code: string; email: string | null }>(
            db,
            sql`select id, code, lower(email) as email from customers where workspace_id = ${ctx.workspaceId}
              and (lower(email) in (select jsonb_array_elements_text(${JSON.stringify(emails)}::jsonb))
                or code in (select jsonb_array_elements_text(${JSON.stringify(codes)}::jsonb)))`,
          );
    const byCode = new Map(known.map((k) => [k.code, k.id]));
    const byEmail = new Map(known.flatMap((k) => (k.email ? [[k.email, k.id] as const] : [])));
    const refused: ImportResult['errors'] = [];
    const rows = valid.map((v) => {
      const id = v.code ? byCode.get(v.code) : v.data.email ? byEmail.get(v.data.email) : undefined;
      if (v.code && !id) refused.push({ row: v.row, path: 'code', message: `No customer has the code ${v.code}` });
      return { ...v, id };
    });
    return { refused, updates: rows.filter((r) => r.id), creates: rows.filter((r) => !r.id) };
  };
  if (dryRun || valid.length === 0) {
    const { refused, updates, creates } = await classify(ctx.db);
    return refused.length > 0 ? { created: 0, updated: 0, errors: refused } : { created: creates.length, updated: updates.length, errors };
  }
  const given = new Set(Object.keys(records[0]?.values ?? {}));
  const json = (list: { data: CreateCustomerBody; id?: string }[]) =>
    JSON.stringify(
      list.map(({ data, id }, i) => ({
        id: id ?? null,
        ord_: i + 1,
        name: data.name,
        email: data.email ?? null,
        phone: data.phone ?? null,
        company: data.company ?? null,
        tags: uniqueTags(data.tags ?? []),
        address: data.address ?? null,
        tax_id: data.taxId ?? null,
        notes: data.notes ?? null,
        status: data.status ?? 'active',
      })),
    );
  const recordset = sql.raw(
    'id uuid, ord_ int, name text, email text, phone text, company text, tags text[], address text, tax_id text, notes text, status text',
  );
  // An update changes the columns the CSV has; a blank status keeps the customer's.
  const columns = ['name', 'email', 'phone', 'company', 'tags', 'address', 'tax_id', 'notes', 'status'].filter((c) => given.has(c === 'tax_id' ? 'taxId' : c));
  const assignments = sql.raw(
    [...columns.map((c) => (c === 'status' ? 'status = coalesce(x.status, c.status)' : `${c} = x.${c}`)), 'updated_at = now()'].join(', '),
  );
  try {
    return await withEvents(ctx, async (tx, emit) => {
      // Classified in the write's transaction, so a customer deleted meanwhile is an error, not a lost row.
      const { refused, updates, creates } = await classify(tx);
      if (refused.length > 0) return { created: 0, updated: 0, errors: refused };
      const touched: (CustomerRow & { created_: boolean })[] = [];
      const codes = reserveCodes(CLIENT_CODE, ctx.workspaceId, creates.length);
      if (creates.length > 0)
        touched.push(
          ...(await rowsOf<CustomerRow & { created_: boolean }>(
            tx,
            sql`with ${codes.cte}, r as (insert into customers (workspace_id, code, name, email, phone, company, tags, address, tax_id, notes, status)
            select ${ctx.workspaceId}::uuid, ${codes.code(sql.raw('x.ord_'))}, x.name, x.email, x.phone, x.company, x.tags, x.address, x.tax_id, x.notes, x.status
            from codes_, jsonb_to_recordset(${json(creates)}::jsonb) as x(${recordset}) order by x.ord_ returning *)
            select ${sql.raw(CUSTOMER_SELECT)}, true as "created_" from r`,
          )),
        );
      if (updates.length > 0)
        touched.push(
          ...(await rowsOf<CustomerRow & { created_: boolean }>(
            tx,
            sql`with r as (update customers c set ${assignments} from jsonb_to_recordset(${json(updates)}::jsonb) as x(${recordset})
            where c.workspace_id = ${ctx.workspaceId} and c.id = x.id returning c.*)
            select ${sql.raw(CUSTOMER_SELECT)}, false as "created_" from r`,
          )),
        );
      await recordActivity(tx, {
        workspaceId: ctx.workspaceId,
        actorId: ctx.user.id,
        action: 'customer.imported',
        subjectId: touched[0]?.id ?? ctx.workspaceId,
        metadata: { created: creates.length, updated: updates.length },
      });
      if (touched.length <= 50)
        for (const row of touched) emit(workspaceEvent(ctx.workspaceId, row.created_ ? 'customer.created' : 'customer.updated', { customer: toCustomer(row) }));
      else emit(workspaceEvent(ctx.workspaceId, 'customer.imported', { created: creates.length, updated: updates.length }));
      return { created: creates.length, updated: updates.length, errors };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('A row gives a customer the email of another customer of this workspace');
    throw err;
  }
}
