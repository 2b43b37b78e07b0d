// Builders for web tests: valid API shapes with just the fields a test cares about overridden.
import type { AuthResponse, User } from '../../contracts/auth';
import type { Invitation } from '../../contracts/invitations';
import type { Member, Workspace } from '../../contracts/workspaces';
import type { Conversation, ConversationDetail, Message } from '../../contracts/conversations';
import type { Customer } from '../../contracts/customers';
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
  emailVerifiedAt: '2026-01-01T00:00:00.000Z',
  twoFactorEnabled: false,
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
  expiresAt: null,
  emailStatus: null,
  ...over,
});

/** A pending invitation as the members list shows it (no user yet). */
export const invitedMember = (over: Partial<Member> & Pick<Member, 'id' | 'email'>): Member => ({
  userId: null,
  name: null,
  role: 'agent',
  status: 'invited',
  createdAt: '2026-01-01T00:00:00.000Z',
  expiresAt: '2026-01-08T00:00:00.000Z',
  emailStatus: 'sent',
  ...over,
});

export const invitation = (over: Partial<Invitation> = {}): Invitation => ({
  workspace: { id: ids.workspace, name: 'Acme Coffee' },
  email: 'me@example.com',
  role: 'agent',
  invitedBy: { name: 'Olivia Owner' },
  expiresAt: '2026-01-08T00:00:00.000Z',
  ...over,
});

export const inboxIds = {
  customer: '00000000-0000-4000-8000-0000000000c1',
  conversation: (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  message: (n: number) => `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`,
};

export const customer = (over: Partial<Customer> = {}): Customer => ({
  id: inboxIds.customer,
  name: 'Maya Chen',
  email: 'maya@example.com',
  phone: null,
  company: 'Bean There',
  tags: ['wholesale'],
  code: 'CLI-0001',
  address: null,
  taxId: null,
  notes: null,
  status: 'active',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

export const conversation = (n: number, over: Partial<Conversation> = {}): Conversation => ({
  id: inboxIds.conversation(n),
  number: n,
  customer: { id: inboxIds.customer, name: `Customer ${n}` },
  channel: 'email',
  status: 'open',
  subject: `Subject ${n}`,
  assigneeId: null,
  tags: [],
  aiActive: false,
  channelId: null,
  snoozedUntil: null,
  unreadCount: 0,
  lastMessage: { content: `Last message ${n}`, senderType: 'customer', createdAt: '2026-01-02T10:00:00.000Z' },
  lastMessageAt: '2026-01-02T10:00:00.000Z',
  createdAt: '2026-01-02T09:00:00.000Z',
  updatedAt: '2026-01-02T10:00:00.000Z',
  ...over,
});

export const conversationDetail = (n: number, over: Partial<ConversationDetail> = {}): ConversationDetail => ({
  ...conversation(n),
  notes: null,
  ...over,
});

export const message = (n: number, over: Partial<Message> = {}): Message => ({
  id: inboxIds.message(n),
  conversationId: inboxIds.conversation(1),
  senderType: 'customer',
  senderId: null,
  delivery: null,
  attachments: [],
  event: null,
  content: `Message ${n}`,
  private: false,
  createdAt: new Date(Date.UTC(2026, 0, 2, 10, n)).toISOString(),
  ...over,
});

export const page = <T>(data: T[], nextCursor: string | null = null) => ({ data, nextCursor });
