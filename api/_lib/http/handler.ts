// The handler kernel: turns a function's routes into a Vercel handler. It rebuilds the full URL path from the
// rewrite's parameters, routes inside the function (static segments before parameters, whatever the order of
// declaration), authenticates, checks workspace membership and role, loads the matched route's module, parses
// and validates input, honours Idempotency-Key, checks the answer against its contract outside production, and
// shapes every error.
import type { VercelRequest, VercelResponse } from '@vercel/node';
import { waitUntil } from '@vercel/functions';
import { ZodError, type z } from 'zod';
import { API_KEY_PREFIX, type Access, type EndpointDef, type Method, type RateLimit } from '../../../contracts/endpoint.js';
import type { ErrorBody } from '../../../contracts/errors.js';
import { roleAtLeast, type Role } from '../../../contracts/roles.js';
import { dataExceptionCode, isConnectionError, withoutQuery, type Db } from '../../../db/client.js';
import { database } from '../db.js';
import { loadCaller, tokenClaims } from '../auth/caller.js';
import { serverEnv } from '../env.js';
import { parse as parseQueryString } from 'node:querystring';
import { ApiError, forbidden, notFound, unauthorized } from './errors.js';
import { bodyParsed, readRawBody } from './raw-body.js';
import { assertSameSiteJson, clientAddress } from './request-guards.js';
import { Reply, type Implemented } from './implement.js';
import { ReadScope } from './read-scope.js';
import type { BaseContext, MemberContext, MemberReadContext, UserContext, UserReadContext } from './route.js';

/** One route of a function: known without loading its module, which is imported when a request matches it. */
export interface RouteEntry {
  method: Method;
  path: string;
  access: Access;
  /** Per-address limit the kernel applies before anything else (contracts/endpoint.ts). */
  rateLimit?: RateLimit | null;
  /** Uses the refresh cookie: JSON only, same site only. */
  cookie?: boolean;
  load(): Implemented | Promise<Implemented>;
}

export interface HandlerOptions {
  /** The vercel.json rewrite sources that reach this function (or its own URL for a plain file). */
  families: readonly string[];
  routes: RouteEntry[];
  /** Cross-origin calls allowed on some paths (the web widget's); everywhere else no CORS header is ever sent. */
  cors?: CorsPolicy;
}

/**
 * CORS on the paths under `prefix`: an allowed origin is echoed in Access-Control-Allow-Origin (before the route
 * runs, so errors are readable too) and its preflight (OPTIONS) answered 204 with the methods and headers; an
 * origin not allowed gets an answer without any CORS header.
 */
export interface CorsPolicy {
  prefix: string;
  allows(origin: string, path: string, req: VercelRequest, db: Db): Promise<boolean>;
}

interface CompiledRoute {
  entry: RouteEntry;
  regex: RegExp;
  names: string[];
  /** One character per segment, '0' static and '1' parameter: sorting by it puts static segments first. */
  rank: string;
}

function compile(entry: RouteEntry): CompiledRoute {
  const names: string[] = [];
  const segments = entry.path.split('/').filter(Boolean);
  const source = segments
    .map((segment) => {
      if (segment.startsWith(':')) {
        names.push(segment.slice(1));
        return '/([^/]+)';
      }
      return '/' + segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  const rank = segments.map((s) => (s.startsWith(':') ? '1' : '0')).join('');
  return { entry, regex: new RegExp(`^${source}/?$`), names, rank };
}

interface FamilySegment {
  literal?: string;
  param?: string;
  /** `:path*`: may be empty and may hold slashes. */
  rest?: boolean;
}

function parseFamily(family: string): FamilySegment[] {
  return family
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      const m = /^:([A-Za-z_]\w*)(?:\(.*\))?([*+?])?$/.exec(segment);
      if (!m) return { literal: segment };
      return { param: m[1]!, rest: m[2] === '*' };
    });
}

function queryValue(req: VercelRequest, name: string): string | undefined {
  const value = req.query[name];
  return Array.isArray(value) ? value.join('/') : value;
}

/**
 * The URL path the client asked for, rebuilt from the parameters the rewrite passed (req.query values are
 * decoded once by the runtime), and the query keys that carried it. Null when no family fits.
 */
function requestPath(req: VercelRequest, families: FamilySegment[][]): { path: string; used: string[] } | null {
  // A family whose every parameter arrived wins over one whose rest parameter is merely absent (a function
  // with several families, e.g. /api/workspaces/:path* and /api/invitations/:invitation*).
  const complete = families.filter((family) => family.every((segment) => segment.literal !== undefined || queryValue(req, segment.param!) !== undefined));
  for (const family of [...complete, ...families]) {
    const parts: string[] = [];
    const used: string[] = [];
    let fits = true;
    for (const segment of family) {
      if (segment.literal !== undefined) {
        parts.push(segment.literal);
        continue;
      }
      const value = queryValue(req, segment.param!);
      if (segment.rest) {
        if (value) parts.push(value);
        if (value !== undefined) used.push(segment.param!);
        continue;
      }
      if (!value || value.includes('/')) {
        fits = false;
        break;
      }
      parts.push(value);
      used.push(segment.param!);
    }
    if (fits) return { path: '/' + parts.join('/'), used };
  }
  return null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function zodDetails(error: ZodError, prefix: string) {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    const message = issue.code === 'unrecognized_keys' ? `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}` : issue.message;
    return { path: issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? [path, issue.keys[0]].filter(Boolean).join('.') : path || prefix, message };
  });
}

function validate(schema: z.ZodType | undefined, value: unknown, where: 'params' | 'query' | 'body'): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // A malformed id in the URL names no resource: 404, like an unknown one.
  if (where === 'params') throw notFound();
  const details = zodDetails(result.error, where === 'body' ? '' : where);
  throw new ApiError(422, 'validation_failed', 'Some fields are not valid', details);
}

function firstHeader(value: string | string[] | undefined): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  return v ? v : null;
}

// Only the types Vercel's helpers parse: for application/*+json req.body is undefined, so accepting it would
// silently treat the body as empty.
const JSON_TYPE = /^application\/json$/i;
const FORM_TYPE = /^application\/x-www-form-urlencoded$/i;

async function readBody(req: VercelRequest): Promise<unknown> {
  const contentType = (firstHeader(req.headers['content-type']) ?? '').split(';')[0]!.trim();
  const length = Number(firstHeader(req.headers['content-length']) ?? 0);
  const chunked = Boolean(req.headers['transfer-encoding']);
  if (!contentType && !length && !chunked) return {};
  if (contentType && !JSON_TYPE.test(contentType) && !FORM_TYPE.test(contentType)) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json');
  }
  if (!contentType) throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json');
  if (!bodyParsed(req)) {
    // The function reads bodies itself (webhooks, CSV imports): parse as Vercel's helpers would.
    const text = (await readRawBody(req)).toString('utf8');
    if (FORM_TYPE.test(contentType)) return parseQueryString(text);
    try {
      return text ? (JSON.parse(text) as unknown) : {};
    } catch {
      throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON');
    }
  }
  try {
    const body: unknown = req.body;
    return body ?? {};
  } catch {
    throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON');
  }
}

function sendError(res: VercelResponse, err: ApiError): void {
  const body: ErrorBody = { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
  for (const [name, value] of Object.entries(err.headers ?? {})) res.setHeader(name, value);
  res.status(err.status).json(body);
}

/**
 * Outside production every answer is checked against its contract; a mismatch is a bug on our side, so it
 * answers 500 (and fails the test that made the request) instead of sending a shape clients do not expect.
 */
const CHECK_RESPONSES = process.env.NODE_ENV !== 'production' || process.env.CHECK_RESPONSES === '1';

function checkAnswer(endpoint: EndpointDef, status: number, body: unknown): void {
  if (!CHECK_RESPONSES || endpoint.raw || status >= 300) return;
  if (!endpoint.response) {
    if (body !== undefined) throw new Error(`${endpoint.method} ${endpoint.path} answered a body but its contract says 204`);
    return;
  }
  const result = endpoint.response.safeParse(body);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${endpoint.method} ${endpoint.path} answered a body that does not match its contract: ${issues}`);
  }
}

/** The answer's status and body, as the handler decided them. */
function answerOf(endpoint: EndpointDef, result: unknown): { status: number; body: unknown } {
  if (result instanceof Reply) return { status: result.status, body: result.body };
  if (result === undefined) return { status: 204, body: undefined };
  return { status: endpoint.status ?? 200, body: result };
}

const IDEMPOTENCY_KEY = 'idempotency-key';

export function createHandler({ families, routes, cors }: HandlerOptions) {
  const compiled = routes.map(compile).sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
  const parsedFamilies = families.map(parseFamily);

  return async function handler(req: VercelRequest, res: VercelResponse): Promise<void> {
    // Work queued with ctx.after() runs once the response is sent, and only if the request succeeded.
    const afterResponse: (() => Promise<unknown>)[] = [];
    let responded = false;
    const runAfter = (task: () => Promise<unknown>) => waitUntil(task().catch((err: unknown) => console.error('[after]', err)));
    let scope: ReadScope | undefined;
    try {
      const located = requestPath(req, parsedFamilies);
      if (!located) throw notFound('Endpoint');
      const method = (req.method ?? 'GET').toUpperCase();
      if (cors && located.path.startsWith(cors.prefix)) {
        res.setHeader('Vary', 'Origin');
        const origin = firstHeader(req.headers.origin);
        const corsAllowed = origin !== null && (await cors.allows(origin, located.path, req, (await database()).db));
        if (corsAllowed) res.setHeader('Access-Control-Allow-Origin', origin!);
        if (method === 'OPTIONS') {
          if (corsAllowed) {
            res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
            res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
            res.setHeader('Access-Control-Max-Age', '600');
          }
          res.status(204).end();
          return;
        }
      }

      let match: { route: CompiledRoute; values: RegExpExecArray } | undefined;
      const allowed = new Set<string>();
      for (const candidate of compiled) {
        const values = candidate.regex.exec(located.path);
        if (!values) continue;
        allowed.add(candidate.entry.method);
        if (candidate.entry.method === method || (method === 'HEAD' && candidate.entry.method === 'GET')) {
          match ??= { route: candidate, values };
        }
      }
      if (!match) {
        if (allowed.size === 0) throw notFound('Endpoint');
        throw new ApiError(405, 'method_not_allowed', `Use ${[...allowed].join(', ')} on this path`, undefined, {
          Allow: [...allowed].join(', '),
        });
      }
      const { entry, names } = match.route;
      const pathValues: Record<string, string> = {};
      names.forEach((name, i) => {
        pathValues[name] = match.values[i + 1] ?? '';
      });

      if (entry.cookie) assertSameSiteJson(req);
      const db = (await database()).db;
      const ip = clientAddress(req, serverEnv().trustProxy);
      if (entry.rateLimit) {
        const { consume } = await import('./rate-limit.js');
        await consume(db, [{ bucket: `${entry.method} ${entry.path}`, key: ip ?? 'unknown', ...entry.rateLimit }]);
      }
      const base: BaseContext = {
        req,
        res,
        db,
        ip,
        userAgent: firstHeader(req.headers['user-agent'])?.slice(0, 512) ?? null,
        socketId: firstHeader(req.headers['x-socket-id']),
        after(task) {
          // Queued until the response is sent; after-work that queues more (e.g. a write's outbox dispatch) runs it at once.
          if (responded) runAfter(task);
          else afterResponse.push(task);
        },
      };

      let ctx: BaseContext | UserContext | MemberContext | UserReadContext | MemberReadContext = base;
      /** The API key the request acts with, if any. */
      let acting: { id: string; name: string } | null = null;
      let workspaceId: string | null = null;
      if (entry.access !== 'public') {
        const header = firstHeader(req.headers.authorization);
        const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
        if (!token) throw unauthorized();
        const wid = entry.access === 'user' ? undefined : pathValues.wid;
        if (wid !== undefined && !UUID.test(wid)) throw notFound('Workspace');
        if (token.startsWith(API_KEY_PREFIX)) {
          // An API key (auth/api-keys.ts): workspace endpoints only, within the key's scopes, rate limited per key.
          if (wid === undefined) throw forbidden('API keys call workspace endpoints only');
          const { keyScope = entry.method === 'GET' ? 'read' : 'write' } = (await entry.load()).endpoint;
          if (keyScope === null) throw forbidden('API keys cannot call this endpoint; sign in instead');
          const keys = await import('../auth/api-keys.js');
          const keyHash = keys.hashApiKey(token);
          const { consume } = await import('./rate-limit.js');
          await consume(db, [{ bucket: 'api-key', key: keyHash, limit: serverEnv().apiKeyRateLimit, windowSeconds: 60 }]);
          base.after(() => keys.touchApiKey(db, keyHash));
          workspaceId = wid;
          if (entry.method === 'GET') {
            scope = new ReadScope(db, { keyHash, keyScope }, wid, entry.access === 'user' ? null : entry.access);
            ctx = { ...base, user: { id: scope.userId, sessionId: '' }, scope, workspaceId: wid } satisfies MemberReadContext;
          } else {
            const caller = await keys.loadKeyCaller(db, keyHash);
            if (!caller) throw unauthorized('This API key is not valid: it was revoked, or the member it acts for left the workspace');
            if (caller.key.workspaceId !== wid) throw notFound('Workspace');
            if (!caller.key.scopes.includes(keyScope)) throw forbidden(`This API key does not have the ${keyScope} scope`);
            if (!roleAtLeast(caller.role, entry.access as Role)) throw forbidden();
            acting = { id: caller.key.id, name: caller.key.name };
            ctx = { ...base, user: caller.user, workspaceId: wid, role: caller.role } satisfies MemberContext;
          }
        } else if (entry.method === 'GET') {
          // A read: the token alone here; the caller check runs inside the read's statement (read-scope.ts).
          const claims = tokenClaims(token);
          if (!claims) throw unauthorized('Your session has expired; sign in again');
          scope = new ReadScope(db, claims, wid ?? null, entry.access === 'user' ? null : entry.access);
          const user = { id: claims.userId, sessionId: claims.sessionId };
          if (wid !== undefined) workspaceId = wid;
          ctx =
            wid === undefined ? ({ ...base, user, scope } satisfies UserReadContext) : ({ ...base, user, scope, workspaceId: wid } satisfies MemberReadContext);
        } else {
          const caller = await loadCaller(db, token, wid);
          if (!caller) throw unauthorized('Your session has expired; sign in again');
          if (entry.access === 'user') {
            ctx = { ...base, user: caller.user } satisfies UserContext;
          } else {
            if (!caller.role) throw notFound('Workspace');
            if (!roleAtLeast(caller.role, entry.access)) throw forbidden();
            workspaceId = wid!;
            ctx = { ...base, user: caller.user, workspaceId, role: caller.role } satisfies MemberContext;
          }
        }
      }

      const implemented = await entry.load();
      const { endpoint } = implemented;
      const query = { ...req.query };
      for (const name of located.used) delete query[name];
      const input = {
        params: validate(endpoint.params, pathValues, 'params'),
        query: validate(endpoint.query, query, 'query'),
        body: endpoint.body ? validate(endpoint.body, await readBody(req), 'body') : undefined,
      };
      // The one place where the contract's static types meet the request: `implement()` typed the handler
      // against this endpoint, and the input was just validated with its schemas.
      const run = async () => {
        const answer = answerOf(endpoint, await implemented.handle(ctx as never, input as never));
        if (scope && !scope.checked) throw new Error(`${endpoint.method} ${endpoint.path} returned without the caller check (read through ctx.scope)`);
        checkAnswer(endpoint, answer.status, answer.body);
        return answer;
      };

      const execute = acting ? () => import('../auth/api-keys.js').then((keys) => keys.actingKey.run(acting!, run)) : run;
      const key = firstHeader(req.headers[IDEMPOTENCY_KEY]);
      let answer: { status: number; body: unknown; replayed?: boolean };
      if (endpoint.idempotent && key !== null && 'user' in ctx) {
        // An API key has its own key space (its id stands in the caller's place).
        const keyScope = { workspaceId, userId: acting?.id ?? ctx.user.id, method, path: located.path };
        const { runIdempotent } = await import('./idempotency.js'); // only requests that carry a key need it
        answer = await runIdempotent(db, keyScope, key, JSON.stringify(input.body ?? null), execute);
        if (answer.replayed) {
          afterResponse.length = 0; // the first request already did its after-work
          res.setHeader('Idempotent-Replayed', 'true');
        }
      } else {
        answer = await execute();
      }

      if (!res.headersSent && !res.writableEnded) {
        if (answer.body === undefined) res.status(answer.status).end();
        else res.status(answer.status).json(answer.body);
      }
      responded = true;
      for (const task of afterResponse) runAfter(task);
    } catch (thrown) {
      let err = thrown;
      // A read refused before its statement ran (bad query, bad cursor…): the caller check still decides
      // first, so a stranger gets 401/404/403 as before, never a validation answer.
      if (scope && !scope.checked && err instanceof ApiError)
        err = await scope.verify().then(
          () => err,
          (e: unknown) => e,
        );
      if (res.headersSent) {
        console.error('[api] error after response was sent', err);
        return;
      }
      if (err instanceof ApiError) return sendError(res, err);
      if (err instanceof ZodError) return sendError(res, new ApiError(422, 'validation_failed', 'Some fields are not valid', zodDetails(err, '')));
      const dataException = dataExceptionCode(err);
      if (dataException) {
        // Postgres class 22 (data exception): a value from the request that the database cannot take, e.g. an
        // out-of-range date. The client's mistake, so 422; the SQL stays out of the answer and the error log.
        console.warn('[api] data exception from input:', dataException);
        return sendError(res, new ApiError(422, 'validation_failed', 'A value in the request is out of range', [{ path: '', message: 'Out of range' }]));
      }
      if (isConnectionError(err)) {
        console.error('[api] database unavailable:', (err as Error).message);
        return sendError(res, new ApiError(503, 'unavailable', 'The database cannot be reached; try again shortly', undefined, { 'Retry-After': '5' }));
      }
      console.error('[api] unhandled error', withoutQuery(err));
      sendError(res, new ApiError(500, 'internal_error', 'Something went wrong on our side'));
    }
  };
}

/** Routes of fixtures and single-file functions: endpoints with their handlers, already loaded. */
export function eagerRoutes(implemented: Implemented[]): RouteEntry[] {
  return implemented.map((impl) => ({
    method: impl.endpoint.method,
    path: impl.endpoint.path,
    access: impl.endpoint.access,
    rateLimit: impl.endpoint.rateLimit,
    cookie: impl.endpoint.cookie,
    load: () => impl,
  }));
}
