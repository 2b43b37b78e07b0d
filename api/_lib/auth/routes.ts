// /api/auth: registration, sign-in, token refresh, sign-out, the caller's account and sessions.
import { authEndpoints } from '../../../contracts/auth.js';
import { unauthorized } from '../http/errors.js';
import { implement } from '../http/implement.js';
import type { BaseContext } from '../http/route.js';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './cookies.js';
import { readMe, readSessions, toUser } from './queries.js';
import {
  changePassword,
  disableTwoFactor,
  enableTwoFactor,
  endSession,
  forgotPassword,
  register,
  requestEmailVerification,
  resetPassword,
  setupTwoFactor,
  signIn,
  signInSecondFactor,
  updateMe,
  verifyEmail,
  type NewSession,
} from './service.js';
import { revokeByRefreshToken, rotateRefreshToken } from './sessions.js';
import { signAccessToken } from './tokens.js';

async function signedIn(ctx: BaseContext, { user, sessionId, refreshToken }: NewSession) {
  const { token, expiresAt } = await signAccessToken({ userId: user.id, sessionId });
  setRefreshCookie(ctx.req, ctx.res, refreshToken);
  ctx.res.setHeader('Cache-Control', 'no-store');
  return { user: toUser(user), accessToken: token, expiresAt: expiresAt.toISOString() };
}

export const routes = implement(authEndpoints, {
  register: async (ctx, { body }) => signedIn(ctx, await register(ctx, body)),
  async login(ctx, { body }) {
    const result = await signIn(ctx, body);
    if ('mfaRequired' in result) {
      ctx.res.setHeader('Cache-Control', 'no-store');
      return result;
    }
    return signedIn(ctx, result);
  },
  loginTwoFactor: async (ctx, { body }) => signedIn(ctx, await signInSecondFactor(ctx, body)),

  async refresh(ctx) {
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

  async logout(ctx) {
    const presented = readRefreshCookie(ctx.req);
    if (presented) await revokeByRefreshToken(ctx.db, presented);
    clearRefreshCookie(ctx.req, ctx.res);
    return undefined;
  },

  async me(ctx) {
    const me = await readMe(ctx.scope);
    if (!me) throw unauthorized();
    return me;
  },

  updateMe: (ctx, { body }) => updateMe(ctx, body),
  changePassword: async (ctx, { body }) => void (await changePassword(ctx, body)),
  listSessions: (ctx, { query }) => readSessions(ctx.scope, query),
  revokeSession: async (ctx, { params }) => void (await endSession(ctx, params.id)),
  requestEmailVerification: async (ctx) => void (await requestEmailVerification(ctx)),
  verifyEmail: async (ctx, { body }) => void (await verifyEmail(ctx, body.token)),
  forgotPassword: async (ctx, { body }) => void (await forgotPassword(ctx, body.email)),
  resetPassword: async (ctx, { body }) => void (await resetPassword(ctx, body)),
  async setupTwoFactor(ctx) {
    ctx.res.setHeader('Cache-Control', 'no-store');
    return setupTwoFactor(ctx);
  },
  async enableTwoFactor(ctx, { body }) {
    ctx.res.setHeader('Cache-Control', 'no-store');
    return enableTwoFactor(ctx, body.code);
  },
  disableTwoFactor: async (ctx, { body }) => void (await disableTwoFactor(ctx, body)),
});
