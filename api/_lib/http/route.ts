// What a handler sees: the request context for its endpoint's access level. Endpoints themselves are data in
// contracts/ (contracts/endpoint.ts); api/_lib/http/implement.ts binds handlers to them.
import type { VercelRequest, VercelResponse } from '@vercel/node';
import type { Access } from '../../../contracts/endpoint.js';
import type { Role } from '../../../contracts/roles.js';
import type { Db } from '../../../db/client.js';
import type { ReadScope } from './read-scope.js';

import type { Method } from '../../../contracts/endpoint.js';
export type { Access, Method } from '../../../contracts/endpoint.js';

export interface SessionUser {
  id: string;
  sessionId: string;
  name: string;
  email: string;
}

export interface BaseContext {
  req: VercelRequest;
  res: VercelResponse;
  db: Db;
  ip: string | null;
  userAgent: string | null;
  /** The caller's Pusher socket (X-Socket-Id), so realtime events skip the sender's own socket. */
  socketId: string | null;
  /** Work that runs after the response is sent (waitUntil on Vercel); failures are logged, never surfaced. */
  after(task: () => Promise<unknown>): void;
}
export interface UserContext extends BaseContext {
  user: SessionUser;
}
export interface MemberContext extends UserContext {
  workspaceId: string;
  role: Role;
}

/**
 * A signed-in GET: the token is verified, and the caller check (session live, membership, role) runs inside the
 * read's own statement through `scope` (read-scope.ts), so a read costs one round trip. The kernel answers 500
 * when a GET handler returns without having run it.
 */
export interface UserReadContext extends BaseContext {
  user: Pick<SessionUser, 'id' | 'sessionId'>;
  scope: ReadScope;
}
export interface MemberReadContext extends UserReadContext {
  workspaceId: string;
}

export type ContextFor<A extends Access, M extends Method = Method> = A extends 'public'
  ? BaseContext
  : M extends 'GET'
    ? A extends 'user'
      ? UserReadContext
      : MemberReadContext
    : A extends 'user'
      ? UserContext
      : MemberContext;
