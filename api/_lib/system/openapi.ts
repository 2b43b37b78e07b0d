// The OpenAPI 3.1 document, generated from the endpoint contracts (contracts/registry.ts): paths, parameters,
// bodies and answers from their zod schemas (JSON Schema 2020-12, which OpenAPI 3.1 uses), the Bearer scheme
// on every endpoint that needs a session, and the error answers the kernel gives.
import { z } from 'zod';
import type { EndpointDef } from '../../../contracts/endpoint.js';
import { errorCodeSchema } from '../../../contracts/errors.js';
import { allEndpoints } from '../../../contracts/registry.js';

type Json = Record<string, unknown>;

const errorBodySchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

const ERRORS: Record<string, { description: string; example: { code: string; message: string; details?: { path: string; message: string }[] } }> = {
  '400': { description: 'The body is not valid JSON', example: { code: 'invalid_json', message: 'The request body is not valid JSON' } },
  '401': { description: 'No valid session', example: { code: 'unauthorized', message: 'Sign in to continue' } },
  '403': { description: 'Your role does not allow this', example: { code: 'forbidden', message: 'Your role does not allow this' } },
  '404': { description: 'Not found, or not in a workspace you belong to', example: { code: 'not_found', message: 'Workspace not found' } },
  '409': {
    description: 'The Idempotency-Key was used with another body, or its first request is still running',
    example: { code: 'idempotency_key_reused', message: 'This Idempotency-Key was used with another request' },
  },
  '415': { description: 'The body is not application/json', example: { code: 'unsupported_media_type', message: 'Send the body as application/json' } },
  '422': {
    description: 'Some fields are not valid',
    example: { code: 'validation_failed', message: 'Some fields are not valid', details: [{ path: 'name', message: 'Enter a name' }] },
  },
  '503': { description: 'The database cannot be reached', example: { code: 'unavailable', message: 'The database cannot be reached; try again shortly' } },
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (!schema) return [];
  const json = jsonSchema(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

function errorResponses(endpoint: EndpointDef): Record<string, Json> {
  const codes = ['503'];
  if (endpoint.access !== 'public') codes.push('401');
  if (endpoint.access !== 'public' && endpoint.access !== 'user') codes.push('403', '404');
  else if (endpoint.params) codes.push('404');
  if (endpoint.query || endpoint.body) codes.push('422');
  if (endpoint.body) codes.push('400', '415');
  if (endpoint.idempotent) codes.push('409');
  return Object.fromEntries(
    codes.sort().map((code) => [
      code,
      {
        description: ERRORS[code]!.description,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' }, example: { error: ERRORS[code]!.example } } },
      },
    ]),
  );
}

function operation(id: string, endpoint: EndpointDef, domain: string): Json {
  const success: Json = endpoint.response
    ? { description: 'OK', content: { 'application/json': { schema: jsonSchema(endpoint.response, 'output') } } }
    : { description: 'No content' };
  const headers = endpoint.idempotent
    ? [
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          schema: { type: 'string', minLength: 1, maxLength: 255 },
          description:
            'Repeat a request safely: the same key and body return the first answer (header Idempotent-Replayed: true) without a second effect; kept 24 h.',
        },
      ]
    : [];
  return {
    operationId: id,
    summary: endpoint.summary,
    tags: [domain],
    ...(endpoint.access === 'public' ? { security: [] } : {}),
    ...(endpoint.access !== 'public' && endpoint.access !== 'user' ? { description: `${roleNote(endpoint.access)} ${keyNote(endpoint)}` } : {}),
    parameters: [...parameters(endpoint.params, 'path'), ...parameters(endpoint.query, 'query'), ...headers],
    ...(endpoint.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: jsonSchema(endpoint.body, 'input'), ...(endpoint.example !== undefined ? { example: endpoint.example } : {}) },
            },
          },
        }
      : endpoint.raw && endpoint.method === 'POST' && typeof endpoint.example === 'string'
        ? // A CSV import: its body is the text of the example's form.
          { requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' }, example: endpoint.example } } } }
        : {}),
    responses: { [String(endpoint.response ? (endpoint.status ?? 200) : (endpoint.status ?? 204))]: success, ...errorResponses(endpoint) },
  };
}

/** How each domain reads in the docs; a domain without an entry is listed by its name. */
const roleNote = (role: string) => `Needs the **${role}** role (or higher) in the workspace.`;

/** What an API key needs for it (contracts/endpoint.ts `keyScope`). */
function keyNote(endpoint: EndpointDef): string {
  const scope = endpoint.keyScope === undefined ? (endpoint.method === 'GET' ? 'read' : 'write') : endpoint.keyScope;
  if (scope === null || endpoint.access === 'owner') return 'API keys cannot call it.';
  return `An API key needs the \`${scope}\` scope.`;
}

const TAGS: Record<string, { 'x-displayName': string; description: string }> = {
  system: { 'x-displayName': 'System', description: 'Health, this document, and the daily maintenance run.' },
  auth: { 'x-displayName': 'Account', description: 'Registration, sign-in, session refresh and sign-out, your profile and sessions.' },
  workspaces: { 'x-displayName': 'Workspaces', description: 'Workspaces, their members and invitations, and the activity log.' },
  realtime: { 'x-displayName': 'Realtime', description: 'Pusher connection settings and channel authorization.' },
  customers: { 'x-displayName': 'Customers', description: 'The people a workspace talks to.' },
  inbox: { 'x-displayName': 'Inbox', description: 'Conversations and their messages.' },
  crm: { 'x-displayName': 'CRM', description: 'Employees, suppliers, professionals, projects and tasks (clients are the customers).' },
  operations: { 'x-displayName': 'Operations', description: 'Plants, materials and their stock, production batches with signatures and history.' },
  services: { 'x-displayName': 'Services', description: 'The AI services a workspace runs, each with its configuration.' },
  metrics: { 'x-displayName': 'Metrics', description: 'Metric points sent from outside, and series of them and of the app’s own data.' },
  dashboards: { 'x-displayName': 'Dashboards', description: 'Grids of widgets over metric series, and their read-only share links.' },
  'public-dashboards': { 'x-displayName': 'Shared dashboards', description: 'A dashboard shared by link, with its data.' },
  'api-keys': { 'x-displayName': 'API keys', description: 'Keys for calling this API from scripts and services.' },
  'outbound-webhooks': { 'x-displayName': 'Webhooks', description: 'Endpoints the workspace’s events are sent to, signed, and their deliveries.' },
  assistant: {
    'x-displayName': 'AI assistant',
    description: 'The assistant’s knowledge text and default for new conversations; it answers only when the server has an AI API (`available`).',
  },
};

/** `/api/workspaces/:wid` → `/api/workspaces/{wid}`. */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

export function buildOpenApi(version: string): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const { id, domain, endpoint } of allEndpoints()) {
    const key = openApiPath(endpoint.path);
    (paths[key] ??= {})[endpoint.method.toLowerCase()] = operation(id, endpoint, domain);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Switchboard API',
      version,
      description:
        'The HTTP API of Switchboard, generated from its contracts. Errors are `{ "error": { "code", "message", "details"? } }`. ' +
        'Sign in with POST /api/auth/login and send the access token as `Authorization: Bearer <token>`, or send an API key ' +
        '(`sbk_…`, made in Settings → API keys) the same way: it calls workspace endpoints within its scopes. The guide is at /docs/guide.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    tags: [...new Set(allEndpoints().map((e) => e.domain))].map((name) => ({ name, ...TAGS[name] })),
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An access token (JWT) from sign-in, or an API key (`sbk_…`).' },
      },
      schemas: { Error: jsonSchema(errorBodySchema, 'output') },
    },
  };
}
