// The kernel's side of folded reads, on probe endpoints: a signed-in GET whose handler returns without running
// the caller check through ctx.scope is answered 500 (the bug is caught, nothing is leaked); a GET refused
// before its statement ran (an invalid query) still answers the caller check first (401/404/403 before 422).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoint } from '../../contracts/endpoint.js';
import { createHandler, eagerRoutes } from '../../api/_lib/http/handler.js';
import { bind } from '../../api/_lib/http/implement.js';
import { addVercelHelpers } from '../../dev/vercel-helpers.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { addMember, createWorkspace, signUp, type SignedIn } from '../support/users.js';

const probe = (path: string, access: 'viewer' | 'admin', query?: z.ZodType) =>
  endpoint({ method: 'GET', path: `/api/probe/:wid/${path}`, access, summary: 'probe', response: z.unknown(), ...(query ? { query } : {}) });

const handler = createHandler({
  families: ['/api/probe/:wid/:path*'],
  routes: eagerRoutes([
    bind(probe('unchecked', 'viewer'), async () => ({ secret: 'read without the caller check' })),
    bind(probe('checked', 'viewer'), async (ctx) => {
      await ctx.scope.verify();
      return { role: ctx.scope.role };
    }),
    bind(probe('admin', 'admin', z.object({ n: z.coerce.number().int() })), async (ctx) => {
      await ctx.scope.verify();
      return { ok: true };
    }),
  ]),
});

let app: TestApp;
let server: Server;
let api: ReturnType<typeof client>;
let owner: SignedIn;
let viewer: SignedIn;
let outsider: SignedIn;
let wid: string;

beforeAll(async () => {
  app = await startTestApp(); // gives the kernel its database
  const appApi = client(app.url);
  owner = await signUp(appApi);
  wid = (await createWorkspace(appApi, owner.token)).id;
  viewer = await addMember(appApi, owner.token, wid, 'viewer');
  outsider = await signUp(appApi);
  server = createServer((req, res) => {
    const [, , , w = '', ...rest] = new URL(req.url ?? '/', 'http://probe').pathname.split('/');
    const helpers = addVercelHelpers(req, res, { params: { wid: w, path: rest.join('/') }, rawBody: Buffer.alloc(0), bodyParser: true });
    void handler(helpers.req, helpers.res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = client(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await app?.close();
});

describe('folded reads in the kernel', () => {
  it('answers 500 when a GET handler returns without the caller check, whoever asks', async () => {
    for (const who of [owner, outsider]) {
      const res = await api.get(`/api/probe/${wid}/unchecked`, { token: who.token });
      expect(res.status).toBe(500);
      expect(JSON.stringify(res.body)).not.toContain('caller check');
    }
    const ok = await api.get(`/api/probe/${wid}/checked`, { token: viewer.token });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ role: 'viewer' });
  });

  it('decides 401, 404 and 403 before an invalid query is reported', async () => {
    expect((await api.get(`/api/probe/${wid}/admin?n=x`)).status).toBe(401);
    expect((await api.get(`/api/probe/${wid}/admin?n=x`, { token: 'not-a-token' })).status).toBe(401);
    expect((await api.get(`/api/probe/${wid}/admin?n=x`, { token: outsider.token })).status).toBe(404);
    expect((await api.get(`/api/probe/${wid}/admin?n=x`, { token: viewer.token })).status).toBe(403);
    expect((await api.get(`/api/probe/${wid}/admin?n=x`, { token: owner.token })).status).toBe(422);
    expect((await api.get(`/api/probe/${wid}/admin?n=1`, { token: owner.token })).status).toBe(200);
    expect((await api.get(`/api/probe/${wid}/checked`, { token: outsider.token })).status).toBe(404);
  });
});
