// In-process subscribers to domain events: the way notifications, outbound webhooks and metrics react to
// what other domains do without those domains knowing them. The outbox calls them after the write has
// committed, at least once per event: a subscriber that fails makes the event stay pending, and the sweep
// delivers it again (to every subscriber), so handlers must be idempotent (use `event.id`).

export interface DeliveredEvent {
  /** The outbox row's id: unique and increasing, the key for de-duplicating a redelivery. */
  id: number;
  name: string;
  workspaceId: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
}

export type EventHandler = (event: DeliveredEvent) => Promise<void> | void;

const handlers = new Map<string, Set<EventHandler>>();

/** Calls `handler` for every event of that name (`'*'`: every event). Returns the unsubscribe function. */
export function subscribe(name: string, handler: EventHandler): () => void {
  let set = handlers.get(name);
  if (!set) handlers.set(name, (set = new Set()));
  set.add(handler);
  return () => void set.delete(handler);
}

export const hasSubscribers = (name: string) => Boolean(handlers.get(name)?.size || handlers.get('*')?.size);

/** Runs every subscriber of the event, each to completion; throws one error naming all that failed. */
export async function notifySubscribers(event: DeliveredEvent): Promise<void> {
  const targets = [...(handlers.get(event.name) ?? []), ...(handlers.get('*') ?? [])];
  const failures: string[] = [];
  for (const handler of targets) {
    try {
      await handler(event);
    } catch (err) {
      failures.push(err instanceof Error ? err.message : String(err));
    }
  }
  if (failures.length > 0) throw new Error(`subscriber failed: ${failures.join('; ')}`);
}
