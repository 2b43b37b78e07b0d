// Writes of the identity domain: registration (which may accept the invitation it came from), sign-in with its
// rate limits and second factor, the caller's profile and password, email verification, password reset and
// two-factor set-up. Mail and the dropping of realtime connections are outbox events of the same transaction.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { isUniqueViolation, type Tx } from '../../../db/client.js';
import { recoveryCodes, users } from '../../../db/schema/identity.js';
import { ApiError, conflict, gone, invalidField, notFound } from '../http/errors.js';
import type { BaseContext, UserContext } from '../http/route.js';
import { consume, forget, type Counted } from '../http/rate-limit.js';
import { withEvents } from '../events/outbox.js';
import { claimSignInAttempt, clearSignInFailures } from './sign-in-limits.js';
import { mailEvent, terminateConnectionsEvent } from '../events/sinks.js';
import { appLink, passwordChangedMail, resetPasswordMail, verifyEmailMail } from '../mail/templates.js';
import { acceptInvitationOnRegister } from '../invitations/service.js';
import type {
  changePasswordBodySchema as changePasswordBody,
  loginBodySchema as loginBody,
  loginTwoFactorBodySchema as loginTwoFactorBody,
  registerBodySchema as registerBody,
  resetPasswordBodySchema as resetPasswordBody,
  twoFactorDisableBodySchema as twoFactorDisableBody,
  updateMeBodySchema as updateMeBody,
} from '../../../contracts/auth.js';
import { issueAccountToken, useAccountToken } from './account-tokens.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { findUserByEmail, passwordHashOf, toUser } from './queries.js';
import { createSession, revokeOtherSessions, revokeSession, userColumns, type UserRow } from './sessions.js';
import { verifyMfaToken, signMfaToken } from './tokens.js';
import { claimTotpStep, newTotpSecret, replaceRecoveryCodes, totpStep, useSecondFactor } from './two-factor.js';

/** A new session for a user: what the routes turn into an access token and a refresh cookie. */
export interface NewSession {
  user: UserRow;
  sessionId: string;
  refreshToken: string;
}

/** Login's first step for a two-factor user: no session yet. */
export interface MfaChallenge {
  mfaRequired: true;
  mfaToken: string;
}

/** A new session (refresh-token family) for a user who proved who they are. */
async function startSession(ctx: BaseContext, user: UserRow): Promise<NewSession> {
  const session = await ctx.db.transaction((tx) => createSession(tx, { userId: user.id, userAgent: ctx.userAgent, ip: ctx.ip }));
  return { user, sessionId: session.sessionId, refreshToken: session.refreshToken };
}

const wrongCredentials = () => new ApiError(401, 'invalid_credentials', 'Email or password is incorrect');

async function sendVerification(tx: Tx, user: { id: string; email: string; name: string }) {
  const token = await issueAccountToken(tx, { userId: user.id, email: user.email, purpose: 'verify_email' });
  return mailEvent({ ...verifyEmailMail({ to: user.email, name: user.name, link: appLink(`/verify-email/${token}`) }), ref: `user:${user.id}` });
}

export async function register(ctx: BaseContext, body: z.output<typeof registerBody>): Promise<NewSession> {
  const passwordHash = await hashPassword(body.password);
  try {
    const { user, session } = await withEvents(ctx, async (tx, emit) => {
      const [created] = await tx.insert(users).values({ email: body.email, name: body.name, passwordHash }).returning(userColumns);
      let user = created!;
      // The invitation link proves the inbox: the email is verified and that one invitation accepted. Without
      // it, registering joins nothing; the address is verified by the link mailed now.
      const joined = body.invitationToken ? await acceptInvitationOnRegister(tx, body.invitationToken, user) : null;
      if (joined) {
        emit(...joined.events);
        user = joined.user;
      } else {
        emit(await sendVerification(tx, user));
      }
      const session = await createSession(tx, { userId: user.id, userAgent: ctx.userAgent, ip: ctx.ip });
      return { user, session };
    });
    return { user, sessionId: session.sessionId, refreshToken: session.refreshToken };
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('An account with this email already exists');
    throw err;
  }
}

export async function signIn(ctx: BaseContext, body: z.output<typeof loginBody>): Promise<NewSession | MfaChallenge> {
  await claimSignInAttempt(ctx.db, body.email, ctx.ip);
  const found = await findUserByEmail(ctx.db, body.email);
  const valid = await verifyPassword(body.password, found?.passwordHash ?? null);
  if (!found || !valid) throw wrongCredentials();
  const { passwordHash: _hash, twoFactorSecret: _secret, ...user } = found;
  if (user.twoFactorEnabledAt) return { mfaRequired: true, mfaToken: await signMfaToken(user.id) };
  await clearSignInFailures(ctx.db, body.email, ctx.ip);
  return startSession(ctx, user);
}

/** Login's second step: the challenge token and a code from the app or a recovery code. */
export async function signInSecondFactor(ctx: BaseContext, body: z.output<typeof loginTwoFactorBody>): Promise<NewSession> {
  const userId = verifyMfaToken(body.mfaToken);
  if (!userId) throw new ApiError(401, 'unauthorized', 'This sign-in took too long; enter your password again');
  const [found] = await ctx.db
    .select({ ...userColumns, twoFactorSecret: users.twoFactorSecret })
    .from(users)
    .where(eq(users.id, userId));
  if (!found?.twoFactorEnabledAt || !found.twoFactorSecret) throw new ApiError(401, 'unauthorized', 'Sign in again');
  const email = found.email.toLowerCase();
  await claimSignInAttempt(ctx.db, email, ctx.ip);
  const { twoFactorSecret, ...user } = found;
  const viaCode = body.code !== undefined;
  if (!(await useSecondFactor(ctx.db, { id: user.id, twoFactorSecret }, viaCode ? body.code! : body.recoveryCode!))) {
    throw viaCode
      ? invalidField('code', 'That code is not right or was used already')
      : invalidField('recoveryCode', 'That recovery code is not right or was used already');
  }
  await clearSignInFailures(ctx.db, email, ctx.ip);
  return startSession(ctx, user);
}

export async function updateMe(ctx: UserContext, body: z.output<typeof updateMeBody>) {
  const [user] = await ctx.db
    .update(users)
    .set({ ...(body.name !== undefined ? { name: body.name } : {}), updatedAt: sql`now()` })
    .where(eq(users.id, ctx.user.id))
    .returning(userColumns);
  return toUser(user!);
}

/** Attempts at the current password (change, two-factor off): counted per user before they are checked. */
const passwordLimits = (userId: string): Counted[] => [{ bucket: 'password:user', key: userId, limit: 5, windowSeconds: 15 * 60 }];

/**
 * Checks the current password, stores the new one and signs out every other session, in one transaction; the
 * user's realtime connections are dropped so the signed-out browsers stop receiving events.
 */
export async function changePassword(ctx: UserContext, body: z.output<typeof changePasswordBody>): Promise<void> {
  await consume(ctx.db, passwordLimits(ctx.user.id));
  if (!(await verifyPassword(body.currentPassword, await passwordHashOf(ctx.db, ctx.user.id)))) {
    throw invalidField('currentPassword', 'Current password is incorrect');
  }
  if (body.currentPassword === body.newPassword) throw invalidField('newPassword', 'Choose a password different from the current one');
  const passwordHash = await hashPassword(body.newPassword);
  await withEvents(ctx, async (tx, emit) => {
    await tx
      .update(users)
      .set({ passwordHash, updatedAt: sql`now()` })
      .where(eq(users.id, ctx.user.id));
    await revokeOtherSessions(tx, ctx.user.id, ctx.user.sessionId);
    emit(mailEvent(passwordChangedMail({ to: ctx.user.email, name: ctx.user.name })), terminateConnectionsEvent(ctx.user.id));
  });
  await forget(ctx.db, passwordLimits(ctx.user.id));
}

/** Signs out one of the caller's own sessions; its browser's realtime connection is dropped with it. */
export async function endSession(ctx: UserContext, sessionId: string): Promise<void> {
  await withEvents(ctx, async (tx, emit) => {
    if (!(await revokeSession(tx, ctx.user.id, sessionId))) throw notFound('Session');
    emit(terminateConnectionsEvent(ctx.user.id));
  });
}

/** Mails a new verification link (the earlier one stops working). */
export async function requestEmailVerification(ctx: UserContext): Promise<void> {
  await consume(ctx.db, [{ bucket: 'verify-email:user', key: ctx.user.id, limit: 5, windowSeconds: 3600 }]);
  await withEvents(ctx, async (tx, emit) => {
    const [user] = await tx.select(userColumns).from(users).where(eq(users.id, ctx.user.id));
    if (!user) throw notFound('User');
    if (user.emailVerifiedAt) throw conflict('Your email address is already verified');
    emit(await sendVerification(tx, user));
  });
}

export async function verifyEmail(ctx: BaseContext, token: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const used = await useAccountToken(tx, token, 'verify_email');
    if (!used) throw gone('This verification link has expired or was used already; ask for a new one from your account page');
    // The link verifies the address it was sent to, and only while it is still the account's address.
    await tx
      .update(users)
      .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`, updatedAt: sql`now()` })
      .where(and(eq(users.id, used.userId), sql`lower(${users.email}) = lower(${used.email})`));
  });
}

/**
 * Answers 204 at once whatever the email; the lookup, the token and the mail happen after the response, so the
 * answer's timing says nothing about whether the account exists.
 */
export async function forgotPassword(ctx: BaseContext, email: string): Promise<void> {
  await consume(ctx.db, [{ bucket: 'forgot:email', key: email, limit: 3, windowSeconds: 3600 }]);
  ctx.after(() =>
    withEvents(ctx, async (tx, emit) => {
      const [user] = await tx
        .select(userColumns)
        .from(users)
        .where(sql`lower(${users.email}) = ${email}`);
      if (!user) return;
      const token = await issueAccountToken(tx, { userId: user.id, email: user.email, purpose: 'reset_password' });
      emit(mailEvent({ ...resetPasswordMail({ to: user.email, name: user.name, link: appLink(`/reset-password/${token}`) }), ref: `user:${user.id}` }));
    }),
  );
}

/** Sets the new password, signs out every session (and drops every realtime connection) of the account. */
export async function resetPassword(ctx: BaseContext, body: z.output<typeof resetPasswordBody>): Promise<void> {
  const passwordHash = await hashPassword(body.newPassword);
  const email = await withEvents(ctx, async (tx, emit) => {
    const used = await useAccountToken(tx, body.token, 'reset_password');
    if (!used) throw gone('This reset link has expired, was used already, or a newer one was sent; ask for a new one');
    const [user] = await tx
      .update(users)
      // The link proves the inbox, so the address counts as verified too.
      .set({ passwordHash, emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`, updatedAt: sql`now()` })
      .where(eq(users.id, used.userId))
      .returning(userColumns);
    if (!user) throw gone('This account no longer exists');
    await revokeOtherSessions(tx, user.id, null);
    emit(mailEvent(passwordChangedMail({ to: user.email, name: user.name })), terminateConnectionsEvent(user.id));
    return user.email.toLowerCase();
  });
  await clearSignInFailures(ctx.db, email);
}

/** Starts two-factor set-up: a new pending secret (replacing an unfinished set-up). */
export async function setupTwoFactor(ctx: UserContext) {
  const { secret, otpauthUrl } = newTotpSecret(ctx.user.email);
  const rows = await ctx.db
    .update(users)
    .set({ twoFactorSecret: secret, twoFactorLastStep: null })
    .where(and(eq(users.id, ctx.user.id), isNull(users.twoFactorEnabledAt)))
    .returning({ id: users.id });
  if (rows.length === 0) throw conflict('Two-factor sign-in is already on; turn it off first to set up a new app');
  return { secret, otpauthUrl };
}

const twoFactorLimits = (userId: string): Counted[] => [{ bucket: '2fa:user', key: userId, limit: 10, windowSeconds: 15 * 60 }];

/** Turns two-factor sign-in on with a first code from the app; answers the recovery codes, shown once. */
export async function enableTwoFactor(ctx: UserContext, code: string): Promise<{ recoveryCodes: string[] }> {
  await consume(ctx.db, twoFactorLimits(ctx.user.id));
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx
      .select({ secret: users.twoFactorSecret, enabledAt: users.twoFactorEnabledAt })
      .from(users)
      .where(eq(users.id, ctx.user.id))
      .for('update');
    if (user?.enabledAt) throw conflict('Two-factor sign-in is already on');
    if (!user?.secret) throw conflict('Start the set-up first');
    const step = totpStep(user.secret, code);
    if (step === null || !(await claimTotpStep(tx, ctx.user.id, step)))
      throw invalidField('code', 'That code is not right; check the time on your phone and try the next one');
    await tx
      .update(users)
      .set({ twoFactorEnabledAt: sql`now()` })
      .where(eq(users.id, ctx.user.id));
    return { recoveryCodes: await replaceRecoveryCodes(tx, ctx.user.id) };
  });
}

/** Turns two-factor sign-in off: the password and a current code (or a recovery code). */
export async function disableTwoFactor(ctx: UserContext, body: z.output<typeof twoFactorDisableBody>): Promise<void> {
  await consume(ctx.db, [...passwordLimits(ctx.user.id), ...twoFactorLimits(ctx.user.id)]);
  const [user] = await ctx.db
    .select({ passwordHash: users.passwordHash, secret: users.twoFactorSecret, enabledAt: users.twoFactorEnabledAt })
    .from(users)
    .where(eq(users.id, ctx.user.id));
  if (!user?.enabledAt || !user.secret) throw conflict('Two-factor sign-in is not on');
  if (!(await verifyPassword(body.password, user.passwordHash))) throw invalidField('password', 'Password is incorrect');
  if (!(await useSecondFactor(ctx.db, { id: ctx.user.id, twoFactorSecret: user.secret }, body.code)))
    throw invalidField('code', 'That code is not right or was used already');
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ twoFactorSecret: null, twoFactorEnabledAt: null, twoFactorLastStep: null }).where(eq(users.id, ctx.user.id));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, ctx.user.id));
  });
}
