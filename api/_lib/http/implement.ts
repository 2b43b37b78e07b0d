// Binds handlers to endpoint contracts. `implement(group, handlers)` demands one handler per endpoint of the
// group, each typed from its contract: the context for its access level, the validated params/query/body, and
// the answer it must return. The kernel (handler.ts) validates the input before and, outside production, the
// answer after.
import type { EndpointDef, EndpointGroup, InputOf, ResultOf } from '../../../contracts/endpoint.js';
import type { ContextFor } from './route.js';

/** An answer with a status other than the endpoint's success status (e.g. health's 503 with its usual body). */
export class Reply<T = unknown> {
  constructor(
    readonly status: number,
    readonly body: T,
  ) {}
}

export type Handler<E extends EndpointDef> = (ctx: ContextFor<E['access'], E['method']>, input: InputOf<E>) => Promise<ResultOf<E> | Reply<ResultOf<E>>>;

export interface Implemented<E extends EndpointDef = EndpointDef> {
  endpoint: E;
  // Method syntax: a route module's handlers, each typed for its own endpoint, fit one route table.
  handle(ctx: ContextFor<E['access'], E['method']>, input: InputOf<E>): Promise<ResultOf<E> | Reply<ResultOf<E>>>;
}

export type Implementation<G extends EndpointGroup> = { [K in keyof G]: Implemented<G[K]> };

/** One handler per endpoint of `group`; a missing or extra one, or a wrongly typed answer, fails to compile. */
export function implement<G extends EndpointGroup>(group: G, handlers: { [K in keyof G]: Handler<G[K]> }): Implementation<G> {
  const out = {} as Implementation<G>;
  for (const key of Object.keys(group) as (keyof G)[]) out[key] = { endpoint: group[key], handle: handlers[key] };
  return out;
}

/** A single endpoint and its handler (for functions outside the registry, e.g. test fixtures). */
export function bind<E extends EndpointDef>(endpoint: E, handle: Handler<E>): Implemented<E> {
  return { endpoint, handle };
}
