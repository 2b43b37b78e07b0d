// Declarative endpoints: each route names its method, path, who may call it, the zod schemas of its input
// and a function from (context, input) to result. The kernel (handler.ts) does everything else.
import type { VercelRequest, VercelResponse } from '@vercel/node';
import type { z } from 'zod';
import type { Role } from '../../../contracts/roles.js';
import type { Db } from '../../../db/client.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** 'public': anyone; 'user': any signed-in user; a role: a member of the URL's workspace (`:wid`) with at least that role. */
export type Access = 'public' | 'user' | Role;

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

export type ContextFor<A extends Access> = A extends 'public' ? BaseContext : A extends 'user' ? UserContext : MemberContext;

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteDef<A extends Access = Access, P extends Schema | undefined = Schema | undefined, Q extends Schema | undefined = Schema | undefined, B extends Schema | undefined = Schema | undefined> {
  method: Method;
  /** Relative to the function's prefix, e.g. '/:wid/members/:userId'. */
  path: string;
  access: A;
  params?: P;
  query?: Q;
  body?: B;
  /** Success status; a handler returning undefined answers 204. */
  status?: number;
  handle(ctx: ContextFor<A>, input: { params: Out<P>; query: Out<Q>; body: Out<B> }): Promise<unknown>;
}

export function route<A extends Access, P extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, B extends Schema | undefined = undefined>(
  def: RouteDef<A, P, Q, B>,
): RouteDef {
  return def as unknown as RouteDef;
}
