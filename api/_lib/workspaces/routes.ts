// /api/workspaces: the caller's workspaces, their members and invitations, and the activity log.
import { workspaceEndpoints } from '../../../contracts/workspaces.js';
import { ACTIVITY_ACTIONS } from '../../../contracts/activity.js';
import { notFound, validationFailed } from '../http/errors.js';
import { implement } from '../http/implement.js';
import { readActivity, readMembers, readWorkspace, readWorkspaces } from './queries.js';
import { inviteMember, invitationLink, resendInvitation } from '../invitations/service.js';
import { changeMemberRole, createWorkspace, deleteWorkspace, removeMember, renameWorkspace } from './service.js';

const KNOWN_ACTIONS = new Set<string>(ACTIVITY_ACTIONS);

export const routes = implement(workspaceEndpoints, {
  listWorkspaces: (ctx, { query }) => readWorkspaces(ctx.scope, query),
  createWorkspace: (ctx, { body }) => createWorkspace(ctx, body),
  async getWorkspace(ctx) {
    const workspace = await readWorkspace(ctx.scope);
    if (!workspace) throw notFound('Workspace');
    return workspace;
  },
  renameWorkspace: (ctx, { body }) => renameWorkspace(ctx, body),
  deleteWorkspace: async (ctx) => void (await deleteWorkspace(ctx)),
  listMembers: (ctx, { query }) => readMembers(ctx.scope, query),
  addMember: (ctx, { body }) => inviteMember(ctx, body),
  resendInvitation: (ctx, { params }) => resendInvitation(ctx, params.id),
  invitationLink: (ctx, { params }) => invitationLink(ctx, params.id),
  changeMemberRole: (ctx, { params, body }) => changeMemberRole(ctx, params.userId, body),
  removeMember: async (ctx, { params }) => void (await removeMember(ctx, params.userId)),
  listActivity: (ctx, { query }) => {
    // The contract checks the form of the names; the registry, that each is an action the log records.
    const unknown = (query.action ?? []).flatMap((a, i) => (KNOWN_ACTIONS.has(a) ? [] : [{ path: `query.action.${i}`, message: `Unknown action "${a}"` }]));
    if (unknown.length > 0) throw validationFailed(unknown);
    return readActivity(ctx.scope, query);
  },
});
