// Pure composition of the feature manifests: which routes mount where, which nav entries a role sees, which
// handlers an event reaches, which palette actions apply. The shell's components call these with the list
// in ./features.ts; tests call them with their own lists.
import type { QueryClient } from '@tanstack/react-query';
import type { WorkspaceEventName, WorkspaceEventPayloads } from '../../contracts/events';
import type { Role } from '../../contracts/roles';
import type { CommandAction, FeatureManifest, FeatureRoute, Mount, NavEntry } from '@/lib/feature';
import { hasRole } from '@/lib/roles';

export interface MountedRoute extends FeatureRoute {
  /** Unique among the mount's routes: the feature id and the path (React's key). */
  key: string;
}

export function routesFor(features: readonly FeatureManifest[], mount: Mount): MountedRoute[] {
  return features.flatMap((feature) =>
    (feature.routes ?? [])
      .filter((route) => route.mount === mount)
      .map((route) => ({ ...route, key: `${feature.id}:${route.index ? '(index)' : route.path}` })),
  );
}

export interface SettingsTabLink {
  key: string;
  /** Relative to /w/:wid/settings. */
  path: string;
  label: string;
}

/**
 * The workspace settings tabs after General (the settings index page, which the layout always shows) that the
 * role may see, in order: the features' non-index `settings` routes that declare a tab.
 */
export function settingsTabsFor(features: readonly FeatureManifest[], role: Role | undefined): SettingsTabLink[] {
  return routesFor(features, 'settings')
    .flatMap((route) =>
      !route.index && route.path && route.tab && (!route.tab.minRole || hasRole(role, route.tab.minRole)) ? [{ route, path: route.path, tab: route.tab }] : [],
    )
    .sort((a, b) => a.tab.order - b.tab.order)
    .map(({ route, path, tab }) => ({ key: route.key, path, label: tab.label }));
}

/** The nav entries of an area the role may see, in order. */
export function navFor(features: readonly FeatureManifest[], area: NavEntry['area'], role: Role | undefined): NavEntry[] {
  return features
    .flatMap((feature) => feature.nav ?? [])
    .filter((entry) => entry.area === area && (!entry.minRole || hasRole(role, entry.minRole)))
    .sort((a, b) => a.order - b.order);
}

/** Delivers one event to every feature that handles it, except `skip` (the feature that announced it). */
export function dispatchWorkspaceEvent<E extends WorkspaceEventName>(
  features: readonly FeatureManifest[],
  context: { queryClient: QueryClient; wid: string },
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

/** The event names at least one feature handles. */
export function handledEvents(features: readonly FeatureManifest[]): WorkspaceEventName[] {
  return [...new Set(features.flatMap((feature) => Object.keys(feature.realtime?.events ?? {}) as WorkspaceEventName[]))];
}

/** What to refetch when events may have been missed. */
export function resyncKeys(features: readonly FeatureManifest[], wid: string): (readonly unknown[])[] {
  return features.flatMap((feature) => (feature.realtime?.resync ? [feature.realtime.resync(wid)] : []));
}

/** The palette actions that apply where the user is: workspace actions only inside a workspace, and only for the role. */
export function commandsFor(features: readonly FeatureManifest[], where: { wid: string | null; role: Role | undefined }): CommandAction[] {
  return features
    .flatMap((feature) => feature.commands ?? [])
    .filter((command) => (command.scope === 'app' || where.wid !== null) && (!command.minRole || hasRole(where.role, command.minRole)));
}

/** An action's destination, with the workspace filled in (null for `run` actions). */
export function commandHref(command: CommandAction, wid: string | null): string | null {
  if (command.href === undefined) return null;
  if (typeof command.href === 'string') return command.href;
  return wid === null ? null : command.href({ wid });
}
