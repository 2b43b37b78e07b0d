// /api/workspaces/{wid}/canned-replies (served by the inbox function): agents and above read the workspace's
// canned replies, admins and owners write them. A shortcut is unique per workspace, compared case-insensitively
// (canned_replies_workspace_shortcut_key) → 409.
import { and, eq, sql } from 'drizzle-orm';
import { cannedReplyEndpoints, type CannedReply } from '../../../contracts/canned-replies.js';
import { isUniqueViolation } from '../../../db/client.js';
import { cannedReplies } from '../../../db/schema/inbox.js';
import { withEvents } from '../events/outbox.js';
import { conflict, notFound } from '../http/errors.js';
import { implement } from '../http/implement.js';
import { cursorAtColumn, decodeCursor, page } from '../http/pagination.js';
import { readStatement } from '../http/read-scope.js';

type Row = { id: string; shortcut: string; title: string; content: string; createdAt: Date | string; updatedAt: Date | string };
const toReply = (r: Row): CannedReply => ({
  id: r.id,
  shortcut: r.shortcut,
  title: r.title,
  content: r.content,
  createdAt: new Date(r.createdAt).toISOString(),
  updatedAt: new Date(r.updatedAt).toISOString(),
});

const SELECT = `r.id, r.shortcut, r.title, r.content, r.created_at as "createdAt", r.updated_at as "updatedAt"`;
const list = (hasCursor: boolean, hasQ: boolean) =>
  readStatement(
    'workspace',
    `canned_replies_list${hasCursor ? '_after' : ''}${hasQ ? '_q' : ''}`,
    `select ${SELECT}, ${cursorAtColumn('r.created_at')} from canned_replies r
     where caller.ok and r.workspace_id = :wid${hasCursor ? ' and (r.created_at, r.id) > (:cursorAt::timestamptz, :cursorId::uuid)' : ''}${
       hasQ ? ` and (r.shortcut ilike :pattern or r.title ilike :pattern)` : ''
     }
     order by r.created_at, r.id limit :limit`,
    'd."createdAt", d.id',
  );
const LISTS = [list(false, false), list(true, false), list(false, true), list(true, true)];
const ONE = readStatement('workspace', 'canned_reply', `select ${SELECT} from canned_replies r where caller.ok and r.id = :id and r.workspace_id = :wid`);

const columns = {
  id: cannedReplies.id,
  shortcut: cannedReplies.shortcut,
  title: cannedReplies.title,
  content: cannedReplies.content,
  createdAt: cannedReplies.createdAt,
  updatedAt: cannedReplies.updatedAt,
};
const taken = (err: unknown) => (isUniqueViolation(err) ? conflict('A canned reply already uses this shortcut') : err);

export const routes = implement(cannedReplyEndpoints, {
  async listCannedReplies(ctx, { query }) {
    const cursor = decodeCursor(query.cursor);
    const rows = await ctx.scope.read<Row & { cursorAt: string }>(LISTS[(cursor ? 1 : 0) + (query.q ? 2 : 0)]!, {
      cursorAt: cursor?.at,
      cursorId: cursor?.id,
      pattern: query.q ? `%${query.q.replace(/[\\%_]/g, '\\$&')}%` : undefined,
      limit: query.limit + 1,
    });
    return page(rows, query.limit, toReply);
  },
  async getCannedReply(ctx, { params }) {
    const [row] = await ctx.scope.read<Row>(ONE, { id: params.id });
    if (!row) throw notFound('Canned reply');
    return toReply(row);
  },
  async createCannedReply(ctx, { body }) {
    try {
      return await withEvents(ctx, async (tx) => {
        const [row] = await tx
          .insert(cannedReplies)
          .values({ workspaceId: ctx.workspaceId, ...body })
          .returning(columns);
        return toReply(row!);
      });
    } catch (err) {
      throw taken(err);
    }
  },
  async updateCannedReply(ctx, { params, body }) {
    try {
      return await withEvents(ctx, async (tx) => {
        const [row] = await tx
          .update(cannedReplies)
          .set({ ...body, updatedAt: sql`now()` })
          .where(and(eq(cannedReplies.id, params.id), eq(cannedReplies.workspaceId, ctx.workspaceId)))
          .returning(columns);
        if (!row) throw notFound('Canned reply');
        return toReply(row);
      });
    } catch (err) {
      throw taken(err);
    }
  },
  async deleteCannedReply(ctx, { params }) {
    await withEvents(ctx, async (tx) => {
      const [row] = await tx
        .delete(cannedReplies)
        .where(and(eq(cannedReplies.id, params.id), eq(cannedReplies.workspaceId, ctx.workspaceId)))
        .returning({ id: cannedReplies.id });
      if (!row) throw notFound('Canned reply');
    });
    return undefined;
  },
});
