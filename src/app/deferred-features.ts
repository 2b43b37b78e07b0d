// What the shell composes after the first paint: the features' realtime handlers and palette actions, each
// feature's in a chunk of its own behind its manifest's `deferred` loader (src/lib/feature.ts). The first load
// never imports this module: the workspace's realtime subscription (./workspace-realtime.tsx, itself loaded once
// the page's queries have settled) and the command palette do, and the chunks load when they first need them.
import type { WorkspaceEventName, WorkspaceEventPayloads } from '../../contracts/events';
import type { Role } from '../../contracts/roles';
import type { CommandAction, DeferredFeature, FeatureManifest, WorkspaceContext } from '@/lib/feature';
import { hasRole } from '@/lib/roles';

/** A feature's deferred part, with the feature's id. */
export interface LoadedFeature extends DeferredFeature {
  id: string;
}

const loads = new WeakMap<FeatureManifest, Promise<LoadedFeature>>();

/** A feature's deferred part, loaded once; a load that failed is tried again by the next call. */
function loadFeature(feature: FeatureManifest): Promise<LoadedFeature> {
  const known = loads.get(feature);
  if (known) return known;
  const loading = feature.deferred ? feature.deferred().then(({ default: part }) => ({ ...part, id: feature.id })) : Promise.resolve({ id: feature.id });
  loads.set(feature, loading);
  loading.catch(() => {
    if (loads.get(feature) === loading) loads.delete(feature);
  });
  return loading;
}

/** Every feature's deferred part, in the list's order; rejects when one could not be loaded. */
export function loadDeferredFeatures(features: readonly FeatureManifest[]): Promise<LoadedFeature[]> {
  return Promise.all(features.map(loadFeature));
}

/** Delivers one event to every feature that handles it, except `skip` (the feature that announced it). */
export function dispatchWorkspaceEvent<E extends WorkspaceEventName>(
  features: readonly LoadedFeature[],
  context: WorkspaceContext,
  name: E,
  payload: WorkspaceEventPayloads[E],
  skip?: string,
): void {
  for (const feature of features) {
    if (feature.id === skip) continue;
    const handler = feature.realtime?.events[name];
    if (!handler) continue;
    try {
      handler(payload, context);
    } catch (error) {
      // One feature's failing handler must not keep the event from the others.
      console.error(`The ${feature.id} feature failed to apply ${name}`, error);
    }
  }
}

/** What to refetch when events may have been missed. */
export function resyncKeys(features: readonly LoadedFeature[], wid: string): (readonly unknown[])[] {
  return features.flatMap((feature) => (feature.realtime?.resync ? [feature.realtime.resync(wid)] : []));
}

/** Refetches every feature's workspace data (resyncKeys). */
function resyncAll(features: readonly LoadedFeature[], { queryClient, wid }: WorkspaceContext) {
  for (const queryKey of resyncKeys(features, wid)) void queryClient.invalidateQueries({ queryKey });
}

/** One workspace's events on their way to the features' handlers (createWorkspaceEventDispatcher). */
export interface WorkspaceEventDispatcher {
  /** Hands an event to every feature that handles it, except `skip` (the feature that announced it). */
  dispatch<E extends WorkspaceEventName>(name: E, payload: WorkspaceEventPayloads[E], skip?: string): void;
  /** Refetches every feature's data of the workspace (events may have been missed). */
  resync(): void;
  /** Stops: nothing waiting is applied any more, and nothing handed over later. */
  close(): void;
}

/**
 * The features' realtime handlers for one workspace, which start loading at once. Events and resyncs handed
 * over before the handlers are ready wait, and are applied in the order they arrived as soon as they are;
 * later ones apply at once. If the handlers fail to load, what was waiting is dropped and the next event or
 * resync loads them again, and then resyncs first, so the dropped events' data is refetched.
 */
export function createWorkspaceEventDispatcher(features: readonly FeatureManifest[], context: WorkspaceContext): WorkspaceEventDispatcher {
  let ready: LoadedFeature[] | null = null;
  let waiting: ((loaded: LoadedFeature[]) => void)[] = [];
  let loading = false;
  let missed = false;
  let closed = false;

  const load = () => {
    if (loading) return;
    loading = true;
    loadDeferredFeatures(features).then(
      (loaded) => {
        loading = false;
        if (closed) return;
        ready = loaded;
        if (missed) resyncAll(loaded, context);
        missed = false;
        // What a task hands over meanwhile joins the end of the queue (run() keeps the order while it drains).
        while (waiting.length > 0) waiting.shift()!(loaded);
      },
      (error: unknown) => {
        loading = false;
        if (closed) return;
        console.error('Could not load the realtime handlers; the workspace is refetched once they load', error);
        waiting = [];
        missed = true;
      },
    );
  };
  const run = (task: (loaded: LoadedFeature[]) => void) => {
    if (closed) return;
    if (ready && waiting.length === 0) return task(ready);
    waiting.push(task);
    if (!ready) load();
  };
  load();

  return {
    dispatch: (name, payload, skip) => run((loaded) => dispatchWorkspaceEvent(loaded, context, name, payload, skip)),
    resync: () => run((loaded) => resyncAll(loaded, context)),
    close: () => {
      closed = true;
      waiting = [];
    },
  };
}

/** The palette actions that apply where the user is: workspace actions only inside a workspace, and only for the role. */
export function commandsFor(features: readonly LoadedFeature[], where: { wid: string | null; role: Role | undefined }): CommandAction[] {
  return features
    .flatMap((feature) => feature.commands ?? [])
    .filter((command) => (command.scope === 'app' || where.wid !== null) && (!command.minRole || hasRole(where.role, command.minRole)));
}

/** The command palette's actions, loading the features' deferred parts on its first opening (later ones reuse them). */
export async function loadCommands(features: readonly FeatureManifest[], where: { wid: string | null; role: Role | undefined }): Promise<CommandAction[]> {
  return commandsFor(await loadDeferredFeatures(features), where);
}

/** An action's destination, with the workspace filled in (null for `run` actions). */
export function commandHref(command: CommandAction, wid: string | null): string | null {
  if (command.href === undefined) return null;
  if (typeof command.href === 'string') return command.href;
  return wid === null ? null : command.href({ wid });
}
