// The task board (API.md "CRM"): every task has a place in one column of one board. A board is a project's
// tasks, or the workspace's tasks without a project; a column is a status. Places are integer positions with
// gaps (GAP apart): a new task, and a task whose status or project a PATCH changes, goes to the end of its
// column; a move takes the middle of the gap between its new neighbours, and when there is no gap left the
// column is renumbered in one UPDATE.
//
// Every write that puts a task into a column takes its board's lock first (a transaction-scoped advisory lock
// keyed by workspace and project), then reads and writes with a statement that starts after the lock was granted,
// so concurrent moves, creates and status changes on one board run one after the other: each column stays totally
// ordered with no two tasks on one position. Locks are always taken before any task row is locked, so moves and
// other writes cannot deadlock on each other.
import { sql, type SQL } from 'drizzle-orm';
import { taskResource, type MoveTaskBody } from '../../../contracts/crm.js';
import { rowsOf, type Tx } from '../../../db/client.js';
import { recordActivity } from '../activity/record.js';
import { withEvents, workspaceEvent, type DomainEvent } from '../events/outbox.js';
import { conflict, invalidField, notFound } from '../http/errors.js';
import type { MemberContext } from '../http/route.js';
import type { PendingWrite, WriteHooks } from '../resources/service.js';
import { resourceQueries } from '../resources/sql.js';

/** The distance between neighbours when a task is appended or a column renumbered. */
export const GAP = 1024;
/** The highest position a move appends at before it renumbers the column instead (positions are int4). */
const MAX_POSITION = 2_000_000_000;
/** Positions per `task.reordered` event (Pusher takes 10 KB per event). */
const REORDERED_CHUNK = 100;

const q = resourceQueries(taskResource);
type Rec = Record<string, unknown>;

/** The lock key of a board: the workspace and the project (empty for the tasks without one). */
const boardKey = (workspaceId: string, projectId: SQL) =>
  sql`hashtextextended('task-board:' || ${workspaceId}::text || ':' || coalesce(${projectId}::text, ''), 0)`;

/** Takes the locks of the given boards (null: the tasks without a project), in one order so that writers naming several boards cannot deadlock. */
async function lockBoards(tx: Tx, workspaceId: string, projectIds: (string | null)[]): Promise<void> {
  const keys = [...new Set(projectIds.map((p) => p ?? ''))].sort();
  await rowsOf(
    tx,
    sql`select pg_advisory_xact_lock(${boardKey(workspaceId, sql`nullif(u.k, '')`)}) from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) as u(k)`,
  );
}

/** The end of a column: one GAP past its last task (GAP in an empty column). */
const endOf = (workspaceId: string, projectId: SQL, status: SQL, except?: SQL) =>
  sql`(select coalesce(max(c.position), 0) + ${GAP} from tasks c where c.workspace_id = ${workspaceId} and c.project_id is not distinct from ${projectId} and c.status = ${status}${except ? sql` and c.id <> ${except}` : sql``})`;

/**
 * The generic resource's hooks for tasks: creates (one or an import's) and PATCHes of `status` or `projectId`
 * put the task at the end of its column, under its board's lock.
 */
export const taskHooks: WriteHooks = {
  async beforeWrite(tx: Tx, ctx: MemberContext, write: PendingWrite) {
    const w = ctx.workspaceId;
    if (write.kind === 'created') {
      const projectId = (write.values.projectId as string | null | undefined) ?? null;
      await lockBoards(tx, w, [projectId]);
      return { position: endOf(w, sql`${projectId}::uuid`, sql`${(write.values.status as string | undefined) ?? 'pending'}::text`) };
    }
    if (write.kind === 'imported') {
      await lockBoards(
        tx,
        w,
        write.rows.map((r) => (r.projectId as string | null | undefined) ?? null),
      );
      // The new tasks of one column follow each other at its end.
      return {
        position: sql`(select coalesce(max(c.position), 0) from tasks c where c.workspace_id = ${w} and c.project_id is not distinct from x.project_id and c.status = x.status) + ${GAP} * row_number() over (partition by x.project_id, x.status)`,
      };
    }
    const { status, projectId } = write.values as { status?: string; projectId?: string | null };
    if (status === undefined && projectId === undefined) return undefined;
    if (projectId !== undefined) await lockBoards(tx, w, [projectId]);
    else
      await rowsOf(
        tx,
        sql`select pg_advisory_xact_lock(${boardKey(w, sql`t.project_id`)}) from tasks t where t.workspace_id = ${w} and t.id = ${write.id}::uuid`,
      );
    const newStatus = status !== undefined ? sql`${status}::text` : sql`tasks.status`;
    const newProject = projectId !== undefined ? sql`${projectId}::uuid` : sql`tasks.project_id`;
    // A PATCH that names the task's own column leaves it where it is.
    return {
      position: sql`case when tasks.status = ${newStatus} and tasks.project_id is not distinct from ${newProject} then tasks.position else ${endOf(w, newProject, newStatus, sql`tasks.id`)} end`,
    };
  },
};

interface Place {
  projectId: string | null;
  status: string;
  position: number | null;
  anchorFound: boolean;
  anchorInColumn: boolean;
  /** The free range the task goes into: after `lo` and before `hi` (null: the column's end). */
  lo: number;
  hi: number | null;
}

/**
 * POST /tasks/{id}/move: under the board's lock, finds the two neighbours the task goes between (the anchor and
 * the task next to it, or the column's last task) and takes the middle of the gap between them; with no gap left
 * (or past the highest position), renumbers the column GAP apart in one UPDATE, the task in its place. A move to
 * where the task already is changes nothing. One transaction: the lock, one read, one write, the activity and
 * the events (`task.updated`, and `task.reordered` for the tasks a renumbering moved).
 */
export async function moveTask(ctx: MemberContext, id: string, body: MoveTaskBody): Promise<Rec> {
  const w = ctx.workspaceId;
  const anchorId = body.afterId ?? body.beforeId ?? null;
  const anchorPath = body.afterId ? 'afterId' : 'beforeId';
  if (anchorId === id) throw invalidField(anchorPath, 'Place the task next to another task');
  return withEvents(ctx, async (tx, emit) => {
    const [locked] = await rowsOf<{ projectId: string | null }>(
      tx,
      sql`select t.project_id as "projectId", pg_advisory_xact_lock(${boardKey(w, sql`t.project_id`)}) from tasks t where t.workspace_id = ${w} and t.id = ${id}::uuid`,
    );
    if (!locked) throw notFound('Task');
    const board = sql`${locked.projectId}::uuid`;
    const to = sql`${body.status}::text`;
    // The column the task goes into, without the task, ordered by (position, id) as the list's `sort=position` is.
    const column = sql`c.workspace_id = ${w} and c.project_id is not distinct from ${board} and c.status = ${to} and c.id <> ${id}::uuid`;
    const key = (alias: string) => sql.raw(`coalesce(${alias}.position, -1)`);
    const range = body.afterId
      ? sql`coalesce(a.position, -1) as lo, (select ${key('c')} from tasks c where ${column} and (${key('c')}, c.id) > (${key('a')}, a.id) order by ${key('c')}, c.id limit 1) as hi`
      : body.beforeId
        ? sql`coalesce((select ${key('c')} from tasks c where ${column} and (${key('c')}, c.id) < (${key('a')}, a.id) order by ${key('c')} desc, c.id desc limit 1), 0) as lo, coalesce(a.position, -1) as hi`
        : sql`coalesce((select max(${key('c')}) from tasks c where ${column}), 0) as lo, null::int as hi`;
    const [place] = await rowsOf<Place & Rec>(
      tx,
      sql`select ${sql.raw(q.select)}, a.id is not null as "anchorFound",
            coalesce(a.project_id is not distinct from ${board} and a.status = ${to}, false) as "anchorInColumn",
            ${range}
          from tasks r left join tasks a on a.workspace_id = r.workspace_id and a.id = ${anchorId}::uuid
          where r.workspace_id = ${w} and r.id = ${id}::uuid`,
    );
    if (!place) throw notFound('Task');
    if ((place.projectId ?? null) !== locked.projectId) throw conflict('This task moved to another project meanwhile: reload the board and try again');
    if (anchorId && !place.anchorInColumn)
      throw invalidField(anchorPath, place.anchorFound ? 'That task is not in this column of the board' : 'No such task in this workspace');
    const lo = Number(place.lo);
    const hi = place.hi === null ? null : Number(place.hi);
    const current = place.position === null ? null : Number(place.position);
    const inColumn = place.status === body.status;
    if (inColumn && current !== null && current > lo && (hi === null || current < hi)) return q.toRecord(place);

    const fields = inColumn ? ['position'] : ['status', 'position'];
    let record: Rec;
    let reordered: { id: string; position: number }[] = [];
    const target = hi === null ? (lo + GAP <= MAX_POSITION ? lo + GAP : null) : hi - lo >= 2 ? lo + Math.floor((hi - lo) / 2) : null;
    if (target !== null) {
      const [written] = await rowsOf<Rec>(
        tx,
        sql`with r as (
              update tasks set status = ${to}, position = ${target}, updated_at = now()
              where workspace_id = ${w} and id = ${id}::uuid and project_id is not distinct from ${board} returning *
            ) select ${sql.raw(q.select)} from r`,
      );
      if (!written) throw conflict('This task moved to another project meanwhile: reload the board and try again');
      record = q.toRecord(written);
    } else {
      // No room: the column (with the task in its place) renumbered GAP apart, in one statement. Existing tasks
      // take the even slots in their order; the task the odd slot next to its anchor.
      const slot = body.afterId
        ? sql`(select slot + 1 from col where id = ${anchorId}::uuid)`
        : body.beforeId
          ? sql`(select slot - 1 from col where id = ${anchorId}::uuid)`
          : sql`coalesce((select max(slot) from col), 0) + 1`;
      const rows = await rowsOf<Rec & { moved_: boolean }>(
        tx,
        sql`with col as (
              select c.id, 2 * row_number() over (order by ${key('c')}, c.id) as slot from tasks c where ${column}
            ), placed as (
              select id, slot from col union all select ${id}::uuid, ${slot}
            ), numbered as (
              select id, (${GAP} * row_number() over (order by slot))::int as position from placed
            ), r as (
              update tasks t set position = n.position,
                status = case when t.id = ${id}::uuid then ${to} else t.status end,
                updated_at = case when t.id = ${id}::uuid then now() else t.updated_at end
              from numbered n
              where t.workspace_id = ${w} and t.id = n.id and t.project_id is not distinct from ${board}
                and (t.id = ${id}::uuid or t.position is distinct from n.position)
              returning t.*
            ) select ${sql.raw(q.select)}, r.id = ${id}::uuid as "moved_" from r`,
      );
      const moved = rows.find((r) => r.moved_);
      if (!moved) throw conflict('This task moved to another project meanwhile: reload the board and try again');
      record = q.toRecord(moved);
      reordered = rows.filter((r) => !r.moved_).map((r) => ({ id: String(r.id), position: Number(r.position) }));
    }
    await recordActivity(tx, {
      workspaceId: w,
      actorId: ctx.user.id,
      action: 'task.updated',
      subjectId: id,
      metadata: { code: String(record.code), name: String(record.title), fields },
    });
    const events: DomainEvent[] = [workspaceEvent(w, 'task.updated', { task: record })];
    for (let i = 0; i < reordered.length; i += REORDERED_CHUNK)
      events.push(
        workspaceEvent(w, 'task.reordered', { projectId: locked.projectId, status: body.status, positions: reordered.slice(i, i + REORDERED_CHUNK) }),
      );
    emit(...events);
    return record;
  });
}
