// /api/workspaces: schemas and endpoints of the caller's workspaces, their members and invitations, and the activity log.
import { z } from 'zod';
import { endpoint } from './endpoint.js';
import { timeZoneSchema } from './operations.js';
import {
  NUL_MESSAGE,
  hasNoNul,
  idSchema,
  listQuerySchema,
  listResponseSchema,
  normalizedEmailSchema,
  roleSchema,
  timestampSchema,
  workspaceNameSchema,
  workspaceParamsSchema,
} from './common.js';

export const workspaceSchema = z.object({
  id: idSchema,
  name: z.string(),
  /** The caller's role in this workspace. */
  role: roleSchema,
  createdAt: timestampSchema,
});
export type Workspace = z.infer<typeof workspaceSchema>;
export const workspaceListSchema = listResponseSchema(workspaceSchema);

/** POST /api/workspaces */
export const createWorkspaceBodySchema = z.strictObject({ name: workspaceNameSchema });
export type CreateWorkspaceBody = z.input<typeof createWorkspaceBodySchema>;

/** PATCH /api/workspaces/{wid} */
export const updateWorkspaceBodySchema = z.strictObject({ name: workspaceNameSchema });
export type UpdateWorkspaceBody = z.input<typeof updateWorkspaceBodySchema>;

export const MEMBER_STATUSES = ['active', 'invited'] as const;
export const memberStatusSchema = z.enum(MEMBER_STATUSES);
export type MemberStatus = z.infer<typeof memberStatusSchema>;

/**
 * One item of GET /api/workspaces/{wid}/members: active members and pending invitations in one list.
 * `id` addresses the row in PATCH/DELETE …/members/{id}: the user's id for a member, the invitation's id
 * for an invitation (which has no user yet, so `userId` and `name` are null).
 */
export const memberSchema = z.object({
  id: idSchema,
  userId: idSchema.nullable(),
  email: z.string(),
  name: z.string().nullable(),
  role: roleSchema,
  status: memberStatusSchema,
  createdAt: timestampSchema,
  /** An invitation's link stops working at this time; null for active members. */
  expiresAt: timestampSchema.nullable(),
  /**
   * Where an invitation's email is: `pending` (queued), `sent` (the mail relay took it), `failed` (the relay
   * refused it; it is retried, and the link can be copied meanwhile). Null for active members.
   */
  emailStatus: z.enum(['pending', 'sent', 'failed']).nullable(),
});
export type Member = z.infer<typeof memberSchema>;
export const memberListSchema = listResponseSchema(memberSchema);

/** POST /api/workspaces/{wid}/members */
export const addMemberBodySchema = z.strictObject({ email: normalizedEmailSchema, role: roleSchema });
export type AddMemberBody = z.input<typeof addMemberBodySchema>;

/** PATCH /api/workspaces/{wid}/members/{userId} */
export const updateMemberBodySchema = z.strictObject({ role: roleSchema });
export type UpdateMemberBody = z.input<typeof updateMemberBodySchema>;

/** Path params of the member routes. */
export const memberParamsSchema = z.object({ wid: idSchema, userId: idSchema });

/** Path params of a pending invitation's routes. */
export const invitationParamsSchema = z.object({ wid: idSchema, id: idSchema });

/** POST /api/workspaces/{wid}/invitations/{id}/link: a fresh link (the earlier one stops working). */
export const invitationLinkSchema = z.object({ url: z.string(), expiresAt: timestampSchema });
export type InvitationLink = z.infer<typeof invitationLinkSchema>;

export const activitySchema = z.object({
  id: idSchema,
  actor: z.object({ id: idSchema, name: z.string() }).nullable(),
  /** `noun.verb`, e.g. `member.added`, `member.role_changed`, `workspace.renamed`. */
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  /** The entry as a sentence ("Ava Agent assigned #42 Tom Becker to Adam Admin"), from contracts/activity.ts. */
  summary: z.string(),
  /** The SPA page of the subject (`/w/{wid}/inbox/{id}`); null when it has none or was deleted since. */
  link: z.string().nullable(),
  createdAt: timestampSchema,
});
export type Activity = z.infer<typeof activitySchema>;
export const activityListSchema = listResponseSchema(activitySchema);

/** The most actions one `?action=` takes. */
export const ACTIVITY_ACTION_FILTER_MAX = 20;
const activityDate = z.iso.date('Use a date written YYYY-MM-DD');
// Names only: the server answers 422 to one the activity registry (contracts/activity.ts) does not know; that
// registry is not imported here, as its domains' contracts import this file through contracts/events.ts.
const ACTION_NAME = /^[a-z_]+\.[a-z_]+$/;

/**
 * GET /api/workspaces/{wid}/activity query. `action` takes one action or several, comma-separated (or the
 * parameter repeated); `from` and `to` are days (inclusive) in the IANA time zone `tz` (default UTC).
 */
export const activityQuerySchema = listQuerySchema
  .extend({
    actorId: idSchema.optional(),
    action: z
      .union([z.string(), z.array(z.string())])
      .transform((v) => [
        ...new Set(
          (Array.isArray(v) ? v : [v])
            .flatMap((a) => a.split(','))
            .map((a) => a.trim())
            .filter(Boolean),
        ),
      ])
      .pipe(
        z
          .array(z.string().max(80).regex(ACTION_NAME, 'Write an action as noun.verb, e.g. conversation.assigned'))
          .min(1, 'Name at least one action')
          .max(ACTIVITY_ACTION_FILTER_MAX, `Name at most ${ACTIVITY_ACTION_FILTER_MAX} actions`),
      )
      .optional(),
    subjectType: z.string().min(1).max(50).refine(hasNoNul, NUL_MESSAGE).optional(),
    subjectId: z.string().min(1).max(100).refine(hasNoNul, NUL_MESSAGE).optional(),
    from: activityDate.optional(),
    to: activityDate.optional(),
    tz: timeZoneSchema.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'The end date comes before the start date' });
export type ActivityQuery = z.input<typeof activityQuerySchema>;

export const workspaceEndpoints = {
  listWorkspaces: endpoint({
    method: 'GET',
    path: '/api/workspaces',
    access: 'user',
    summary: 'The workspaces the caller belongs to, with their role in each',
    query: listQuerySchema,
    response: workspaceListSchema,
  }),
  createWorkspace: endpoint({
    method: 'POST',
    path: '/api/workspaces',
    access: 'user',
    summary: 'Create a workspace; the caller becomes its owner',
    body: createWorkspaceBodySchema,
    example: { name: 'Acme Coffee' },
    response: workspaceSchema,
    status: 201,
  }),
  getWorkspace: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid',
    access: 'viewer',
    summary: 'One workspace',
    params: workspaceParamsSchema,
    response: workspaceSchema,
  }),
  renameWorkspace: endpoint({
    method: 'PATCH',
    path: '/api/workspaces/:wid',
    access: 'admin',
    summary: 'Rename a workspace',
    params: workspaceParamsSchema,
    body: updateWorkspaceBodySchema,
    response: workspaceSchema,
  }),
  deleteWorkspace: endpoint({
    method: 'DELETE',
    path: '/api/workspaces/:wid',
    access: 'owner',
    summary: 'Delete a workspace and everything in it',
    params: workspaceParamsSchema,
  }),
  listMembers: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/members',
    access: 'viewer',
    summary: 'Members and pending invitations',
    params: workspaceParamsSchema,
    query: listQuerySchema,
    response: memberListSchema,
  }),
  addMember: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/members',
    access: 'admin',
    summary: 'Invite an email address: emails a single-use link (7 days); the same answer whether or not the email has an account',
    params: workspaceParamsSchema,
    body: addMemberBodySchema,
    example: { email: 'sam@example.com', role: 'agent' },
    response: memberSchema,
    status: 201,
  }),
  resendInvitation: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/members/:id/resend',
    access: 'admin',
    summary: 'Email a pending invitation again with a new link (7 more days); the earlier link stops working',
    params: invitationParamsSchema,
    response: memberSchema,
  }),
  invitationLink: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/members/:id/link',
    access: 'admin',
    summary: 'A new link for a pending invitation, to share another way (7 more days); the earlier link stops working',
    params: invitationParamsSchema,
    response: invitationLinkSchema,
  }),
  changeMemberRole: endpoint({
    method: 'PATCH',
    path: '/api/workspaces/:wid/members/:userId',
    access: 'admin',
    summary: "Change a member's or a pending invitation's role (only owners manage owners; a workspace keeps one owner)",
    params: memberParamsSchema,
    body: updateMemberBodySchema,
    response: memberSchema,
  }),
  removeMember: endpoint({
    method: 'DELETE',
    path: '/api/workspaces/:wid/members/:userId',
    access: 'viewer',
    summary: 'Remove a member (admin+), revoke an invitation, or leave (your own id); their conversations return to the queue',
    params: memberParamsSchema,
  }),
  listActivity: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/activity',
    access: 'admin',
    summary:
      'The activity log, newest first, each entry with its sentence and the page of its subject; filter by actorId, action (comma-separated), subjectType, subjectId and days from/to in tz',
    params: workspaceParamsSchema,
    query: activityQuerySchema,
    response: activityListSchema,
  }),
};

/** Events of members on private-workspace-{wid}: a member was added, changed role, or an invitation changed. */
export const memberEvents = {
  'member.updated': z.object({ member: memberSchema }),
  /** A member left or was removed, or an invitation was revoked, declined or accepted (`id` as in the list). */
  'member.removed': z.object({ id: idSchema, userId: idSchema.nullable() }),
};
