// Invitations: an admin invites an email, the invitee answers through a single-use link. The link's token (256
// random bits) is stored only as a SHA-256 hash; a new link (resend, copy) replaces it. No one joins a workspace
// without answering their own invitation with the invited, verified email (or registering from its link, which
// proves the inbox).
import { and, eq, gt, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { addMemberBodySchema } from '../../../contracts/workspaces.js';
import { assertSeatAvailable } from '../billing/seats.js';
import { isUniqueViolation, type Tx } from '../../../db/client.js';
import { invitations, memberships, users, workspaces } from '../../../db/schema/identity.js';
import { recordActivity } from '../activity/record.js';
import { userColumns, type UserRow } from '../auth/sessions.js';
import { hashToken, newRefreshToken } from '../auth/tokens.js';
import { withEvents, type DomainEvent } from '../events/outbox.js';
import { mailEvent } from '../events/sinks.js';
import { ApiError, conflict, forbidden, gone, notFound } from '../http/errors.js';
import type { BaseContext, MemberContext, UserContext } from '../http/route.js';
import { appLink, invitationMail } from '../mail/templates.js';
import { memberRemoved, memberUpdated } from '../workspaces/events.js';
import { toMember, type Member } from '../workspaces/members.js';
import { toWorkspace } from '../workspaces/queries.js';

export const INVITATION_TTL_SECONDS = 7 * 24 * 60 * 60;

type AddMemberBody = z.output<typeof addMemberBodySchema>;
type InvitationRow = typeof invitations.$inferSelect;

const unknownLink = () =>
  new ApiError(404, 'not_found', 'This invitation link is not valid; it may have been replaced by a newer one. Ask the person who invited you for a new link');

const invitationGone = () => gone('This invitation has expired, was withdrawn or was answered already; ask for a new one');

const invitedMember = (i: Pick<InvitationRow, 'id' | 'email' | 'role' | 'createdAt' | 'expiresAt'>, emailStatus: Member['emailStatus']): Member =>
  toMember({ userId: null, invitationId: i.id, email: i.email, name: null, role: i.role, createdAt: i.createdAt, expiresAt: i.expiresAt, emailStatus });

/** Gives the invitation a new link valid 7 days from now; the earlier link stops working. */
async function newLink(tx: Tx, invitationId: string): Promise<{ token: string; invitation: InvitationRow }> {
  const token = newRefreshToken();
  const [invitation] = await tx
    .update(invitations)
    .set({ tokenHash: hashToken(token), expiresAt: sql`now() + make_interval(secs => ${INVITATION_TTL_SECONDS})` })
    .where(eq(invitations.id, invitationId))
    .returning();
  return { token, invitation: invitation! };
}

/** The invitation email, sent after the commit; `ref` lets the members list show its delivery. */
async function invitationEmail(tx: Tx, invitation: InvitationRow, token: string, inviter: { name: string }): Promise<DomainEvent> {
  const [workspace] = await tx.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, invitation.workspaceId));
  const message = invitationMail({
    to: invitation.email,
    workspaceName: workspace?.name ?? 'a workspace',
    inviterName: inviter.name,
    role: invitation.role,
    link: appLink(`/invite/${token}`),
    expiresAt: invitation.expiresAt,
  });
  return mailEvent({ ...message, ref: `invitation:${invitation.id}` }, invitation.workspaceId);
}

/**
 * POST …/members: invites the email, whether or not it has an account (the answer is the same either way). An
 * expired invitation for the same email is renewed; a live one is a conflict (resend it from the list).
 */
export async function inviteMember(ctx: MemberContext, body: AddMemberBody): Promise<Member> {
  if (body.role === 'owner' && ctx.role !== 'owner') throw forbidden('Only an owner can invite an owner');
  try {
    return await withEvents(ctx, async (tx, emit) => {
      const [member] = await tx
        .select({ userId: memberships.userId })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.workspaceId, ctx.workspaceId), sql`lower(${users.email}) = ${body.email}`));
      if (member) throw conflict('This person is already a member');
      const [existing] = await tx
        .select()
        .from(invitations)
        .where(and(eq(invitations.workspaceId, ctx.workspaceId), eq(invitations.status, 'pending'), sql`lower(${invitations.email}) = ${body.email}`))
        .for('update');
      if (existing && existing.expiresAt > new Date()) throw conflict('This email is invited already; resend the invitation from the members list');
      await assertSeatAvailable(tx, ctx.workspaceId, existing?.id ?? null);
      let id = existing?.id;
      if (existing) {
        await tx.update(invitations).set({ role: body.role, invitedBy: ctx.user.id }).where(eq(invitations.id, existing.id));
      } else {
        const [created] = await tx
          .insert(invitations)
          .values({ workspaceId: ctx.workspaceId, email: body.email, role: body.role, invitedBy: ctx.user.id })
          .returning({ id: invitations.id });
        id = created!.id;
      }
      const { token, invitation } = await newLink(tx, id!);
      await recordActivity(tx, {
        workspaceId: ctx.workspaceId,
        actorId: ctx.user.id,
        action: 'member.invited',
        subjectId: invitation.id,
        metadata: { email: body.email, role: body.role },
      });
      const row = invitedMember(invitation, 'pending');
      emit(memberUpdated(ctx.workspaceId, row), await invitationEmail(tx, invitation, token, ctx.user));
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('This email is invited already; resend the invitation from the members list');
    throw err;
  }
}

/** A pending invitation of the caller's workspace, locked; only owners manage invitations to be an owner. */
async function pendingInvitation(tx: Tx, ctx: MemberContext, id: string): Promise<InvitationRow> {
  const [invitation] = await tx
    .select()
    .from(invitations)
    .where(and(eq(invitations.id, id), eq(invitations.workspaceId, ctx.workspaceId), eq(invitations.status, 'pending')))
    .for('update');
  if (!invitation) throw notFound('Invitation');
  if (invitation.role === 'owner' && ctx.role !== 'owner') throw forbidden('Only an owner can manage invitations to be an owner');
  return invitation;
}

/** Emails the invitation again with a new link (7 more days). */
export async function resendInvitation(ctx: MemberContext, id: string): Promise<Member> {
  return withEvents(ctx, async (tx, emit) => {
    await pendingInvitation(tx, ctx, id);
    const { token, invitation } = await newLink(tx, id);
    await recordActivity(tx, {
      workspaceId: ctx.workspaceId,
      actorId: ctx.user.id,
      action: 'member.invitation_resent',
      subjectId: id,
      metadata: { email: invitation.email, role: invitation.role },
    });
    const row = invitedMember(invitation, 'pending');
    emit(memberUpdated(ctx.workspaceId, row), await invitationEmail(tx, invitation, token, ctx.user));
    return row;
  });
}

/** A new link to share another way (chat, in person); the emailed link stops working. */
export async function invitationLink(ctx: MemberContext, id: string): Promise<{ url: string; expiresAt: string }> {
  return withEvents(ctx, async (tx, emit) => {
    await pendingInvitation(tx, ctx, id);
    const { token, invitation } = await newLink(tx, id);
    emit(memberUpdated(ctx.workspaceId, invitedMember(invitation, null)));
    return { url: appLink(`/invite/${token}`), expiresAt: invitation.expiresAt.toISOString() };
  });
}

/** Withdraws a pending invitation (DELETE …/members/{invitationId}); its link then answers 410. */
export async function revokeInvitation(tx: Tx, ctx: MemberContext, id: string): Promise<DomainEvent[] | null> {
  const [invitation] = await tx
    .update(invitations)
    .set({ status: 'revoked', respondedAt: sql`now()` })
    .where(and(eq(invitations.id, id), eq(invitations.workspaceId, ctx.workspaceId), eq(invitations.status, 'pending')))
    .returning();
  if (!invitation) return null;
  await recordActivity(tx, {
    workspaceId: ctx.workspaceId,
    actorId: ctx.user.id,
    action: 'member.invitation_revoked',
    subjectId: invitation.id,
    metadata: { email: invitation.email },
  });
  return [memberRemoved(ctx.workspaceId, invitation.id, null)];
}

/** The invitation behind a link, locked, whatever its state (null: no such link). */
async function byToken(tx: Tx, token: string) {
  const [row] = await tx
    .select()
    .from(invitations)
    .where(eq(invitations.tokenHash, hashToken(token)))
    .for('update');
  return row ?? null;
}

const isOpen = (i: InvitationRow) => i.status === 'pending' && i.expiresAt > new Date();

/** Makes the user a member through the invitation and marks it accepted; the events for the caller to emit. */
async function join(tx: Tx, invitation: InvitationRow, user: { id: string; email: string; name: string }) {
  const [joined] = await tx
    .insert(memberships)
    .values({ workspaceId: invitation.workspaceId, userId: user.id, role: invitation.role })
    .onConflictDoNothing()
    .returning({ role: memberships.role, createdAt: memberships.createdAt });
  await tx
    .update(invitations)
    .set({ status: 'accepted', respondedAt: sql`now()` })
    .where(eq(invitations.id, invitation.id));
  const events: DomainEvent[] = [memberRemoved(invitation.workspaceId, invitation.id, null)];
  if (joined) {
    await recordActivity(tx, {
      workspaceId: invitation.workspaceId,
      actorId: user.id,
      action: 'member.joined',
      subjectId: user.id,
      metadata: { name: user.name, email: user.email, role: invitation.role, invitedBy: invitation.invitedBy },
    });
    const member = toMember({ userId: user.id, invitationId: null, email: user.email, name: user.name, role: joined.role, createdAt: joined.createdAt });
    events.push(memberUpdated(invitation.workspaceId, member));
  }
  return events;
}

/** GET /api/invitations/{token}: what the invitation page shows. */
export async function readInvitation(ctx: BaseContext, token: string) {
  const [row] = await ctx.db
    .select({
      status: invitations.status,
      expiresAt: invitations.expiresAt,
      email: invitations.email,
      role: invitations.role,
      workspaceId: workspaces.id,
      workspaceName: workspaces.name,
      inviterName: users.name,
    })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(eq(invitations.tokenHash, hashToken(token)));
  if (!row) throw unknownLink();
  if (row.status !== 'pending' || row.expiresAt <= new Date()) throw invitationGone();
  return {
    workspace: { id: row.workspaceId, name: row.workspaceName },
    email: row.email,
    role: row.role,
    invitedBy: row.inviterName ? { name: row.inviterName } : null,
    expiresAt: row.expiresAt.toISOString(),
  };
}

/** POST /api/invitations/{token}/accept: the signed-in user joins, if the invitation is theirs and their email verified. */
export async function acceptInvitation(ctx: UserContext, token: string) {
  return withEvents(ctx, async (tx, emit) => {
    const invitation = await byToken(tx, token);
    if (!invitation) throw unknownLink();
    if (!isOpen(invitation)) throw invitationGone();
    const [user] = await tx.select(userColumns).from(users).where(eq(users.id, ctx.user.id));
    if (!user || user.email.toLowerCase() !== invitation.email.toLowerCase()) {
      throw new ApiError(403, 'email_mismatch', `This invitation is for ${invitation.email}; sign in with that address to accept it`);
    }
    if (!user.emailVerifiedAt) {
      throw new ApiError(403, 'email_not_verified', 'Verify your email address first: open the link we emailed you, then accept again');
    }
    emit(...(await join(tx, invitation, user)));
    const [workspace] = await tx
      .select({ id: workspaces.id, name: workspaces.name, createdAt: workspaces.createdAt, role: memberships.role })
      .from(workspaces)
      .innerJoin(memberships, and(eq(memberships.workspaceId, workspaces.id), eq(memberships.userId, user.id)))
      .where(eq(workspaces.id, invitation.workspaceId));
    return toWorkspace(workspace!, workspace!.role);
  });
}

/** POST /api/invitations/{token}/decline: the link stops working; the admins see it declined in the log. */
export async function declineInvitation(ctx: BaseContext, token: string): Promise<void> {
  await withEvents(ctx, async (tx, emit) => {
    const invitation = await byToken(tx, token);
    if (!invitation) throw unknownLink();
    if (!isOpen(invitation)) throw invitationGone();
    await tx
      .update(invitations)
      .set({ status: 'declined', respondedAt: sql`now()` })
      .where(eq(invitations.id, invitation.id));
    await recordActivity(tx, {
      workspaceId: invitation.workspaceId,
      actorId: null,
      action: 'member.invitation_declined',
      subjectId: invitation.id,
      metadata: { email: invitation.email, role: invitation.role },
    });
    emit(memberRemoved(invitation.workspaceId, invitation.id, null));
  });
}

/**
 * Registration from an invitation link: when the token is a live invitation for the new account's email, the
 * email counts as verified and the invitation is accepted, in the registration's transaction. Otherwise null
 * (registering joins nothing).
 */
export async function acceptInvitationOnRegister(tx: Tx, token: string, user: UserRow): Promise<{ user: UserRow; events: DomainEvent[] } | null> {
  const [invitation] = await tx
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.tokenHash, hashToken(token)),
        eq(invitations.status, 'pending'),
        gt(invitations.expiresAt, sql`now()`),
        sql`lower(${invitations.email}) = ${user.email.toLowerCase()}`,
      ),
    )
    .for('update');
  if (!invitation) return null;
  const [verified] = await tx
    .update(users)
    .set({ emailVerifiedAt: sql`now()` })
    .where(eq(users.id, user.id))
    .returning(userColumns);
  return { user: verified!, events: await join(tx, invitation, verified!) };
}
