// /api/invitations: what an invitation link shows, and answering it. The link's token is the credential: looking
// an invitation up and declining need no account; accepting needs the invited, verified email.
import { z } from 'zod';
import { endpoint } from './endpoint.js';
import { idSchema, linkTokenSchema, roleSchema, timestampSchema } from './common.js';
import { workspaceSchema } from './workspaces.js';

export const invitationTokenParamsSchema = z.object({ token: linkTokenSchema });

/** GET /api/invitations/{token} */
export const invitationSchema = z.object({
  workspace: z.object({ id: idSchema, name: z.string() }),
  email: z.string(),
  role: roleSchema,
  invitedBy: z.object({ name: z.string() }).nullable(),
  expiresAt: timestampSchema,
});
export type Invitation = z.infer<typeof invitationSchema>;

export const invitationEndpoints = {
  getInvitation: endpoint({
    method: 'GET',
    path: '/api/invitations/:token',
    access: 'public',
    summary: 'The workspace, inviter and role of an invitation link (410 when expired, revoked or already answered)',
    params: invitationTokenParamsSchema,
    response: invitationSchema,
    rateLimit: { limit: 60, windowSeconds: 900 },
  }),
  acceptInvitation: endpoint({
    method: 'POST',
    path: '/api/invitations/:token/accept',
    access: 'user',
    summary: 'Join the workspace (your email must be the invited one, and verified)',
    params: invitationTokenParamsSchema,
    response: workspaceSchema,
  }),
  declineInvitation: endpoint({
    method: 'POST',
    path: '/api/invitations/:token/decline',
    access: 'public',
    summary: 'Decline an invitation; the link stops working',
    params: invitationTokenParamsSchema,
    rateLimit: { limit: 30, windowSeconds: 900 },
  }),
};
