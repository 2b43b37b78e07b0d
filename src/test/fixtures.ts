import type { AuthResponse, Member, User, Workspace } from '../../contracts/identity';
import type { Role } from '../../contracts/roles';

export const ids = {
  me: '00000000-0000-4000-8000-000000000001',
  other: '00000000-0000-4000-8000-000000000002',
  owner: '00000000-0000-4000-8000-000000000003',
  invitation: '00000000-0000-4000-8000-000000000004',
  workspace: '00000000-0000-4000-8000-0000000000aa',
};

export const user = (over: Partial<User> = {}): User => ({
  id: ids.me,
  email: 'me@example.com',
  name: 'Mia Me',
  createdAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

export const auth = (token = 'token-1', over: Partial<User> = {}): AuthResponse => ({
  user: user(over),
  accessToken: token,
  expiresAt: '2099-01-01T00:00:00.000Z',
});

export const workspace = (role: Role, over: Partial<Workspace> = {}): Workspace => ({
  id: ids.workspace,
  name: 'Acme Coffee',
  role,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

export const member = (over: Partial<Member> & Pick<Member, 'id'>): Member => ({
  userId: over.id,
  email: `${over.id}@example.com`,
  name: 'Someone',
  role: 'agent',
  status: 'active',
  createdAt: '2026-01-01T00:00:00.000Z',
  ...over,
});
