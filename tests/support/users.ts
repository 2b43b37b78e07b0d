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

export async function signUp(api: Api, input: { email?: string; name?: string; password?: string } = {}): Promise<SignedIn> {
  const email = input.email ?? uniqueEmail();
  const res = await api.post('/api/auth/register', { email, name: input.name ?? 'Test User', password: input.password ?? PASSWORD });
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

/** Signs up a new user and adds them to the workspace with the given role. */
export async function addMember(
  api: Api,
  ownerToken: string,
  workspaceId: string,
  role: 'owner' | 'admin' | 'agent' | 'viewer',
  name = `${role} user`,
): Promise<SignedIn> {
  const member = await signUp(api, { email: uniqueEmail(role), name });
  const res = await api.post(`/api/workspaces/${workspaceId}/members`, { email: member.user.email, role }, { token: ownerToken });
  if (res.status !== 201) throw new Error(`add member failed: ${res.status} ${JSON.stringify(res.body)}`);
  return member;
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
