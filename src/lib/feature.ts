// What a feature tells the shell about itself, in two parts. Each src/features/<domain>/manifest.ts exports a
// FeatureManifest and src/app/features.ts lists them: that is what the first paint needs (the router mounts the
// routes, the sidebar shows the nav entries, pages that offer a slot render the panels other features put in it,
// src/lib/slots.tsx). It is part of the first load, so it stays light: pages and panels are lazy, icons are fine.
// Everything else a feature contributes is its DeferredFeature (src/features/<domain>/deferred.ts, behind the
// manifest's `deferred` loader), loaded once the workspace has rendered: the realtime handlers when the workspace's
// subscription starts (events arriving before they are ready wait for them, in order), the command palette's
// actions when the palette first opens (src/app/deferred-features.ts).
import type { QueryClient } from '@tanstack/react-query';
import type { LucideIcon } from 'lucide-react';
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { WorkspaceEventName, WorkspaceEventPayloads } from '../../contracts/events';
import type { Role } from '../../contracts/roles';

/**
 * Where a route mounts:
 * - `public`: anyone, signed in or not, outside the app frame (e.g. /docs);
 * - `guest`: the sign-in style pages in the auth layout, only while signed out (a signed-in visitor goes on);
 * - `app`: signed in, in the app frame, outside any workspace (e.g. /settings/account);
 * - `workspace`: under /w/:wid, once the workspace and the caller's role have loaded;
 * - `settings`: a tab of the workspace's settings, under /w/:wid/settings in the settings layout (its tab bar
 *   lists each such route's `tab`; the layout's first tab, General, is the settings index page).
 */
export type Mount = 'public' | 'guest' | 'app' | 'workspace' | 'settings';

/** A lazily loaded page that can be fetched ahead of navigation (`preload()`, e.g. on hovering its link). */
export type LazyPage = LazyExoticComponent<ComponentType> & { preload: () => Promise<unknown> };

/** `lazyPage(() => import('./pages/inbox-page'), 'InboxPage')`: a named export as a lazy route component. */
export function lazyPage<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M & string): LazyPage {
  let loading: Promise<M> | null = null;
  const preload = () =>
    (loading ??= load().catch((error: unknown) => {
      loading = null;
      throw error;
    }));
  const page = lazy(async () => ({ default: (await preload())[name] as ComponentType }));
  return Object.assign(page, { preload });
}

/** A workspace settings tab (a `settings` route's entry in the settings layout's tab bar). */
export interface SettingsTab {
  label: string;
  /** Ascending; tabs of all features are sorted together, after General. */
  order: number;
  /** Hidden below this role. */
  minRole?: Role;
}

export interface FeatureRoute {
  mount: Mount;
  /** Relative to the mount (`inbox/:conversationId?` under /w/:wid, `billing` under /w/:wid/settings), or absolute for `public`/`guest` (`/docs`). */
  path?: string;
  /** The mount's index page (/ for `app`, /w/:wid for `workspace`, /w/:wid/settings for `settings`). */
  index?: boolean;
  page: LazyPage;
  /** For a `settings` route: its tab in the settings layout (none: reachable by its address only). */
  tab?: SettingsTab;
}

/** What a handler or an action may touch. */
export interface WorkspaceContext {
  queryClient: QueryClient;
  wid: string;
}

/**
 * A titled group of workspace entries in the sidebar (CRM, Operations). Entries without a section come first;
 * sections follow in their order, and a section none of whose entries the role may see is not shown.
 */
export interface NavSection {
  /** Entries naming the same id share one heading. */
  id: string;
  label: string;
  /** Ascending, among sections. */
  order: number;
}

interface NavEntryBase {
  label: string;
  icon: LucideIcon;
  /** Ascending; entries of all features are sorted together (within their section). */
  order: number;
  /** Hidden below this role (the API refuses those pages anyway). */
  minRole?: Role;
  /** Active only on the exact path (for index pages). */
  end?: boolean;
  /** The heading it is listed under (workspace entries only); none: the ungrouped entries at the top. */
  section?: NavSection;
}

/** A sidebar entry. `prefetch` warms the page's chunk and data when the link is hovered or focused. */
export type NavEntry =
  | (NavEntryBase & {
      /** The workspace's sections. */
      area: 'workspace';
      /** Relative to /w/:wid; `''` is the workspace's index page. */
      path: string;
      prefetch?: (context: WorkspaceContext) => void;
    })
  | (NavEntryBase & {
      /** The user's own entries, at the bottom. */
      area: 'account';
      /** Absolute. */
      path: string;
      prefetch?: (context: { queryClient: QueryClient }) => void;
    });

export type WorkspaceEventHandler<E extends WorkspaceEventName> = (payload: WorkspaceEventPayloads[E], context: WorkspaceContext) => void;

/** Handlers of private-workspace-{wid} events, by event name; several features may handle one event. */
export type FeatureEventHandlers = { [E in WorkspaceEventName]?: WorkspaceEventHandler<E> };

export interface FeatureRealtime {
  events: FeatureEventHandlers;
  /**
   * What to refetch when events may have been missed (the subscription confirmed after a first fetch, or a
   * reconnect): usually the feature's `['w', wid, domain]` key.
   */
  resync?: (wid: string) => readonly unknown[];
}

export interface CommandContext {
  /** The current workspace, if any. */
  wid: string | null;
  role: Role | undefined;
  queryClient: QueryClient;
  navigate: (to: string) => void;
}

/** A command palette action: data only; the palette (src/app/command-palette) lists them and runs the chosen one. */
export type CommandAction = {
  id: string;
  label: string;
  keywords?: string[];
  /** `workspace`: offered only inside a workspace (and `href` may use `wid`). */
  scope: 'workspace' | 'app';
  minRole?: Role;
} & ({ href: string | ((context: { wid: string }) => string); run?: never } | { run: (context: CommandContext) => void | Promise<void>; href?: never });

/**
 * The places where a page renders what other features contribute, and what it hands each contribution. A page
 * that offers a slot renders `<Slot name=… props=… />` (src/lib/slots.tsx); a feature fills it with a panel in
 * its manifest, so neither imports the other.
 */
export interface SlotProps {
  /** The side panel of an open conversation in the inbox, below the customer's details. */
  'conversation.details': {
    wid: string;
    conversationId: string;
    customerId: string;
    /**
     * Refetches the conversation and its thread: a write made from a panel that posts into the conversation
     * (its own event is not echoed back to this tab).
     */
    refreshConversation: () => void;
  };
  /** Below the fields of a record's page (the generic resource's detail page, src/lib/resource/): its extras. */
  'project.details': RecordSlotProps;
  'task.details': RecordSlotProps;
  'plant.details': RecordSlotProps;
  'material.details': RecordSlotProps;
  'batch.details': RecordSlotProps;
  /** Below a service's fields: the metrics it sent (src/features/services). */
  'service.details': RecordSlotProps;
}
/** What a record page hands its slot's panels: the workspace, the record's id and the caller's role. */
export interface RecordSlotProps {
  wid: string;
  id: string;
  role: Role;
}
export type SlotName = keyof SlotProps;

/** A feature's contribution to a slot: a component (lazy, so it loads only with the page that renders it). */
export type FeaturePanel = {
  [S in SlotName]: {
    slot: S;
    /** Ascending; panels of all features are sorted together. */
    order: number;
    component: ComponentType<SlotProps[S]>;
  };
}[SlotName];

/** What a feature contributes after the first paint: its `deferred.ts` module's default export. */
export interface DeferredFeature {
  realtime?: FeatureRealtime;
  commands?: CommandAction[];
}

export interface FeatureManifest {
  /** The feature's folder name, also its domain segment in query keys (`['w', wid, id]`). */
  id: string;
  routes?: FeatureRoute[];
  nav?: NavEntry[];
  panels?: FeaturePanel[];
  /**
   * `() => import('./deferred')`: the realtime handlers and palette actions, in a chunk of their own that the
   * shell loads once the workspace has rendered (never part of the first load).
   */
  deferred?: () => Promise<{ default: DeferredFeature }>;
}

/** `M`, refusing keys `T` does not have (a handler or action put in a manifest instead of its deferred part). */
type Exactly<T, M> = M & Record<Exclude<keyof M, keyof T>, never>;

/** Declares a manifest (identity at run time; checks its shape, with no key it does not know, and keeps its literal types). */
export function defineFeature<const M extends FeatureManifest>(manifest: Exactly<FeatureManifest, M>): M {
  return manifest;
}

/** Declares a feature's deferred part, the default export of its `deferred.ts` (identity, like defineFeature). */
export function defineDeferredFeature<const D extends DeferredFeature>(deferred: Exactly<DeferredFeature, D>): D {
  return deferred;
}
