// Writes to customers: each in one transaction with its activity row and its domain event (the outbox
// dispatches it after the commit).
import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { isForeignKeyViolation, isUniqueViolation } from '../../../db/client.js';
import { type createCustomerBodySchema, type Customer, type updateCustomerBodySchema } from '../../../contracts/customers.js';
import { customers } from '../../../db/schema/inbox.js';
import { recordActivity } from '../activity/record.js';
import { ApiError, conflict, notFound } from '../http/errors.js';
import type { MemberContext } from '../http/route.js';
import { withEvents, workspaceEvent } from '../events/outbox.js';
import { scoped } from '../scoped.js';
import { customerColumns, toCustomer } from './queries.js';

type CreateCustomerBody = z.output<typeof createCustomerBodySchema>;
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
          metadata: { fields },
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
