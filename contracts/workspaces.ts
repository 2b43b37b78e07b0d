// /api/workspaces: schemas and endpoints of the caller's workspaces, their members and invitations, and the activity log.
import { z } from 'zod';
import { endpoint } from './endpoint.js';
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

export const activitySchema = z.object({
  id: idSchema,
  actor: z.object({ id: idSchema, name: z.string() }).nullable(),
  /** `noun.verb`, e.g. `member.added`, `member.role_changed`, `workspace.renamed`. */
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: timestampSchema,
});
export type Activity = z.infer<typeof activitySchema>;
export const activityListSchema = listResponseSchema(activitySchema);

/** GET /api/workspaces/{wid}/activity query. */
export const activityQuerySchema = listQuerySchema.extend({
  subjectType: z.string().min(1).max(50).refine(hasNoNul, NUL_MESSAGE).optional(),
  subjectId: z.string().min(1).max(100).refine(hasNoNul, NUL_MESSAGE).optional(),
});
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
    summary: 'Add an existing account as a member, or invite an email address',
    params: workspaceParamsSchema,
    body: addMemberBodySchema,
    example: { email: 'sam@example.com', role: 'agent' },
    response: memberSchema,
    status: 201,
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
    summary: 'The activity log, newest first',
    params: workspaceParamsSchema,
    query: activityQuerySchema,
    response: activityListSchema,
  }),
};

/** Events of members on private-workspace-{wid}: a member was added, changed role, or an invitation changed. */
export const memberEvents = {
  'member.updated': z.object({ member: memberSchema }),
};
