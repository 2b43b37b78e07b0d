// /api/workspaces: the caller's workspaces, their members and invitations, and the activity log.
import { workspaceEndpoints } from '../../../contracts/workspaces.js';
import { notFound } from '../http/errors.js';
import { implement } from '../http/implement.js';
import { getWorkspace, listActivity, listMembers, listWorkspaces } from './queries.js';
import { addMember, changeMemberRole, createWorkspace, deleteWorkspace, removeMember, renameWorkspace } from './service.js';

export const routes = implement(workspaceEndpoints, {
  listWorkspaces: (ctx, { query }) => listWorkspaces(ctx.db, ctx.user.id, query),
  createWorkspace: (ctx, { body }) => createWorkspace(ctx, body),
  async getWorkspace(ctx) {
    const workspace = await getWorkspace(ctx.db, ctx.workspaceId, ctx.role);
    if (!workspace) throw notFound('Workspace');
    return workspace;
  },
  renameWorkspace: (ctx, { body }) => renameWorkspace(ctx, body),
  deleteWorkspace: async (ctx) => void (await deleteWorkspace(ctx)),
  listMembers: (ctx, { query }) => listMembers(ctx.db, ctx.workspaceId, query),
  addMember: (ctx, { body }) => addMember(ctx, body),
  changeMemberRole: (ctx, { params, body }) => changeMemberRole(ctx, params.userId, body),
  removeMember: async (ctx, { params }) => void (await removeMember(ctx, params.userId)),
  listActivity: (ctx, { query }) => listActivity(ctx.db, ctx.workspaceId, query),
});
