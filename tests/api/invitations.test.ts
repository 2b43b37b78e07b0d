// Invitations by emailed link: nobody joins a workspace without answering their own invitation, and inviting
// reveals nothing about whether an account exists.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitations } from '../../db/schema/identity.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { inviteToken, signUp, teamFixture, uniqueEmail } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
  team = await teamFixture(api);
});
afterAll(() => app.close());

const members = (wid = team.workspace.id) => `/api/workspaces/${wid}/members`;
const tokenOf = (link: string) => new URL(link).pathname.split('/').pop()!;

/** Invites the email and reads the link from the mail the invitee receives. */
async function inviteByMail(email: string, role = 'agent') {
  const invited = await api.post(members(), { email, role }, { token: team.admin.token });
  expect(invited.status).toBe(201);
  const mail = await app.mail.waitFor((m) => m.to.includes(email) && /invited you/i.test(m.subject + m.text), 10_000);
  const link = mail.links.find((l) => l.includes('/invite/'))!;
  return { invited: invited.body, mail, token: tokenOf(link) };
}

describe('inviting', () => {
  it('emails a single-use link with the workspace, the inviter and the role; the link shows them without signing in', async () => {
    const email = uniqueEmail('invitee');
    const { invited, mail, token } = await inviteByMail(email);
    expect(invited).toMatchObject({ email, role: 'agent', status: 'invited', userId: null, name: null, emailStatus: 'pending' });
    expect(Date.parse(invited.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    expect(mail.text).toContain('Acme');
    expect(mail.text).toContain('Adam Admin');
    const shown = await api.get(`/api/invitations/${token}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({
      workspace: { id: team.workspace.id, name: 'Acme' },
      email,
      role: 'agent',
      invitedBy: { name: 'Adam Admin' },
      expiresAt: invited.expiresAt,
    });
    // Stored as a hash only.
    const [row] = await app.database.db.select().from(invitations).where(eq(invitations.id, invited.id));
    expect(row!.tokenHash).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token);
    // Once the relay took it, the members list says so.
    await expect
      .poll(async () => (await api.get(members(), { token: team.admin.token })).body.data.find((m: { id: string }) => m.id === invited.id)?.emailStatus, {
        timeout: 5000,
      })
      .toBe('sent');
  });

  it('answers the same for an existing account and an unknown email, and adds nobody', async () => {
    const existing = await signUp(api, { name: 'Eve Existing' });
    const known = await api.post(members(), { email: existing.user.email, role: 'viewer' }, { token: team.admin.token });
    const unknown = await api.post(members(), { email: uniqueEmail('nobody'), role: 'viewer' }, { token: team.admin.token });
    expect(known.status).toBe(201);
    expect(unknown.status).toBe(201);
    expect(Object.keys(known.body).sort()).toEqual(Object.keys(unknown.body).sort());
    expect(known.body).toMatchObject({ status: 'invited', userId: null, name: null });
    expect((await api.get('/api/auth/me', { token: existing.token })).body.workspaces).toEqual([]);
  });

  it('refuses a second live invitation and an existing member with 409; only owners invite owners', async () => {
    const email = uniqueEmail();
    expect((await api.post(members(), { email, role: 'agent' }, { token: team.admin.token })).status).toBe(201);
    expect((await api.post(members(), { email, role: 'agent' }, { token: team.admin.token })).status).toBe(409);
    expect((await api.post(members(), { email: team.agent.user.email, role: 'agent' }, { token: team.admin.token })).status).toBe(409);
    expect((await api.post(members(), { email: uniqueEmail(), role: 'owner' }, { token: team.admin.token })).status).toBe(403);
    expect((await api.post(members(), { email: uniqueEmail(), role: 'agent' }, { token: team.agent.token })).status).toBe(403);
  });
});

describe('answering', () => {
  it('registering the invited email without the link joins nothing; with the link it joins, verified', async () => {
    const email = uniqueEmail('ivy');
    const { token } = await inviteByMail(email);
    const squatter = await signUp(api, { email });
    expect((await api.get('/api/auth/me', { token: squatter.token })).body).toMatchObject({ user: { emailVerifiedAt: null }, workspaces: [] });

    const other = uniqueEmail('joiner');
    const { token: joinToken } = await inviteByMail(other);
    const joined = await signUp(api, { email: other, name: 'Jo Joiner', invitationToken: joinToken });
    const me = await api.get('/api/auth/me', { token: joined.token });
    expect(me.body.workspaces).toEqual([{ id: team.workspace.id, name: 'Acme', role: 'agent' }]);
    expect(me.body.user.emailVerifiedAt).not.toBeNull();
    // The link is used up.
    expect((await api.get(`/api/invitations/${joinToken}`)).status).toBe(410);
    const log = await api.get(`/api/workspaces/${team.workspace.id}/activity`, { token: team.admin.token });
    expect(log.body.data[0]).toMatchObject({ action: 'member.joined', subjectId: joined.user.id });
    // The squatter's account still cannot use Ivy's link: it is not verified.
    const refused = await api.post(`/api/invitations/${token}/accept`, undefined, { token: squatter.token });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('email_not_verified');
  });

  it('a link registered with another email joins nothing', async () => {
    const { token } = await inviteByMail(uniqueEmail('meant'));
    const stranger = await signUp(api, { invitationToken: token });
    expect((await api.get('/api/auth/me', { token: stranger.token })).body.workspaces).toEqual([]);
    expect((await api.get(`/api/invitations/${token}`)).status).toBe(200);
    const refused = await api.post(`/api/invitations/${token}/accept`, undefined, { token: stranger.token });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('email_mismatch');
  });

  it('an existing account accepts after verifying its email', async () => {
    const existing = await signUp(api, { name: 'Vera Verified' });
    const verification = await app.mail.waitFor((m) => m.to.includes(existing.user.email) && m.links.some((l) => l.includes('/verify-email/')), 10_000);
    const { token } = await inviteByMail(existing.user.email, 'viewer');
    expect((await api.post(`/api/invitations/${token}/accept`, undefined, { token: existing.token })).body.error.code).toBe('email_not_verified');
    const verifyToken = tokenOf(verification.links.find((l) => l.includes('/verify-email/'))!);
    expect((await api.post('/api/auth/verify-email', { token: verifyToken })).status).toBe(204);
    const accepted = await api.post(`/api/invitations/${token}/accept`, undefined, { token: existing.token });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ id: team.workspace.id, name: 'Acme', role: 'viewer' });
    expect((await api.post(`/api/invitations/${token}/accept`, undefined, { token: existing.token })).status).toBe(410);
  });

  it('declining and revoking retire the link (410); resending and copying a link replace it', async () => {
    const declined = await inviteByMail(uniqueEmail('decliner'));
    expect((await api.post(`/api/invitations/${declined.token}/decline`)).status).toBe(204);
    expect((await api.get(`/api/invitations/${declined.token}`)).status).toBe(410);
    expect((await api.post(`/api/invitations/${declined.token}/decline`)).status).toBe(410);

    const revoked = await inviteByMail(uniqueEmail('revoked'));
    expect((await api.delete(`${members()}/${revoked.invited.id}`, { token: team.admin.token })).status).toBe(204);
    expect((await api.get(`/api/invitations/${revoked.token}`)).body.error.code).toBe('gone');

    const email = uniqueEmail('resent');
    const first = await inviteByMail(email);
    app.mail.clear();
    const resent = await api.post(`/api/workspaces/${team.workspace.id}/members/${first.invited.id}/resend`, undefined, { token: team.admin.token });
    expect(resent.status).toBe(200);
    const second = await app.mail.waitFor((m) => m.to.includes(email), 10_000);
    // A replaced link is unknown now (only the newest hash is kept): 404 with a message saying it may have been replaced.
    const replaced = await api.get(`/api/invitations/${first.token}`);
    expect(replaced.status).toBe(404);
    expect(replaced.body.error.message).toMatch(/replaced/);
    const secondToken = tokenOf(second.links.find((l) => l.includes('/invite/'))!);
    expect((await api.get(`/api/invitations/${secondToken}`)).status).toBe(200);
    const copied = await api.post(`/api/workspaces/${team.workspace.id}/members/${first.invited.id}/link`, undefined, { token: team.admin.token });
    expect(copied.body.url).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    expect((await api.get(`/api/invitations/${secondToken}`)).status).toBe(404);
    expect((await api.get(`/api/invitations/${tokenOf(copied.body.url)}`)).status).toBe(200);

    expect((await api.get('/api/invitations/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
  });

  it('an expired link answers 410; inviting the email again renews it', async () => {
    const email = uniqueEmail('late');
    const { invited, token } = await inviteByMail(email);
    await app.database.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, invited.id));
    expect((await api.get(`/api/invitations/${token}`)).status).toBe(410);
    expect((await signUp(api, { email, invitationToken: token }).then((s) => api.get('/api/auth/me', { token: s.token }))).body.workspaces).toEqual([]);
    const again = await api.post(members(), { email, role: 'viewer' }, { token: team.admin.token });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(invited.id);
  });

  it('the fixture helper joins through the same link', async () => {
    const email = uniqueEmail('helper');
    const { token } = await inviteToken(api, team.owner.token, team.workspace.id, email, 'admin');
    const admin = await signUp(api, { email, invitationToken: token });
    expect((await api.get('/api/auth/me', { token: admin.token })).body.workspaces).toMatchObject([{ id: team.workspace.id, role: 'admin' }]);
  });
});
