// Test fixtures built through the public API only: users, sessions, workspaces and members.
import { randomUUID } from 'node:crypto';
import type { client } from './http.js';

type Api = ReturnType<typeof client>;

export const PASSWORD = 'Correct-Horse-9';

export interface SignedIn {
  user: { id: string; email: string; name: string; createdAt: string };
  token: string;
  /** The refresh cookie as a `name=value` pair, ready for a Cookie header. */
  cookie: string;
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.test`;
}

export function refreshCookie(headers: Headers): string {
  const setCookie = headers.getSetCookie().find((c) => c.startsWith('sb_refresh='));
  if (!setCookie) throw new Error('no refresh cookie in the response');
  return setCookie.split(';')[0]!;
}

export async function signUp(api: Api, input: { email?: string; name?: string; password?: string; invitationToken?: string } = {}): Promise<SignedIn> {
  const email = input.email ?? uniqueEmail();
  const res = await api.post('/api/auth/register', {
    email,
    name: input.name ?? 'Test User',
    password: input.password ?? PASSWORD,
    ...(input.invitationToken ? { invitationToken: input.invitationToken } : {}),
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { user: res.body.user, token: res.body.accessToken, cookie: refreshCookie(res.headers) };
}

export async function signIn(api: Api, email: string, password = PASSWORD): Promise<SignedIn> {
  const res = await api.post('/api/auth/login', { email, password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { user: res.body.user, token: res.body.accessToken, cookie: refreshCookie(res.headers) };
}

export async function createWorkspace(api: Api, token: string, name = 'Test Workspace'): Promise<{ id: string; name: string; role: string }> {
  const res = await api.post('/api/workspaces', { name }, { token });
  if (res.status !== 201) throw new Error(`create workspace failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Invites an email and answers a fresh link for the invitation (as "Copy link" does): its token. */
export async function inviteToken(api: Api, adminToken: string, workspaceId: string, email: string, role: string): Promise<{ id: string; token: string }> {
  const invited = await api.post(`/api/workspaces/${workspaceId}/members`, { email, role }, { token: adminToken });
  if (invited.status !== 201) throw new Error(`invite failed: ${invited.status} ${JSON.stringify(invited.body)}`);
  const link = await api.post(`/api/workspaces/${workspaceId}/members/${invited.body.id}/link`, undefined, { token: adminToken });
  if (link.status !== 200) throw new Error(`invitation link failed: ${link.status} ${JSON.stringify(link.body)}`);
  return { id: invited.body.id, token: new URL(link.body.url).pathname.split('/').pop()! };
}

/** A new person invited with the given role, who registers from the invitation link and so joins. */
export async function addMember(
  api: Api,
  ownerToken: string,
  workspaceId: string,
  role: 'owner' | 'admin' | 'agent' | 'viewer',
  name = `${role} user`,
): Promise<SignedIn> {
  const email = uniqueEmail(role);
  const { token } = await inviteToken(api, ownerToken, workspaceId, email, role);
  return signUp(api, { email, name, invitationToken: token });
}

/** A workspace with one member of each role, plus an outsider who owns another workspace. */
export async function teamFixture(api: Api) {
  const owner = await signUp(api, { name: 'Olivia Owner' });
  const workspace = await createWorkspace(api, owner.token, 'Acme');
  const admin = await addMember(api, owner.token, workspace.id, 'admin', 'Adam Admin');
  const agent = await addMember(api, owner.token, workspace.id, 'agent', 'Ava Agent');
  const viewer = await addMember(api, owner.token, workspace.id, 'viewer', 'Victor Viewer');
  const outsider = await signUp(api, { name: 'Oscar Outsider' });
  const otherWorkspace = await createWorkspace(api, outsider.token, 'Other Co');
  return { owner, admin, agent, viewer, outsider, workspace, otherWorkspace };
}
