// /api/auth: registration, sign-in, token refresh, sign-out, the caller's account and sessions.
import { z } from 'zod';
import { unauthorized } from '../http/errors.js';
import { listQuerySchema } from '../../../contracts/identity.js';
import { route, type BaseContext } from '../http/route.js';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './cookies.js';
import { changePasswordBody, loginBody, registerBody, updateMeBody } from './inputs.js';
import { getMe, listSessions, toUser } from './queries.js';
import { changePassword, endSession, register, signIn, updateMe, type NewSession } from './service.js';
import { revokeByRefreshToken, rotateRefreshToken } from './sessions.js';
import { signAccessToken } from './tokens.js';

async function signedIn(ctx: BaseContext, { user, sessionId, refreshToken }: NewSession) {
  const { token, expiresAt } = await signAccessToken({ userId: user.id, sessionId });
  setRefreshCookie(ctx.req, ctx.res, refreshToken);
  ctx.res.setHeader('Cache-Control', 'no-store');
  return { user: toUser(user), accessToken: token, expiresAt: expiresAt.toISOString() };
}

export const authRoutes = [
  route({
    method: 'POST',
    path: '/register',
    access: 'public',
    body: registerBody,
    status: 201,
    handle: async (ctx, { body }) => signedIn(ctx, await register(ctx, body)),
  }),

  route({
    method: 'POST',
    path: '/login',
    access: 'public',
    body: loginBody,
    handle: async (ctx, { body }) => signedIn(ctx, await signIn(ctx, body)),
  }),

  route({
    method: 'POST',
    path: '/refresh',
    access: 'public',
    async handle(ctx) {
      const presented = readRefreshCookie(ctx.req);
      if (!presented) {
        clearRefreshCookie(ctx.req, ctx.res); // a stale session hint goes too
        throw unauthorized('No session to refresh; sign in');
      }
      const result = await rotateRefreshToken(ctx.db, presented);
      if (!result.ok) {
        clearRefreshCookie(ctx.req, ctx.res);
        throw unauthorized('Your session has ended; sign in again');
      }
      return signedIn(ctx, result);
    },
  }),

  route({
    method: 'POST',
    path: '/logout',
    access: 'public',
    async handle(ctx) {
      const presented = readRefreshCookie(ctx.req);
      if (presented) await revokeByRefreshToken(ctx.db, presented);
      clearRefreshCookie(ctx.req, ctx.res);
      return undefined;
    },
  }),

  route({
    method: 'GET',
    path: '/me',
    access: 'user',
    async handle(ctx) {
      const me = await getMe(ctx.db, ctx.user.id);
      if (!me) throw unauthorized();
      return me;
    },
  }),

  route({
    method: 'PATCH',
    path: '/me',
    access: 'user',
    body: updateMeBody,
    handle: (ctx, { body }) => updateMe(ctx, body),
  }),

  route({
    method: 'POST',
    path: '/password',
    access: 'user',
    body: changePasswordBody,
    handle: async (ctx, { body }) => void (await changePassword(ctx, body)),
  }),

  route({
    method: 'GET',
    path: '/sessions',
    access: 'user',
    query: listQuerySchema,
    handle: (ctx, { query }) => listSessions(ctx.db, ctx.user.id, ctx.user.sessionId, query),
  }),

  route({
    method: 'DELETE',
    path: '/sessions/:id',
    access: 'user',
    params: z.object({ id: z.uuid() }),
    handle: async (ctx, { params }) => void (await endSession(ctx, params.id)),
  }),
];
