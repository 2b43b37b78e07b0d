// Writes of the identity domain: registration (which accepts pending invitations in its transaction),
// sign-in with its failure counting, the caller's profile and password.
import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { users } from '../../../db/schema/identity.js';
import { ApiError, conflict, invalidField, notFound } from '../http/errors.js';
import type { BaseContext, UserContext } from '../http/route.js';
import { withEvents } from '../events/outbox.js';
import { acceptInvitations } from '../workspaces/invitations.js';
import type {
  changePasswordBodySchema as changePasswordBody,
  loginBodySchema as loginBody,
  registerBodySchema as registerBody,
  updateMeBodySchema as updateMeBody,
} from '../../../contracts/auth.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { findUserByEmail, passwordHashOf, toUser } from './queries.js';
import { assertLoginAllowed, clearLoginFailures, recordLoginFailure } from './rate-limit.js';
import { createSession, revokeOtherSessions, revokeSession, userColumns, type UserRow } from './sessions.js';

/** A new session for a user: what the routes turn into an access token and a refresh cookie. */
export interface NewSession {
  user: UserRow;
  sessionId: string;
  refreshToken: string;
}

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505' || (err as { cause?: { code?: string } }).cause?.code === '23505';

export async function register(ctx: BaseContext, body: z.output<typeof registerBody>): Promise<NewSession> {
  const passwordHash = await hashPassword(body.password);
  try {
    // Accepted invitations emit member.updated, so open member lists drop the pending row live.
    const { user, session } = await withEvents(ctx, async (tx, emit) => {
      const [user] = await tx.insert(users).values({ email: body.email, name: body.name, passwordHash }).returning(userColumns);
      emit(...(await acceptInvitations(tx, user!)));
      const session = await createSession(tx, { userId: user!.id, userAgent: ctx.userAgent, ip: ctx.ip });
      return { user: user!, session };
    });
    return { user, sessionId: session.sessionId, refreshToken: session.refreshToken };
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('An account with this email already exists');
    throw err;
  }
}

export async function signIn(ctx: BaseContext, body: z.output<typeof loginBody>): Promise<NewSession> {
  await assertLoginAllowed(ctx.db, body.email, ctx.ip);
  const found = await findUserByEmail(ctx.db, body.email);
  const valid = await verifyPassword(body.password, found?.passwordHash ?? null);
  if (!found || !valid) {
    await recordLoginFailure(ctx.db, body.email, ctx.ip);
    throw new ApiError(401, 'invalid_credentials', 'Email or password is incorrect');
  }
  const { passwordHash: _hash, ...user } = found;
  const session = await ctx.db.transaction((tx) => createSession(tx, { userId: user.id, userAgent: ctx.userAgent, ip: ctx.ip }));
  await clearLoginFailures(ctx.db, body.email);
  return { user, sessionId: session.sessionId, refreshToken: session.refreshToken };
}

export async function updateMe(ctx: UserContext, body: z.output<typeof updateMeBody>) {
  const [user] = await ctx.db
    .update(users)
    .set({ ...(body.name !== undefined ? { name: body.name } : {}), updatedAt: sql`now()` })
    .where(eq(users.id, ctx.user.id))
    .returning(userColumns);
  return toUser(user!);
}

/** Checks the current password, stores the new one and signs out every other session, in one transaction. */
export async function changePassword(ctx: UserContext, body: z.output<typeof changePasswordBody>): Promise<void> {
  if (!(await verifyPassword(body.currentPassword, await passwordHashOf(ctx.db, ctx.user.id)))) {
    throw invalidField('currentPassword', 'Current password is incorrect');
  }
  if (body.currentPassword === body.newPassword) throw invalidField('newPassword', 'Choose a password different from the current one');
  const passwordHash = await hashPassword(body.newPassword);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, updatedAt: sql`now()` })
      .where(eq(users.id, ctx.user.id));
    await revokeOtherSessions(tx, ctx.user.id, ctx.user.sessionId);
  });
}

/** Signs out one of the caller's own sessions. */
export async function endSession(ctx: UserContext, sessionId: string): Promise<void> {
  if (!(await revokeSession(ctx.db, ctx.user.id, sessionId))) throw notFound('Session');
}
