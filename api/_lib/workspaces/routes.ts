// /api/workspaces: the caller's workspaces, their members and invitations, and the activity log.
import { z } from 'zod';
import { activityQuerySchema, memberParamsSchema, updateMemberBodySchema, updateWorkspaceBodySchema } from '../../../contracts/identity.js';
import { addMemberBody } from '../auth/inputs.js';
import { notFound } from '../http/errors.js';
import { listQuerySchema } from '../../../contracts/identity.js';
import { route } from '../http/route.js';
import { getWorkspace, listActivity, listMembers, listWorkspaces } from './queries.js';
import { addMember, changeMemberRole, createWorkspace, deleteWorkspace, removeMember, renameWorkspace } from './service.js';

const wid = z.uuid();
const workspaceParams = z.object({ wid });
const memberParams = memberParamsSchema;
const workspaceBody = updateWorkspaceBodySchema;
const roleBody = updateMemberBodySchema;
const activityQuery = activityQuerySchema;

export const workspaceRoutes = [
  route({
    method: 'GET',
    path: '/',
    access: 'user',
    query: listQuerySchema,
    handle: (ctx, { query }) => listWorkspaces(ctx.db, ctx.user.id, query),
  }),

  route({
    method: 'POST',
    path: '/',
    access: 'user',
    body: workspaceBody,
    status: 201,
    handle: (ctx, { body }) => createWorkspace(ctx, body),
  }),

  route({
    method: 'GET',
    path: '/:wid',
    access: 'viewer',
    params: workspaceParams,
    async handle(ctx) {
      const workspace = await getWorkspace(ctx.db, ctx.workspaceId, ctx.role);
      if (!workspace) throw notFound('Workspace');
      return workspace;
    },
  }),

  route({
    method: 'PATCH',
    path: '/:wid',
    access: 'admin',
    params: workspaceParams,
    body: workspaceBody,
    handle: (ctx, { body }) => renameWorkspace(ctx, body),
  }),

  route({
    method: 'DELETE',
    path: '/:wid',
    access: 'owner',
    params: workspaceParams,
    handle: async (ctx) => void (await deleteWorkspace(ctx)),
  }),

  route({
    method: 'GET',
    path: '/:wid/members',
    access: 'viewer',
    params: workspaceParams,
    query: listQuerySchema,
    handle: (ctx, { query }) => listMembers(ctx.db, ctx.workspaceId, query),
  }),

  route({
    method: 'POST',
    path: '/:wid/members',
    access: 'admin',
    params: workspaceParams,
    body: addMemberBody,
    status: 201,
    handle: (ctx, { body }) => addMember(ctx, body),
  }),

  route({
    method: 'PATCH',
    path: '/:wid/members/:userId',
    access: 'admin',
    params: memberParams,
    body: roleBody,
    handle: (ctx, { params, body }) => changeMemberRole(ctx, params.userId, body),
  }),

  route({
    method: 'DELETE',
    path: '/:wid/members/:userId',
    access: 'viewer',
    params: memberParams,
    handle: async (ctx, { params }) => void (await removeMember(ctx, params.userId)),
  }),

  route({
    method: 'GET',
    path: '/:wid/activity',
    access: 'admin',
    params: workspaceParams,
    query: activityQuery,
    handle: (ctx, { query }) => listActivity(ctx.db, ctx.workspaceId, query),
  }),
];
