// The batch status machine (contracts/operations.ts BATCH_TRANSITIONS), its electronic signatures and its
// append-only history. A transition is one transaction that locks the batch row first (`for update`), so
// concurrent transitions of one batch queue and each sees the status the one before it left: of two racing
// starts, exactly one wins. Starting consumes the inputs from the plant's stock in the same transaction.
// Release and reject need a signature by a member other than the one who started the batch; a refused
// signature is kept in the history by a transaction that commits although the request is refused.
import { waitUntil } from '@vercel/functions';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  BATCH_TRANSITIONS,
  batchResource,
  SIGNATURE_FAILURE_LIMIT,
  SIGNED_TRANSITIONS,
  type Batch,
  type BatchHistoryKind,
  type BatchSignature,
  type BatchStatus,
  type SIGNATURE_REFUSALS,
  type transitionBodySchema,
} from '../../../contracts/operations.js';
import { rowsOf, type Tx } from '../../../db/client.js';
import { recordActivity } from '../activity/record.js';
import { verifyPassword } from '../auth/passwords.js';
import { withEvents, workspaceEvent, type DomainEvent } from '../events/outbox.js';
import { ApiError, forbidden, invalidField, notFound, validationFailed } from '../http/errors.js';
import { consume, rateLimited, hashKey } from '../http/rate-limit.js';
import type { MemberContext } from '../http/route.js';
import type { WriteHooks } from '../resources/service.js';
import { resourceQueries } from '../resources/sql.js';
import { consumeInputs, lowStockNotices } from './stock.js';

export const batchQueries = resourceQueries(batchResource);

type Refusal = (typeof SIGNATURE_REFUSALS)[number];

interface HistoryRow {
  kind: BatchHistoryKind;
  from?: BatchStatus | null;
  to?: BatchStatus | null;
  reason?: string | null;
  signature?: BatchSignature | null;
  details?: Record<string, unknown> | null;
}

/** Appends one row to a batch's history, with the actor's name as it is now. */
export async function appendHistory(tx: Tx, ctx: MemberContext, batchId: string, row: HistoryRow): Promise<void> {
  await tx.execute(
    sql`insert into batch_history (workspace_id, batch_id, kind, from_status, to_status, reason, actor_id, actor_name, signature, details)
        values (${ctx.workspaceId}::uuid, ${batchId}::uuid, ${row.kind}, ${row.from ?? null}, ${row.to ?? null}, ${row.reason ?? null}, ${ctx.user.id}::uuid,
          ${ctx.user.name}, ${row.signature ? JSON.stringify(row.signature) : null}::jsonb, ${row.details ? JSON.stringify(row.details) : null}::jsonb)`,
  );
}

/** The fields that describe what a batch is made of: fixed once it has started (its inputs were taken). */
const FIXED_ONCE_STARTED = ['plantId', 'inputs'];

/** Refuses inputs naming a material that is not this workspace's. */
async function checkInputs(tx: Tx, ctx: MemberContext, inputs: { materialId: string }[] | null): Promise<void> {
  if (!inputs || inputs.length === 0) return;
  const ids = [...new Set(inputs.map((i) => i.materialId))];
  const found = await rowsOf<{ id: string }>(
    tx,
    sql`select id from materials where workspace_id = ${ctx.workspaceId} and id in (${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`,
  );
  const known = new Set(found.map((f) => f.id));
  const details = inputs.flatMap((input, i) =>
    known.has(input.materialId) ? [] : [{ path: `body.inputs.${i}.materialId`, message: 'No such material in this workspace' }],
  );
  if (details.length > 0) throw validationFailed(details);
}

/** The generic resource's hooks for batches: the creator, and a history row per create and update. */
export const batchHooks: WriteHooks = {
  onCreate: (ctx) => ({ createdBy: ctx.user.id }),
  inUse: 'A batch is kept with its history: cancel it instead',
  async afterWrite(tx, ctx, change) {
    if (change.kind === 'deleted') return;
    const record = change.record as Batch;
    if (change.kind === 'created') {
      await checkInputs(tx, ctx, record.inputs);
      await appendHistory(tx, ctx, record.id, { kind: 'created', to: record.status });
      return;
    }
    if (change.fields.length === 0) return;
    if (record.status !== 'planned' && change.fields.some((f) => FIXED_ONCE_STARTED.includes(f))) {
      throw new ApiError(409, 'conflict', 'The plant and inputs of a batch cannot change once it has started', [{ path: 'status', message: record.status }]);
    }
    if (change.fields.includes('inputs')) await checkInputs(tx, ctx, record.inputs);
    const labels = change.fields.map((key) => batchResource.fields[key as keyof typeof batchResource.fields]?.label.toLowerCase() ?? key);
    await appendHistory(tx, ctx, record.id, { kind: 'updated', details: { fields: labels } });
  },
};

type LockedRow = Record<string, unknown> & { starterId_: string | null; passwordHash_: string | null; failures_: number | null };

const SIGNATURE_BUCKET = 'signature:address';

/**
 * POST /batches/{id}/transition. Every check runs under the batch row's lock, in one transaction: the move
 * allowed from the current status (409 naming the allowed targets), the produced quantity, and for release and
 * reject the signature (422 missing, 429 after too many wrong passwords from the address, 403 by the starter or
 * with a wrong password). A refused signature commits its history row and nothing else.
 */
export async function transitionBatch(ctx: MemberContext, id: string, body: z.output<typeof transitionBodySchema>): Promise<Batch> {
  const to = body.to;
  const signed = SIGNED_TRANSITIONS.includes(to);
  const address = hashKey(ctx.ip ?? 'unknown');
  // The kernel runs a request's after-work (the events' dispatch) only when it succeeds; a refused signature's
  // event must go out all the same, so the dispatch is queued here and started by whichever way this ends.
  const deferred: (() => Promise<unknown>)[] = [];
  const origin = { db: ctx.db, socketId: ctx.socketId, after: (task: () => Promise<unknown>) => void deferred.push(task) };
  const outcome = await withEvents(origin, async (tx, emit): Promise<{ batch: Batch } | { refused: ApiError }> => {
    const [row] = await rowsOf<LockedRow>(
      tx,
      sql`select ${sql.raw(batchQueries.select)},
          (select h.actor_id from batch_history h where h.workspace_id = r.workspace_id and h.batch_id = r.id and h.kind = 'transition'
             and h.from_status = 'planned' and h.to_status = 'in_progress' order by h.id limit 1) as "starterId_",
          ${signed ? sql`(select password_hash from users where id = ${ctx.user.id}::uuid)` : sql`null::text`} as "passwordHash_",
          ${
            signed
              ? sql`(select hits from rate_limits where bucket = ${SIGNATURE_BUCKET} and key = ${address} and expires_at > now() order by window_start desc limit 1)`
              : sql`null::int`
          } as "failures_"
        from batches r where r.workspace_id = ${ctx.workspaceId} and r.id = ${id}::uuid for update of r`,
    );
    if (!row) throw notFound('Batch');
    const batch = batchQueries.toRecord(row) as Batch;
    const from = batch.status;
    const allowed = BATCH_TRANSITIONS[from];
    if (!allowed.includes(to)) {
      const said = (s: string) => s.replace(/_/g, ' ');
      throw new ApiError(
        409,
        'invalid_transition',
        allowed.length === 0 ? `A ${said(from)} batch cannot change` : `A ${said(from)} batch can move to ${allowed.map(said).join(' or ')}, not ${said(to)}`,
        allowed.map((s) => ({ path: 'to', message: s })),
      );
    }
    if (to === 'released' && body.producedQuantity === undefined) throw invalidField('producedQuantity', 'Enter the quantity produced');
    if (!signed && body.producedQuantity !== undefined) throw invalidField('producedQuantity', 'Only a release or a rejection records a produced quantity');

    let signature: BatchSignature | null = null;
    if (signed) {
      const refuse = async (refusal: Refusal, error: ApiError) => {
        await appendHistory(tx, ctx, id, { kind: 'signature_refused', from, to, reason: error.message, details: { refusal } });
        emit(workspaceEvent(ctx.workspaceId, 'batch.signature_refused', { id }));
        return { refused: error };
      };
      if (!body.signature) {
        return refuse(
          'missing',
          validationFailed(
            [{ path: 'signature', message: 'Sign with your password and what the signature means' }],
            `${to === 'released' ? 'Releasing' : 'Rejecting'} a batch needs an electronic signature`,
          ),
        );
      }
      if ((row.failures_ ?? 0) >= SIGNATURE_FAILURE_LIMIT.limit) {
        const [window] = await rowsOf<{ wait: number }>(
          tx,
          sql`select extract(epoch from max(expires_at) - now())::float8 as wait from rate_limits where bucket = ${SIGNATURE_BUCKET} and key = ${address}`,
        );
        return refuse(
          'rate_limited',
          rateLimited(window?.wait ?? SIGNATURE_FAILURE_LIMIT.windowSeconds, 'Too many wrong signature passwords from this address'),
        );
      }
      const starter = row.starterId_ ?? batch.createdBy;
      if (starter === ctx.user.id) {
        return refuse('starter', forbidden('You started this batch: another member must sign its release or rejection'));
      }
      if (!(await verifyPassword(body.signature.password, row.passwordHash_))) {
        // Counted per address, in this transaction (which commits with the refusal).
        await consume(tx, [{ bucket: SIGNATURE_BUCKET, key: ctx.ip ?? 'unknown', ...SIGNATURE_FAILURE_LIMIT }]).catch((err: unknown) => {
          if (!(err instanceof ApiError && err.status === 429)) throw err;
        });
        return refuse(
          'wrong_password',
          new ApiError(403, 'forbidden', 'That is not your password: the signature was refused', [
            { path: 'signature.password', message: 'That is not your password' },
          ]),
        );
      }
      signature = { signerId: ctx.user.id, signerName: ctx.user.name, meaning: body.signature.meaning, signedAt: new Date().toISOString() };
    }

    const events: DomainEvent[] = [];
    if (from === 'planned' && to === 'in_progress') {
      const taken = await consumeInputs(tx, ctx, { id, code: batch.code, plantId: batch.plantId }, batch.inputs ?? []);
      events.push(...(await lowStockNotices(tx, ctx, taken)));
      // Stock lists follow (the materials feature refreshes on it).
      for (const t of taken)
        events.push(workspaceEvent(ctx.workspaceId, 'material.stock_changed', { id: t.materialId, plantId: t.plantId, quantity: t.after }));
    }
    const completes = signed;
    const [written] = await rowsOf<Record<string, unknown>>(
      tx,
      sql`with r as (
            update batches set status = ${to}, updated_at = now()
              ${from === 'planned' && to === 'in_progress' ? sql`, started_at = now()` : sql``}
              ${completes ? sql`, completed_at = now()` : sql``}
              ${body.producedQuantity !== undefined ? sql`, produced_quantity = ${body.producedQuantity}::int` : sql``}
            where workspace_id = ${ctx.workspaceId} and id = ${id}::uuid
            returning *
          ), h as (
            insert into batch_history (workspace_id, batch_id, kind, from_status, to_status, reason, actor_id, actor_name, signature)
            select r.workspace_id, r.id, 'transition', ${from}, ${to}, ${body.reason || null}, ${ctx.user.id}::uuid, ${ctx.user.name},
              ${signature ? JSON.stringify(signature) : null}::jsonb from r
          )
          select ${sql.raw(batchQueries.select)} from r`,
    );
    const updated = batchQueries.toRecord(written!) as Batch;
    await recordActivity(tx, {
      workspaceId: ctx.workspaceId,
      actorId: ctx.user.id,
      action: 'batch.status_changed',
      subjectId: id,
      metadata: { code: updated.code, name: updated.product, from, to, ...(body.reason ? { reason: body.reason } : {}) },
    });
    emit(workspaceEvent(ctx.workspaceId, 'batch.updated', { batch: updated }), ...events);
    return { batch: updated };
  });
  if ('refused' in outcome) {
    for (const task of deferred) waitUntil(task().catch((err: unknown) => console.error('[after]', err)));
    throw outcome.refused;
  }
  for (const task of deferred) ctx.after(task);
  return outcome.batch;
}
