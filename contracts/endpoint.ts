// An endpoint is data: method, full path, who may call it, and the zod schemas of its input and answer. The
// server binds a handler to it (api/_lib/http/implement.ts), the SPA calls it through one typed client
// (src/lib/call.ts), and /api/openapi.json is generated from it. Type-only zod import: this file adds no
// runtime weight to whoever imports it.
import type { z } from 'zod';
import type { Role } from './roles.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** 'public': anyone; 'user': any signed-in user; a role: a member of the URL's workspace (`:wid`) with at least that role. */
export type Access = 'public' | 'user' | Role;

export interface EndpointDef {
  method: Method;
  /** The full URL path with `:name` parameters, e.g. `/api/workspaces/:wid/conversations/:id`. */
  path: string;
  access: Access;
  /** One line for the docs. */
  summary: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The success answer's schema; none means 204 No Content. */
  response?: z.ZodType;
  /** Success status when there is a body (default 200). */
  status?: number;
  /** Honours `Idempotency-Key` (API.md, Conventions added in round 2). */
  idempotent?: boolean;
  /**
   * An example request body: shown in the docs, and sent by the registry-driven tests (round trips, tenancy and
   * role matrices) to endpoints that have no hand-written sample, so a new domain's endpoints are exercised too.
   */
  example?: unknown;
  /**
   * Fields of `example` that must name a real record: the field and the collection it comes from (e.g.
   * `{ plantId: '/api/workspaces/:wid/plants' }`). The registry-driven tests put a real id of that collection in
   * its place (in a CSV example, in place of the placeholder id).
   */
  exampleRefs?: Record<string, string>;
  /** The body is not JSON (e.g. CSV, or the OpenAPI document): the answer is not checked against `response`. */
  raw?: boolean;
  /**
   * Requests per client address the kernel lets through per window, counted before anything else runs (429
   * with the real wait in Retry-After). Every public endpoint states one, or `null` for those that read
   * nothing a caller could abuse (health, configuration, the API document).
   */
  rateLimit?: RateLimit | null;
  /**
   * The endpoint sets or uses the refresh cookie: it takes `application/json` only, and a cross-site request
   * (`Origin` of another site, or `Sec-Fetch-Site: cross-site`) is refused with 403 (login CSRF).
   */
  cookie?: boolean;
  /**
   * The scope an API key (`Authorization: Bearer sbk_…`) needs to call this workspace endpoint: by default `read`
   * for GET and `write` for the rest; `null` refuses keys (403), e.g. managing the keys themselves.
   */
  keyScope?: ApiKeyScope | null;
}

/** What an API key may do (API.md "Analytics, services and the API platform"). */
export type ApiKeyScope = 'read' | 'write' | 'metrics:write';

/** Every API key starts with this (here, not in api-keys.ts, so the kernel can tell a key without loading zod schemas). */
export const API_KEY_PREFIX = 'sbk_';

export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

/** Declares one endpoint; keeps its literal types so handlers and the client infer from it. */
export function endpoint<const E extends EndpointDef>(def: E): E {
  return def;
}

/** A domain's endpoints, keyed by operation name (e.g. `listConversations`). */
export type EndpointGroup = Record<string, EndpointDef>;

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
type In<S> = S extends z.ZodType ? z.input<S> : undefined;

/** What a handler receives once the kernel has validated the request. */
export interface InputOf<E extends EndpointDef> {
  params: Out<E['params']>;
  query: Out<E['query']>;
  body: Out<E['body']>;
}

/** What a handler returns: the answer before serialisation (dates already strings), or nothing for 204. */
export type ResultOf<E extends EndpointDef> = E['response'] extends z.ZodType ? z.input<E['response']> : undefined;

/** What the client receives. */
export type ResponseOf<E extends EndpointDef> = E['response'] extends z.ZodType ? z.output<E['response']> : undefined;

/** What the client sends: path params, query and body as the caller writes them (before defaults). */
export type RequestOf<E extends EndpointDef> = (E['params'] extends z.ZodType ? { params: In<E['params']> } : { params?: undefined }) &
  (E['query'] extends z.ZodType ? { query?: In<E['query']> } : { query?: undefined }) &
  (E['body'] extends z.ZodType ? { body: In<E['body']> } : { body?: undefined });
