// A fake API for web tests: a custom axios adapter on the app's one client, answering from a route table.
// No network, no msw; each test states exactly what the server says.
import { AxiosError, AxiosHeaders, type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import { api } from '@/lib/api-client';

export interface MockRequest {
  method: string;
  url: string;
  params: Record<string, unknown>;
  body: unknown;
  headers: Record<string, string>;
}

export interface MockReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler = (request: MockRequest) => MockReply | Promise<MockReply>;

export interface MockApi {
  /** `on('GET /api/workspaces', …)`; the path is matched exactly, without the query string. */
  on(route: string, handler: Handler | MockReply): MockApi;
  requests: MockRequest[];
  restore(): void;
}

export const errorBody = (code: string, message: string, details?: Array<{ path: string; message: string }>) => ({
  error: { code, message, ...(details ? { details } : {}) },
});

export function mockApi(): MockApi {
  const routes = new Map<string, Handler>();
  const requests: MockRequest[] = [];
  const original = api.defaults.adapter;

  const adapter: AxiosAdapter = async (config: InternalAxiosRequestConfig) => {
    const method = (config.method ?? 'get').toUpperCase();
    const url = config.url ?? '';
    const headers = Object.fromEntries(Object.entries(AxiosHeaders.from(config.headers).toJSON()).map(([k, v]) => [k.toLowerCase(), String(v)]));
    const request: MockRequest = {
      method,
      url,
      params: (config.params as Record<string, unknown> | undefined) ?? {},
      body: typeof config.data === 'string' && config.data ? JSON.parse(config.data) : config.data,
      headers,
    };
    requests.push(request);
    const handler = routes.get(`${method} ${url}`);
    const reply: MockReply = handler ? await handler(request) : { status: 404, body: errorBody('not_found', `No mock for ${method} ${url}`) };
    const response: AxiosResponse = {
      data: reply.body ?? '',
      status: reply.status,
      statusText: String(reply.status),
      headers: new AxiosHeaders(reply.headers ?? {}),
      config,
      request: {},
    };
    if (config.validateStatus && !config.validateStatus(reply.status)) {
      throw new AxiosError(`Request failed with status code ${reply.status}`, AxiosError.ERR_BAD_REQUEST, config, {}, response);
    }
    return response;
  };
  api.defaults.adapter = adapter;

  const mock: MockApi = {
    on(route, handler) {
      routes.set(route, typeof handler === 'function' ? handler : () => handler);
      return mock;
    },
    requests,
    restore() {
      api.defaults.adapter = original;
    },
  };
  return mock;
}
