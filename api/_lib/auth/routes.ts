// /api/auth: registration, sign-in, token refresh, sign-out, the caller's account and sessions.
import { and, asc, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { memberships, sessions, users, workspaces } from '../../../db/schema/identity.js';
import { ApiError, conflict, invalidField, notFound, unauthorized } from '../http/errors.js';
import { listQuerySchema } from '../../../contracts/identity.js';
import { afterCursor, cursorTimestamp, decodeCursor, page } from '../http/pagination.js';
import { route, type BaseContext } from '../http/route.js';
import { publishAfter } from '../realtime/publish.js';
import { acceptInvitations } from '../workspaces/invitations.js';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './cookies.js';
import { changePasswordBody, loginBody, registerBody, updateMeBody } from './inputs.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { assertLoginAllowed, clearLoginFailures, recordLoginFailure } from './rate-limit.js';
import { createSession, revokeByRefreshToken, revokeOtherSessions, revokeSession, rotateRefreshToken, userColumns, type UserRow } from './sessions.js';
import { signAccessToken } from './tokens.js';

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505' || (err as { cause?: { code?: string } }).cause?.code === '23505';

export const toUser = (u: UserRow) => ({ id: u.id, email: u.email, name: u.name, createdAt: u.createdAt.toISOString() });

async function signedIn(ctx: BaseContext, user: UserRow, sessionId: string, refreshToken: string) {
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
    async handle(ctx, { body }) {
      const passwordHash = await hashPassword(body.password);
      try {
        const { user, session, joined } = await ctx.db.transaction(async (tx) => {
          const [user] = await tx.insert(users).values({ email: body.email, name: body.name, passwordHash }).returning(userColumns);
          const joined = await acceptInvitations(tx, user!);
          const session = await createSession(tx, { userId: user!.id, userAgent: ctx.userAgent, ip: ctx.ip });
          return { user: user!, session, joined };
        });
        publishAfter(ctx, joined);
        return signedIn(ctx, user, session.sessionId, session.refreshToken);
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict('An account with this email already exists');
        throw err;
      }
    },
  }),

  route({
    method: 'POST',
    path: '/login',
    access: 'public',
    body: loginBody,
    async handle(ctx, { body }) {
      await assertLoginAllowed(ctx.db, body.email, ctx.ip);
      const [found] = await ctx.db
        .select({ ...userColumns, passwordHash: users.passwordHash })
        .from(users)
        .where(sql`lower(${users.email}) = ${body.email}`);
      const valid = await verifyPassword(body.password, found?.passwordHash ?? null);
      if (!found || !valid) {
        await recordLoginFailure(ctx.db, body.email, ctx.ip);
        throw new ApiError(401, 'invalid_credentials', 'Email or password is incorrect');
      }
      const { passwordHash: _hash, ...user } = found;
      const session = await ctx.db.transaction((tx) => createSession(tx, { userId: user.id, userAgent: ctx.userAgent, ip: ctx.ip }));
      await clearLoginFailures(ctx.db, body.email);
      return signedIn(ctx, user, session.sessionId, session.refreshToken);
    },
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
      return signedIn(ctx, result.user, result.sessionId, result.refreshToken);
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
      const rows = await ctx.db
        .select({ ...userColumns, workspaceId: workspaces.id, workspaceName: workspaces.name, role: memberships.role })
        .from(users)
        .leftJoin(memberships, eq(memberships.userId, users.id))
        .leftJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
        .where(eq(users.id, ctx.user.id))
        .orderBy(asc(workspaces.name), asc(workspaces.id));
      const first = rows[0];
      if (!first) throw unauthorized();
      return {
        user: toUser(first),
        workspaces: rows.flatMap((r) => (r.workspaceId && r.role ? [{ id: r.workspaceId, name: r.workspaceName!, role: r.role }] : [])),
      };
    },
  }),

  route({
    method: 'PATCH',
    path: '/me',
    access: 'user',
    body: updateMeBody,
    async handle(ctx, { body }) {
      const [user] = await ctx.db
        .update(users)
        .set({ ...(body.name !== undefined ? { name: body.name } : {}), updatedAt: sql`now()` })
        .where(eq(users.id, ctx.user.id))
        .returning(userColumns);
      return toUser(user!);
    },
  }),

  route({
    method: 'POST',
    path: '/password',
    access: 'user',
    body: changePasswordBody,
    async handle(ctx, { body }) {
      const [row] = await ctx.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, ctx.user.id));
      if (!(await verifyPassword(body.currentPassword, row?.passwordHash ?? null))) {
        throw invalidField('currentPassword', 'Current password is incorrect');
      }
      if (body.currentPassword === body.newPassword) throw invalidField('newPassword', 'Choose a password different from the current one');
      const passwordHash = await hashPassword(body.newPassword);
      await ctx.db.transaction(async (tx) => {
        await tx.update(users).set({ passwordHash, updatedAt: sql`now()` }).where(eq(users.id, ctx.user.id));
        await revokeOtherSessions(tx, ctx.user.id, ctx.user.sessionId);
      });
      return undefined;
    },
  }),

  route({
    method: 'GET',
    path: '/sessions',
    access: 'user',
    query: listQuerySchema,
    async handle(ctx, { query }) {
      const cursor = decodeCursor(query.cursor);
      const rows = await ctx.db
        .select({
          id: sessions.id,
          createdAt: sessions.createdAt,
          lastUsedAt: sessions.lastUsedAt,
          userAgent: sessions.userAgent,
          cursorAt: cursorTimestamp(sessions.createdAt),
        })
        .from(sessions)
        .where(and(eq(sessions.userId, ctx.user.id), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`), afterCursor(sessions.createdAt, sessions.id, cursor)))
        .orderBy(desc(sessions.createdAt), desc(sessions.id))
        .limit(query.limit + 1);
      return page(rows, query.limit, (s) => ({
        id: s.id,
        createdAt: s.createdAt.toISOString(),
        lastUsedAt: s.lastUsedAt.toISOString(),
        userAgent: s.userAgent,
        current: s.id === ctx.user.sessionId,
      }));
    },
  }),

  route({
    method: 'DELETE',
    path: '/sessions/:id',
    access: 'user',
    params: z.object({ id: z.uuid() }),
    async handle(ctx, { params }) {
      if (!(await revokeSession(ctx.db, ctx.user.id, params.id))) throw notFound('Session');
      return undefined;
    },
  }),
];
