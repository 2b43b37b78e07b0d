// Requests built from the registry alone, for the registry-driven tests (round trips, tenancy and role
// matrices): a workspace endpoint's path parameters are filled with real ids of the workspace (the first item of
// the collection the parameter names) and its body is the contract's `example`. So a new domain's endpoints
// are exercised by those tests without writing one for them.
import type { EndpointDef } from '../../contracts/endpoint.js';
import { EXAMPLE_REF_ID } from '../../contracts/resource.js';
import type { client } from './http.js';

type Api = ReturnType<typeof client>;

/** `/api/workspaces/:wid/orders/:id/items` and `id` → `/api/workspaces/:wid/orders`. */
export function collectionOf(path: string, param: string): string {
  return path.slice(0, path.indexOf(`/:${param}`));
}

/** Path parameters that name no record but one of a few words, and the word the registry-driven requests use. */
export const NAMED_PARAMS: Record<string, string> = { provider: 'facebook' };

/** Path parameters other than `:wid` that hold a record's id. */
export const resourceParams = (endpoint: EndpointDef) =>
  [...endpoint.path.matchAll(/:(\w+)/g)].map((m) => m[1]!).filter((p) => p !== 'wid' && !Object.hasOwn(NAMED_PARAMS, p));

/** True for a workspace endpoint that can be called from the registry alone. */
export function isGeneric(endpoint: EndpointDef): boolean {
  return endpoint.path.startsWith('/api/workspaces/:wid/') && (!endpoint.body || endpoint.example !== undefined);
}

/** The first item's id of a collection, creating one from its create endpoint's example when it is empty. */
export async function realId(api: Api, token: string, wid: string, collection: string, endpoints: EndpointDef[]): Promise<string | undefined> {
  const url = collection.replace(':wid', wid);
  const list = await api.get(url, { token });
  if (list.status === 200 && list.body.data?.[0]?.id) return list.body.data[0].id as string;
  const create = endpoints.find((e) => e.method === 'POST' && e.path === collection && e.example !== undefined);
  if (!create) return undefined;
  const created = await api.post(url, await exampleOf(api, token, wid, create, endpoints), { token });
  return created.status < 300 ? (created.body.id as string | undefined) : undefined;
}

/** The endpoint's example with real ids of workspace `wid` where `exampleRefs` asks for them. */
export async function exampleOf(api: Api, token: string, wid: string, endpoint: EndpointDef, endpoints: EndpointDef[]): Promise<unknown> {
  let example = endpoint.example;
  for (const [field, collection] of Object.entries(endpoint.exampleRefs ?? {})) {
    const id = await realId(api, token, wid, collection, endpoints);
    if (!id) throw new Error(`${endpoint.path}: no ${collection} record for the example's ${field}`);
    example = typeof example === 'string' ? example.replace(EXAMPLE_REF_ID, id) : { ...(example as Record<string, unknown>), [field]: id };
  }
  return example;
}

/** The endpoint's path in workspace `wid`, its other parameters filled by `ids`. */
export function fillPath(endpoint: EndpointDef, wid: string, ids: (param: string) => string): string {
  return endpoint.path.replace(/:(\w+)/g, (_, name: string) => (name === 'wid' ? wid : (NAMED_PARAMS[name] ?? ids(name))));
}
