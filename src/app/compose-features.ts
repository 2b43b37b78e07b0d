// Pure composition of the feature manifests for the first paint: which routes mount where, which settings tabs
// and nav entries a role sees. The shell's components call these with the list in ./features.ts; tests call
// them with their own lists. What loads after the first paint (realtime handlers, palette actions) is composed
// in ./deferred-features.ts, which the first load never imports.
import type { Role } from '../../contracts/roles';
import type { FeatureManifest, FeatureRoute, Mount, NavEntry } from '@/lib/feature';
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
