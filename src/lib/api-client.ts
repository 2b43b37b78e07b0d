// The SPA's one HTTP client. Same origin, cookies included (the refresh cookie is scoped to /api/auth).
// It adds the in-memory access token, answers a 401 by refreshing the session once and retrying once
// (concurrent 401s share one refresh), and turns every failure into an ApiError.
import axios, { AxiosError, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import type { Method, RequestOf, ResponseOf } from '../../contracts/endpoint';
import { CLIENT_ROUTES } from '../../contracts/generated/client-routes';
import type { AuthResponse } from '../../contracts/auth';
import type { EndpointById, EndpointId } from '../../contracts/registry';
import { apiErrorFrom, ApiError } from './api-error';
import { env } from './env';
import { sessionStore } from './session-store';

declare module 'axios' {
  interface AxiosRequestConfig {
    /** Set on the one retry after a refresh, so a second 401 is final. */
    _retried?: boolean;
  }
}

export const api = axios.create({
  baseURL: env.apiBaseUrl,
  withCredentials: true,
  headers: { Accept: 'application/json' },
  timeout: 30_000,
});

// The endpoints that establish or end a session never trigger a refresh (a 401 there is the answer).
// Other /api/auth/* endpoints (me, password, sessions) need a valid access token like any other call.
const SESSION_ENDPOINTS = /^\/api\/auth\/(login(\/2fa)?|register|refresh|logout)(\?|$)/;

function shouldRefresh(error: unknown): error is AxiosError & { config: InternalAxiosRequestConfig } {
  if (!(error instanceof AxiosError) || !error.config || error.config._retried) return false;
  if (error.response?.status !== 401 || SESSION_ENDPOINTS.test(error.config.url ?? '')) return false;
  // A wrong password (e.g. the current one when changing it) is not an expired token.
  const code = (error.response.data as { error?: { code?: unknown } } | undefined)?.error?.code;
  return code !== 'invalid_credentials';
}

api.interceptors.request.use((config) => {
  const token = sessionStore.getAccessToken();
  if (token) config.headers.set('Authorization', `Bearer ${token}`);
  return config;
});

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof AxiosError) {
    if (!error.response) return apiErrorFrom(0, undefined);
    return apiErrorFrom(error.response.status, error.response.data, error.response.headers['retry-after']);
  }
  return apiErrorFrom(0, undefined);
}

api.interceptors.response.use(
  (response) => response,
  async (error: unknown) => {
    if (!shouldRefresh(error)) throw toApiError(error);
    const config = error.config;

    try {
      await refreshSession();
    } catch (refreshError) {
      const failure = toApiError(refreshError);
      // The server said no (no cookie, revoked, replayed): the session is over. A network failure or a 5xx
      // is not proof of that, so the user keeps their place and sees the error instead.
      if (failure.status >= 400 && failure.status < 500) {
        sessionStore.signOut('expired');
        throw toApiError(error);
      }
      throw failure;
    }
    config._retried = true;
    return api.request(config);
  },
);

let refreshInFlight: Promise<AuthResponse> | null = null;

/**
 * POST /api/auth/refresh, at most one at a time. Each refresh rotates the cookie and presenting an old
 * one revokes the whole session, so two refreshes must never race: within this tab they share one promise,
 * across tabs a Web Lock (where the browser has it) makes the next tab send the already-rotated cookie.
 */
export function refreshSession(): Promise<AuthResponse> {
  refreshInFlight ??= withRefreshLock(() => api.post<AuthResponse>('/api/auth/refresh'))
    .then((response: AxiosResponse<AuthResponse>) => {
      sessionStore.signIn(response.data);
      return response.data;
    })
    .finally(() => {
      refreshInFlight = null;
    });
  return refreshInFlight;
}

function withRefreshLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? (locks.request('switchboard:refresh-session', task) as Promise<T>) : task();
}

/** Extra request options of a typed call. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Sent as `Idempotency-Key` (endpoints that honour it: API.md, Conventions added in round 2). */
  idempotencyKey?: string;
  headers?: Record<string, string>;
}

type CallArgs<Id extends EndpointId> =
  object extends RequestOf<EndpointById<Id>> ? [request?: RequestOf<EndpointById<Id>> & CallOptions] : [request: RequestOf<EndpointById<Id>> & CallOptions];

/** An endpoint's method and path pattern, from the generated route table. */
export function endpointRoute(id: EndpointId): { method: Method; path: string } {
  const [method, path] = CLIENT_ROUTES[id]!.split(' ') as [Method, string];
  return { method, path };
}

/** The URL of an endpoint with its path parameters filled in (each encoded once). */
export function endpointUrl(id: EndpointId, params: Record<string, string> = {}): string {
  return endpointRoute(id).path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${id}: missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}

/**
 * Calls an endpoint by its id in the registry (`'inbox.listConversations'`): the URL comes from the generated
 * route table, and the params, query, body and answer are typed from the endpoint's contract. The contract's
 * schemas are imported as types only, so this adds no zod to the bundle.
 */
export async function call<Id extends EndpointId>(id: Id, ...[request]: CallArgs<Id>): Promise<ResponseOf<EndpointById<Id>>> {
  const route = endpointRoute(id);
  const { params, query, body, signal, idempotencyKey, headers } = (request ?? {}) as {
    params?: Record<string, string>;
    query?: Record<string, unknown>;
    body?: unknown;
  } & CallOptions;
  const response = await api.request<ResponseOf<EndpointById<Id>>>({
    method: route.method,
    url: endpointUrl(id, params),
    params: query,
    data: body,
    signal,
    headers: { ...headers, ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}) },
  });
  // 204 No Content: axios gives an empty string; the contract says there is no answer.
  return (response.status === 204 ? undefined : response.data) as ResponseOf<EndpointById<Id>>;
}
