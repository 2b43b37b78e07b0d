// A member as the API shows it: an active membership or a pending invitation, one row shape for both.
import type { Role } from '../../../contracts/roles.js';

export type EmailStatus = 'pending' | 'sent' | 'failed';

export type MemberRow = {
  userId: string | null;
  invitationId: string | null;
  email: string;
  name: string | null;
  role: Role;
  createdAt: Date;
  /** An invitation's: when its link expires, and where its latest email is. */
  expiresAt?: Date | null;
  emailStatus?: EmailStatus | null;
};

export const toMember = (m: MemberRow) => ({
  id: m.userId ?? m.invitationId!,
  userId: m.userId,
  email: m.email,
  name: m.name,
  role: m.role,
  status: m.userId ? ('active' as const) : ('invited' as const),
  createdAt: m.createdAt.toISOString(),
  expiresAt: m.expiresAt?.toISOString() ?? null,
  emailStatus: m.userId ? null : (m.emailStatus ?? 'pending'),
});
export type Member = ReturnType<typeof toMember>;
