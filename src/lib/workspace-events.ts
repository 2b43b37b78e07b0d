// A write's own realtime event never comes back to the tab that made it (writes carry X-Socket-Id so the
// server skips that socket). The feature that wrote announces the event here instead, and the shell's
// workspace subscription hands it to every OTHER feature's handlers, exactly as if it had arrived over the
// socket: a customer renamed on the customers page refreshes the inbox's lists without either feature
// knowing about the other.
import type { WorkspaceEventName, WorkspaceEventPayloads } from '../../contracts/events';

export interface AnnouncedEvent<E extends WorkspaceEventName = WorkspaceEventName> {
  /** The announcing feature's id (its key factory's domain): its own handlers are skipped (it has updated its cache already). */
  source: string;
  wid: string;
  name: E;
  payload: WorkspaceEventPayloads[E];
}

type Listener = (event: AnnouncedEvent) => void;
const listeners = new Set<Listener>();

export function announceWorkspaceEvent<E extends WorkspaceEventName>(source: string, wid: string, name: E, payload: WorkspaceEventPayloads[E]): void {
  const event = { source, wid, name, payload } as AnnouncedEvent;
  for (const listener of [...listeners]) listener(event);
}

export function onAnnouncedWorkspaceEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
