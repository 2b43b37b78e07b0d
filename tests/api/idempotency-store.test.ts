// runIdempotent against a real database (a copy of the migrated template): at most one run per key, replays
// of the stored answer, refusals for a reused key or one still running, release on failure, 24 h expiry.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../db/client.js';
import { idempotencyKeys } from '../../db/schema/platform.js';
import { ApiError } from '../../api/_lib/http/errors.js';
import { purgeIdempotencyKeys, runIdempotent, type IdempotentScope, type StoredAnswer } from '../../api/_lib/http/idempotency.js';
import { openTestDatabase } from '../support/app.js';

let database: Database;
let drop: () => Promise<void>;
beforeAll(async () => ({ database, drop } = await openTestDatabase()));
afterAll(async () => {
  await database.close();
  await drop();
});

const db = () => database.db;
const newScope = (over: Partial<IdempotentScope> = {}): IdempotentScope => ({
  workspaceId: randomUUID(),
  userId: randomUUID(),
  method: 'POST',
  path: '/api/workspaces/w/conversations/c/messages',
  ...over,
});
const answering = (answer: StoredAnswer) => vi.fn(async () => answer);

async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('runIdempotent', () => {
  it('runs once and replays the first answer, byte for byte, for a repeat with the same body', async () => {
    const scope = newScope();
    const body = { id: 'm1', zeta: 1, alpha: { b: 2, a: [1, 'two', null] }, content: 'héllo 👋' };
    const run = answering({ status: 201, body });
    expect(await runIdempotent(db(), scope, 'key-1', '{"content":"x"}', run)).toEqual({ status: 201, body, replayed: false });
    const again = await runIdempotent(db(), scope, 'key-1', '{"content":"x"}', answering({ status: 500, body: 'never' }));
    expect(again).toEqual({ status: 201, body, replayed: true });
    expect(JSON.stringify(again.body)).toBe(JSON.stringify(body));
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('replays an answer without a body (204) as one without a body, and a null body as null', async () => {
    const scope = newScope();
    await runIdempotent(db(), scope, 'no-body', 'f', answering({ status: 204, body: undefined }));
    expect(await runIdempotent(db(), scope, 'no-body', 'f', answering({ status: 500, body: 1 }))).toEqual({ status: 204, body: undefined, replayed: true });
    await runIdempotent(db(), scope, 'null-body', 'f', answering({ status: 200, body: null }));
    expect(await runIdempotent(db(), scope, 'null-body', 'f', answering({ status: 500, body: 1 }))).toEqual({ status: 200, body: null, replayed: true });
  });

  it('refuses the same key with another body, or on another endpoint, with 409 idempotency_key_reused', async () => {
    const scope = newScope();
    await runIdempotent(db(), scope, 'key-2', 'body A', answering({ status: 201, body: { n: 1 } }));
    const other = answering({ status: 201, body: { n: 2 } });
    expect(await apiError(runIdempotent(db(), scope, 'key-2', 'body B', other))).toMatchObject({ status: 409, code: 'idempotency_key_reused' });
    expect(await apiError(runIdempotent(db(), { ...scope, path: '/api/workspaces/w/customers' }, 'key-2', 'body A', other))).toMatchObject({
      status: 409,
      code: 'idempotency_key_reused',
    });
    expect(other).not.toHaveBeenCalled();
  });

  it('answers a repeat while the first is still running with 409 idempotency_in_progress', async () => {
    const scope = newScope();
    const gate = deferred<StoredAnswer>();
    const first = runIdempotent(db(), scope, 'slow', 'f', () => gate.promise);
    await vi.waitFor(async () =>
      expect(
        await db()
          .select()
          .from(idempotencyKeys)
          .where(sql`${idempotencyKeys.key} = 'slow'`),
      ).toHaveLength(1),
    );
    const second = answering({ status: 201, body: 'second' });
    const refused = await apiError(runIdempotent(db(), scope, 'slow', 'f', second));
    expect(refused).toMatchObject({ status: 409, code: 'idempotency_in_progress', headers: { 'Retry-After': '1' } });
    gate.resolve({ status: 201, body: 'first' });
    expect(await first).toEqual({ status: 201, body: 'first', replayed: false });
    expect(second).not.toHaveBeenCalled();
    expect(await runIdempotent(db(), scope, 'slow', 'f', second)).toEqual({ status: 201, body: 'first', replayed: true });
  });

  it('of two concurrent calls with one key, runs one: the other is refused as in progress', async () => {
    const scope = newScope();
    let runs = 0;
    const run = async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { status: 201, body: { run: runs } };
    };
    const results = await Promise.allSettled([runIdempotent(db(), scope, 'race', 'f', run), runIdempotent(db(), scope, 'race', 'f', run)]);
    expect(runs).toBe(1);
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected.map((r) => (r.reason as ApiError).code)).toEqual(['idempotency_in_progress']);
  });

  it('releases the key when the run throws, so a retry runs', async () => {
    const scope = newScope();
    const failing = vi.fn(async (): Promise<StoredAnswer> => {
      throw new Error('write failed');
    });
    await expect(runIdempotent(db(), scope, 'retry-me', 'f', failing)).rejects.toThrow('write failed');
    const retry = answering({ status: 201, body: 'ok' });
    expect(await runIdempotent(db(), scope, 'retry-me', 'f', retry)).toEqual({ status: 201, body: 'ok', replayed: false });
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('keeps one key space per workspace and caller, a null workspace included', async () => {
    const scope = newScope({ workspaceId: null });
    const run = answering({ status: 201, body: 'a' });
    await runIdempotent(db(), scope, 'shared', 'f', run);
    expect(await runIdempotent(db(), scope, 'shared', 'f', run)).toMatchObject({ replayed: true });
    await runIdempotent(db(), { ...scope, userId: randomUUID() }, 'shared', 'f', run);
    await runIdempotent(db(), { ...scope, workspaceId: randomUUID() }, 'shared', 'f', run);
    expect(run).toHaveBeenCalledTimes(3);
  });

  it('forgets a key after 24 hours, and takes over one whose request died while running', async () => {
    const scope = newScope();
    await runIdempotent(db(), scope, 'old', 'body A', answering({ status: 201, body: 'first' }));
    await db()
      .update(idempotencyKeys)
      .set({ createdAt: sql`now() - interval '25 hours'` })
      .where(sql`${idempotencyKeys.key} = 'old'`);
    const later = answering({ status: 201, body: 'later' });
    expect(await runIdempotent(db(), scope, 'old', 'body B', later)).toEqual({ status: 201, body: 'later', replayed: false });

    const never = deferred<StoredAnswer>();
    void runIdempotent(db(), scope, 'stuck', 'f', () => never.promise);
    await vi.waitFor(async () =>
      expect(
        await db()
          .select()
          .from(idempotencyKeys)
          .where(sql`${idempotencyKeys.key} = 'stuck'`),
      ).toHaveLength(1),
    );
    await db()
      .update(idempotencyKeys)
      .set({ createdAt: sql`now() - interval '16 minutes'` })
      .where(sql`${idempotencyKeys.key} = 'stuck'`);
    expect(await runIdempotent(db(), scope, 'stuck', 'f', answering({ status: 201, body: 'taken over' }))).toMatchObject({
      body: 'taken over',
      replayed: false,
    });
    // The request taken for dead finishing late cannot overwrite the new answer.
    never.resolve({ status: 201, body: 'late' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await runIdempotent(db(), scope, 'stuck', 'f', answering({ status: 500, body: null }))).toMatchObject({ body: 'taken over', replayed: true });
  });

  it('refuses a key that is empty, longer than 255 characters or not printable ASCII, with 422', async () => {
    const run = answering({ status: 201, body: 'x' });
    for (const key of ['', 'k'.repeat(256), 'tab\there', 'ключ']) {
      expect(await apiError(runIdempotent(db(), newScope(), key, 'f', run))).toMatchObject({ status: 422, code: 'validation_failed' });
    }
    expect(await runIdempotent(db(), newScope(), 'k'.repeat(255), 'f', run)).toMatchObject({ replayed: false });
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('purges keys older than 24 hours', async () => {
    const scope = newScope();
    await runIdempotent(db(), scope, 'purge-me', 'f', answering({ status: 201, body: 1 }));
    await runIdempotent(db(), scope, 'keep-me', 'f', answering({ status: 201, body: 2 }));
    await db()
      .update(idempotencyKeys)
      .set({ createdAt: sql`now() - interval '25 hours'` })
      .where(sql`${idempotencyKeys.key} = 'purge-me'`);
    expect(await purgeIdempotencyKeys(db())).toBeGreaterThanOrEqual(1);
    const keys = (
      await db()
        .select({ key: idempotencyKeys.key })
        .from(idempotencyKeys)
        .where(sql`${idempotencyKeys.userId} = ${scope.userId}`)
    ).map((r) => r.key);
    expect(keys).toEqual(['keep-me']);
  });
});
