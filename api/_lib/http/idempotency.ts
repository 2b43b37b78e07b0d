// Idempotency-Key (API.md, "Conventions added in round 2"): a client that lost the answer to a POST can send
// it again with the same key and get the first answer back instead of a second effect. Keys live in the
// `idempotency_keys` table per (workspace, caller, key) for 24 hours. A row without a status is a request
// still running; claiming the key is one INSERT … ON CONFLICT, so of two concurrent requests only one runs.
import { createHash } from 'node:crypto';
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { idempotencyKeys } from '../../../db/schema/platform.js';
import { ApiError } from './errors.js';

export interface IdempotentScope {
  workspaceId: string | null;
  userId: string;
  method: string;
  path: string;
}
export interface StoredAnswer {
  status: number;
  body: unknown;
}

export const IDEMPOTENCY_TTL_HOURS = 24;
/**
 * A request that has held its key this long without finishing is taken to have died (a function killed at
 * its time limit); a repeat may then run. Longer than any function's maximum duration.
 */
export const ABANDONED_AFTER_SECONDS = 15 * 60;

/** 1–255 printable ASCII characters (what an HTTP header carries safely). */
const VALID_KEY = /^[\x20-\x7e]{1,255}$/;

const expired = sql`${idempotencyKeys.createdAt} < now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`;
const abandoned = sql`(${idempotencyKeys.status} is null and ${idempotencyKeys.createdAt} < now() - make_interval(secs => ${ABANDONED_AFTER_SECONDS}))`;

const keyReused = () =>
  new ApiError(409, 'idempotency_key_reused', 'This Idempotency-Key was already used for a different request; use a new key for a new request');
const inProgress = () =>
  new ApiError(409, 'idempotency_in_progress', 'A request with this Idempotency-Key is still being processed; retry shortly', undefined, {
    'Retry-After': '1',
  });

const sameScope = (scope: IdempotentScope, key: string) =>
  and(
    scope.workspaceId === null ? isNull(idempotencyKeys.workspaceId) : eq(idempotencyKeys.workspaceId, scope.workspaceId),
    eq(idempotencyKeys.userId, scope.userId),
    eq(idempotencyKeys.key, key),
  );

/** Takes the key for this request: a new row, or one whose earlier use expired or was abandoned. */
async function claim(db: Db, scope: IdempotentScope, key: string, fingerprint: string): Promise<string | null> {
  const [row] = await db
    .insert(idempotencyKeys)
    .values({ workspaceId: scope.workspaceId, userId: scope.userId, key, method: scope.method, path: scope.path, fingerprint })
    .onConflictDoUpdate({
      target: [idempotencyKeys.workspaceId, idempotencyKeys.userId, idempotencyKeys.key],
      // A new id, so a request that was wrongly taken for dead cannot complete or release the new claim.
      set: {
        id: sql`gen_random_uuid()`,
        method: scope.method,
        path: scope.path,
        fingerprint,
        status: null,
        body: null,
        createdAt: sql`now()`,
        completedAt: null,
      },
      setWhere: sql`${expired} or ${abandoned}`,
    })
    .returning({ id: idempotencyKeys.id });
  return row?.id ?? null;
}

/** Runs `run` at most once per (scope, key); replays the stored answer for a repeat with the same fingerprint. */
export async function runIdempotent(
  db: Db,
  scope: IdempotentScope,
  key: string,
  fingerprint: string,
  run: () => Promise<StoredAnswer>,
): Promise<StoredAnswer & { replayed: boolean }> {
  if (!VALID_KEY.test(key)) {
    throw new ApiError(422, 'validation_failed', 'The Idempotency-Key header is not valid', [
      { path: 'headers.idempotency-key', message: 'Use 1 to 255 printable ASCII characters' },
    ]);
  }
  // The body's fingerprint can be as long as the body; the table keeps its hash.
  const hash = createHash('sha256').update(fingerprint).digest('base64url');
  // The row that made the INSERT yield may be released or expire before the SELECT sees it: then claim again.
  for (let round = 0; round < 3; round++) {
    const id = await claim(db, scope, key, hash);
    if (id) {
      let answer: StoredAnswer;
      try {
        answer = await run();
      } catch (err) {
        // Nothing was done (the write rolled back or never started): free the key for a retry.
        await db
          .delete(idempotencyKeys)
          .where(and(eq(idempotencyKeys.id, id), isNull(idempotencyKeys.status)))
          .catch((releaseErr: unknown) => console.error('[idempotency] releasing a key failed', releaseErr));
        throw err;
      }
      try {
        await db
          .update(idempotencyKeys)
          // The body as its JSON text inside a jsonb string: replayed byte for byte (jsonb would reorder keys); SQL null = no body.
          .set({ status: answer.status, body: answer.body === undefined ? null : sql`to_jsonb(${JSON.stringify(answer.body)}::text)`, completedAt: sql`now()` })
          .where(eq(idempotencyKeys.id, id));
      } catch (err) {
        // The effect happened and the client gets its answer; a repeat is refused as in progress until the
        // claim counts as abandoned.
        console.error('[idempotency] storing an answer failed', err);
      }
      return { ...answer, replayed: false };
    }
    const [existing] = await db
      .select({
        method: idempotencyKeys.method,
        path: idempotencyKeys.path,
        fingerprint: idempotencyKeys.fingerprint,
        status: idempotencyKeys.status,
        body: sql<string | null>`${idempotencyKeys.body} #>> '{}'`, // the stored JSON text, as text
      })
      .from(idempotencyKeys)
      .where(sameScope(scope, key));
    if (!existing) continue;
    if (existing.method !== scope.method || existing.path !== scope.path || existing.fingerprint !== hash) throw keyReused();
    if (existing.status === null) throw inProgress();
    return { status: existing.status, body: typeof existing.body === 'string' ? JSON.parse(existing.body) : undefined, replayed: true };
  }
  throw inProgress();
}

/** Deletes keys past their 24 hours; for the daily cron (expired keys are otherwise replaced on reuse). */
export async function purgeIdempotencyKeys(db: Db): Promise<number> {
  const rows = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, sql`now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`))
    .returning({ id: idempotencyKeys.id });
  return rows.length;
}
