// /api/workspaces endpoints: the caller's workspaces, their members and invitations, and the activity log.
import { z } from 'zod';
import { endpoint } from './endpoint.js';
import { workspaceParamsSchema } from './common.js';
import {
  activityListSchema,
  activityQuerySchema,
  addMemberBodySchema,
  createWorkspaceBodySchema,
  listQuerySchema,
  memberListSchema,
  memberParamsSchema,
  memberSchema,
  updateMemberBodySchema,
  updateWorkspaceBodySchema,
  workspaceListSchema,
  workspaceSchema,
} from './identity.js';

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
