// The registry is the one list of endpoints: the generated route table and vercel.json's rewrites must be what
// `npm run generate` writes from it, /api/openapi.json must document exactly its endpoints and validate as
// OpenAPI 3.1, and every function must have a handler for each of its routes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allEndpoints } from '../../contracts/registry.js';
import { ROUTES } from '../../contracts/generated/routes.js';
import { FUNCTIONS, functionFile } from '../../api/_lib/functions.js';
import { CLIENT_ROUTES_FILE, clientRoutesSource, ROOT, ROUTES_FILE, routesSource, vercelJsonSource } from '../../scripts/generate.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';

let app: TestApp;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
});
afterAll(() => app?.close());

describe('generated files', () => {
  it(`${ROUTES_FILE} and ${CLIENT_ROUTES_FILE} are current (run npm run generate)`, () => {
    expect(readFileSync(path.join(ROOT, ROUTES_FILE), 'utf8')).toBe(routesSource());
    expect(readFileSync(path.join(ROOT, CLIENT_ROUTES_FILE), 'utf8')).toBe(clientRoutesSource());
  });

  it("vercel.json's rewrites are current (run npm run generate)", () => {
    const current = readFileSync(path.join(ROOT, 'vercel.json'), 'utf8');
    expect(current).toBe(vercelJsonSource(current));
  });

  it('has one function file per registered function, loading each of its domains', () => {
    for (const name of Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[]) {
      const source = readFileSync(path.join(ROOT, functionFile(name)), 'utf8');
      expect(source).toContain(`createFunction('${name}'`);
      for (const domain of FUNCTIONS[name].domains) expect(source).toContain(`import('../_lib/${domain}/routes.js')`);
    }
  });
});

describe('route modules', () => {
  it('implement every endpoint of their domain, and nothing else', async () => {
    const domains = [...new Set(allEndpoints().map((e) => e.domain))];
    for (const domain of domains) {
      // Convention: a domain's routes live in api/_lib/<domain>/routes.ts (and its function file imports them).
      const { routes } = (await import(`../../api/_lib/${domain}/routes.ts`)) as { routes: Record<string, { endpoint: unknown }> };
      const expected = allEndpoints().filter((e) => e.domain === domain);
      expect(Object.keys(routes).sort(), domain).toEqual(expected.map((e) => e.operation).sort());
      for (const e of expected) expect(routes[e.operation]!.endpoint).toBe(e.endpoint);
    }
  });
});

describe('GET /api/openapi.json', () => {
  it('documents every endpoint of the registry and nothing else', async () => {
    const res = await api.get('/api/openapi.json');
    expect(res.status).toBe(200);
    const documented = Object.entries(res.body.paths as Record<string, Record<string, { operationId: string }>>).flatMap(([p, ops]) =>
      Object.entries(ops).map(([method, op]) => `${method.toUpperCase()} ${p} ${op.operationId}`),
    );
    const registered = Object.values(ROUTES).map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')} ${r.id}`);
    expect(documented.sort()).toEqual(registered.sort());
  });

  it('validates as OpenAPI 3.1', async () => {
    const res = await api.get('/api/openapi.json');
    const validator = new Validator();
    const result = await validator.validate(res.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('describes auth, parameters and error answers', async () => {
    const { body } = await api.get('/api/openapi.json');
    const list = body.paths['/api/workspaces/{wid}/conversations'].get;
    expect(list.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'wid', in: 'path', required: true })]));
    expect(list.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'status', in: 'query' })]));
    expect(Object.keys(list.responses)).toEqual(expect.arrayContaining(['200', '401', '403', '404', '422']));
    expect(body.paths['/api/auth/login'].post.security).toEqual([]);
    expect(body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const post = body.paths['/api/workspaces/{wid}/conversations/{id}/messages'].post;
    expect(post.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]));
    expect(post.responses['409'].content['application/json'].example.error.code).toBe('idempotency_key_reused');
  });
});
