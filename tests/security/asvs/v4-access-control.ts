// ASVS 4.0 V4 Access control: tenant isolation and roles (the registry-driven matrix in tests/api), and the
// invitation flow: nobody joins a workspace without answering their own invitation with the invited, verified email.
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import {
  client,
  codeOf,
  createWorkspace,
  invitationToken,
  invite,
  query,
  register,
  show,
  sql,
  team,
  uniqueEmail,
  verifyEmail,
  type Account,
  type AsvsChapter,
  type AsvsRow,
} from '../support.js';

const sha256hex = (value: string) => createHash('sha256').update(value).digest('hex');

const workspacesOf = async (account: Account) =>
  (await client().get('/api/auth/me', { token: account.token })).body.workspaces as { id: string; role: string }[];

const accept = (account: Account, token: string) => client().post(`/api/invitations/${token}/accept`, undefined, { token: account.token });

async function owned() {
  const owner = await register({ name: 'Olivia Owner' });
  const workspace = await createWorkspace(owner);
  return { owner, workspace };
}

async function expectNotMember(account: Account, wid: string) {
  expect((await workspacesOf(account)).map((w) => w.id)).not.toContain(wid);
  const res = await client().get(`/api/workspaces/${wid}`, { token: account.token });
  expect(res.status, show(res)).toBe(404);
}

export const v4Rows: AsvsRow[] = [
  {
    id: 'V4.1.1',
    requirement:
      'Every workspace endpoint of the registry enforces access on the server: no or a bad token → 401, a member of another workspace → 404, another tenant’s ids → 404 (4.2.1)',
    coveredBy: 'tests/api/access-matrix.test.ts',
  },
  {
    id: 'V4.1.3',
    requirement: 'Every workspace endpoint of the registry refuses each role below the one it needs with 403, and lets the others through (least privilege)',
    coveredBy: 'tests/api/access-matrix.test.ts',
  },
  {
    id: 'V4.2.1',
    requirement: 'Registering an invited email without the invitation’s link joins nothing (even an invitation to be owner); the invitation stays pending',
    async test() {
      const { owner, workspace } = await owned();
      const email = uniqueEmail('squatter');
      expect((await invite(owner, workspace.id, email, 'owner')).status).toBe(201);
      const squatter = await register({ email });
      await expectNotMember(squatter, workspace.id);
      const members = await owner.api.get(`/api/workspaces/${workspace.id}/members`, { token: owner.token });
      const row = members.body.data.find((m: { email: string }) => m.email === email);
      expect(row).toMatchObject({ status: 'invited', userId: null, name: null });
    },
  },
  {
    id: 'V4.2.1',
    requirement: 'Registering with another email’s invitation token joins nothing and verifies nothing',
    async test() {
      const { owner, workspace } = await owned();
      const invited = uniqueEmail('invited');
      await invite(owner, workspace.id, invited, 'admin');
      const token = await invitationToken(invited, workspace.name);
      const thief = await register({ email: uniqueEmail('thief'), invitationToken: token });
      await expectNotMember(thief, workspace.id);
      const me = await client().get('/api/auth/me', { token: thief.token });
      expect(me.body.user.emailVerifiedAt).toBeNull();
      expect((await client().get(`/api/invitations/${token}`)).status, 'the invitation is still open for its owner').toBe(200);
    },
  },
  {
    id: 'V4.2.1',
    requirement: 'Accepting an invitation signed in with another email → 403 email_mismatch, and joins nothing',
    async test() {
      const { owner, workspace } = await owned();
      const invited = uniqueEmail('invited');
      await invite(owner, workspace.id, invited, 'agent');
      const token = await invitationToken(invited, workspace.name);
      const other = await register();
      await verifyEmail(other);
      const res = await accept(other, token);
      expect(res.status, show(res)).toBe(403);
      expect(codeOf(res)).toBe('email_mismatch');
      await expectNotMember(other, workspace.id);
    },
  },
  {
    id: 'V4.2.1',
    requirement: 'Accepting with the invited email before it is verified → 403 email_not_verified; once verified, accepting joins with the invited role',
    async test() {
      const { owner, workspace } = await owned();
      const email = uniqueEmail('invited');
      await invite(owner, workspace.id, email, 'viewer');
      const token = await invitationToken(email, workspace.name);
      const invitee = await register({ email });
      const early = await accept(invitee, token);
      expect(early.status, show(early)).toBe(403);
      expect(codeOf(early)).toBe('email_not_verified');
      await expectNotMember(invitee, workspace.id);
      await verifyEmail(invitee);
      const res = await accept(invitee, token);
      expect(res.status, show(res)).toBe(200);
      expect(res.body).toMatchObject({ id: workspace.id, role: 'viewer' });
    },
  },
  {
    id: 'V4.2.1',
    requirement:
      'Inviting an existing account never adds it without its acceptance, and the answer (status and body) is the same as for an email without an account: nothing tells whether the account exists or its name',
    async test() {
      const { owner, workspace } = await owned();
      const existing = await register({ name: 'Existing Person' });
      const unknown = uniqueEmail('unknown');
      const [a, b] = [await invite(owner, workspace.id, existing.email, 'agent'), await invite(owner, workspace.id, unknown, 'agent')];
      expect(a.status, show(a)).toBe(201);
      expect(b.status, show(b)).toBe(201);
      const shape = (body: Record<string, unknown>) => ({
        ...body,
        id: typeof body.id,
        email: typeof body.email,
        createdAt: typeof body.createdAt,
        expiresAt: typeof body.expiresAt,
      });
      expect(shape(a.body)).toEqual(shape(b.body));
      expect(a.body).toMatchObject({ userId: null, name: null, status: 'invited' });
      expect(JSON.stringify(a.body)).not.toContain('Existing Person');
      expect(JSON.stringify(a.body)).not.toContain(existing.id);
      expect([...a.headers.keys()].sort()).toEqual([...b.headers.keys()].sort());
      await expectNotMember(existing, workspace.id);
      const members = await owner.api.get(`/api/workspaces/${workspace.id}/members`, { token: owner.token });
      const rows = members.body.data.filter((m: { email: string }) => m.email === existing.email || m.email === unknown);
      expect(rows).toHaveLength(2);
      for (const row of rows) expect(row).toMatchObject({ status: 'invited', userId: null, name: null });
    },
  },
  {
    id: 'V4.2.1',
    requirement: 'An invitation link is single use: once accepted, accepting, reading or declining it again answers 410',
    async test() {
      const { owner, workspace } = await owned();
      const email = uniqueEmail('invited');
      await invite(owner, workspace.id, email, 'agent');
      const token = await invitationToken(email, workspace.name);
      const invitee = await register({ email, invitationToken: token });
      expect((await workspacesOf(invitee)).map((w) => w.id)).toContain(workspace.id);
      const again = await accept(invitee, token);
      expect(again.status, show(again)).toBe(410);
      expect((await client().get(`/api/invitations/${token}`)).status).toBe(410);
      expect((await client().post(`/api/invitations/${token}/decline`)).status).toBe(410);
      const second = await register({ email: uniqueEmail('second'), invitationToken: token });
      await expectNotMember(second, workspace.id);
    },
  },
  {
    id: 'V4.2.1',
    requirement: 'A resent link replaces the earlier one (which then opens nothing); revoked, declined and expired invitations answer 410 and join nobody',
    async test() {
      const { owner, workspace } = await owned();
      // Resent: the first link stops working, the new one works.
      const email = uniqueEmail('resent');
      const created = await invite(owner, workspace.id, email, 'agent');
      const first = await invitationToken(email, workspace.name);
      const resent = await owner.api.post(`/api/workspaces/${workspace.id}/members/${created.body.id}/resend`, undefined, { token: owner.token });
      expect(resent.status, show(resent)).toBe(200);
      let second = first;
      await expect
        .poll(async () => {
          second = await invitationToken(email, workspace.name);
          return second;
        })
        .not.toBe(first);
      expect((await client().get(`/api/invitations/${first}`)).status).not.toBe(200);
      const invitee = await register({ email });
      await verifyEmail(invitee);
      expect((await accept(invitee, first)).status, 'the replaced link').not.toBe(200);
      await expectNotMember(invitee, workspace.id);
      expect((await accept(invitee, second)).status).toBe(200);

      // Revoked.
      const revokedEmail = uniqueEmail('revoked');
      const revoked = await invite(owner, workspace.id, revokedEmail, 'agent');
      const revokedToken = await invitationToken(revokedEmail, workspace.name);
      expect((await owner.api.delete(`/api/workspaces/${workspace.id}/members/${revoked.body.id}`, { token: owner.token })).status).toBe(204);
      expect((await client().get(`/api/invitations/${revokedToken}`)).status).toBe(410);
      const late = await register({ email: revokedEmail, invitationToken: revokedToken });
      await expectNotMember(late, workspace.id);

      // Declined.
      const declinedEmail = uniqueEmail('declined');
      await invite(owner, workspace.id, declinedEmail, 'agent');
      const declinedToken = await invitationToken(declinedEmail, workspace.name);
      expect((await client().post(`/api/invitations/${declinedToken}/decline`)).status).toBe(204);
      expect((await client().get(`/api/invitations/${declinedToken}`)).status).toBe(410);
      const afterDecline = await register({ email: declinedEmail, invitationToken: declinedToken });
      await expectNotMember(afterDecline, workspace.id);

      // Expired: seven days pass.
      const expiredEmail = uniqueEmail('expired');
      await invite(owner, workspace.id, expiredEmail, 'agent');
      const expiredToken = await invitationToken(expiredEmail, workspace.name);
      await query(sql`update invitations set expires_at = now() - interval '1 second' where token_hash = ${sha256hex(expiredToken)}`);
      expect((await client().get(`/api/invitations/${expiredToken}`)).status).toBe(410);
      const tooLate = await register({ email: expiredEmail, invitationToken: expiredToken });
      await expectNotMember(tooLate, workspace.id);
    },
  },
  {
    id: 'V4.1.2',
    requirement: 'Only an owner invites or promotes to owner: an admin inviting an owner, raising an invitation or themselves to owner → 403',
    async test() {
      const { owner, admin, workspace } = await team();
      const asOwner = await invite(admin, workspace.id, uniqueEmail('would-be-owner'), 'owner');
      expect(asOwner.status, show(asOwner)).toBe(403);
      const pending = await invite(admin, workspace.id, uniqueEmail('agent'), 'agent');
      expect(pending.status).toBe(201);
      const raise = await admin.api.patch(`/api/workspaces/${workspace.id}/members/${pending.body.id}`, { role: 'owner' }, { token: admin.token });
      expect(raise.status, show(raise)).toBe(403);
      const self = await admin.api.patch(`/api/workspaces/${workspace.id}/members/${admin.id}`, { role: 'owner' }, { token: admin.token });
      expect(self.status, show(self)).toBe(403);
      const roles = (await owner.api.get(`/api/workspaces/${workspace.id}/members`, { token: owner.token })).body.data.map((m: { role: string }) => m.role);
      expect(roles.filter((r: string) => r === 'owner')).toHaveLength(1);
    },
  },
  {
    id: 'V4.1.1',
    requirement: 'A removed member loses access at once: their token is answered 404 on the workspace’s reads and writes',
    async test() {
      const { owner, agent, workspace } = await team();
      expect((await client().get(`/api/workspaces/${workspace.id}/customers`, { token: agent.token })).status).toBe(200);
      expect((await owner.api.delete(`/api/workspaces/${workspace.id}/members/${agent.id}`, { token: owner.token })).status).toBe(204);
      const read = await client().get(`/api/workspaces/${workspace.id}/customers`, { token: agent.token });
      expect(read.status, show(read)).toBe(404);
      const written = await client().post(`/api/workspaces/${workspace.id}/customers`, { name: 'After removal' }, { token: agent.token });
      expect(written.status, show(written)).toBe(404);
    },
  },
  {
    id: 'V4.3.2',
    requirement: 'The development server serves only what the SPA needs: api/, db/, dev/, .data/ (the JWT secret), .env files are refused',
    coveredBy: 'dev/vite-fs.test.ts',
  },
];

export const v4: AsvsChapter = { chapter: 'V4 Access control', file: 'tests/security/asvs-v4.test.ts', rows: v4Rows };
