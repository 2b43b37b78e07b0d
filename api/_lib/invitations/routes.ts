// /api/invitations: the page behind an invitation link, and answering it.
import { invitationEndpoints } from '../../../contracts/invitations.js';
import { implement } from '../http/implement.js';
import { acceptInvitation, declineInvitation, readInvitation } from './service.js';

export const routes = implement(invitationEndpoints, {
  async getInvitation(ctx, { params }) {
    ctx.res.setHeader('Cache-Control', 'no-store');
    return readInvitation(ctx, params.token);
  },
  acceptInvitation: (ctx, { params }) => acceptInvitation(ctx, params.token),
  declineInvitation: async (ctx, { params }) => void (await declineInvitation(ctx, params.token)),
});
