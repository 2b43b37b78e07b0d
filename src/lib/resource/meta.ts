// What the first load knows of a declared resource (contracts/resource.ts): its names, labels, roles, icon and
// where its pages live, and nothing that needs its declaration, which carries zod and loads with the pages.
// `resourceMeta<typeof employeeResource>()({ … })` checks at compile time that the light copy agrees with the
// declaration; `resourceFeature()` turns a feature's metas into its routes and sidebar entries, and its realtime
// handlers and palette actions, which load after the first paint (./deferred.ts).
import type { LucideIcon } from 'lucide-react';
import type { ComponentType } from 'react';
import type { DomainName } from '../../../contracts/registry';
import type { ResourceDef } from '../../../contracts/resource';
import type { Role } from '../../../contracts/roles';
import {
  lazyPage,
  type DeferredFeature,
  type FeatureRoute,
  type NavEntry,
  type NavSection,
  type RecordSlotProps,
  type SlotName,
  type SlotProps,
  type WorkspaceContext,
} from '../feature';
import type { AnyFieldComponents, ResourceFieldComponents } from './field-components';
import type { ResourceSource } from './keys';

/** The slots that take a record page's props (`project.details`, …). */
export type RecordSlotName = { [S in SlotName]: SlotProps[S] extends RecordSlotProps ? S : never }[SlotName];

/** How a computed value of the declaration (e.g. a project's progress) is shown. */
export interface ComputedDisplay {
  label: string;
  format: 'percent' | 'number';
  /** Also a column of the list. */
  list?: boolean;
}

/** What the pages need beyond the light meta; loaded with them. */
export interface ResourcePageConfig<D extends ResourceDef = ResourceDef> {
  def: D;
  /** One line under the list's title: what these records are for. */
  description: string;
  computed?: Record<string, ComputedDisplay>;
  /** Json fields' own editor and display (./field-components.ts); the others keep the generated ones. */
  fields?: ResourceFieldComponents<D>;
}

export interface ResourceMeta extends ResourceSource {
  domain: DomainName;
  label: string;
  pluralLabel: string;
  access: { read: Role; write: Role; remove: Role };
  /** The URL segment under /w/:wid (the plural in kebab case, as the API's). */
  path: string;
  icon: LucideIcon;
  /** The sidebar entry's place in its section. */
  order: number;
  /** The slot the detail page renders below the fields, for record types other features add to. */
  slot?: RecordSlotName;
  /** The pages, bound to the declaration (the feature's lazy module calls `resourcePages` from ./pages). */
  load: () => Promise<ResourcePages>;
}

/** A meta that remembers its declaration's type, so the pages can only be bound to that declaration. */
export type ResourceMetaOf<D extends ResourceDef> = ResourceMeta & { readonly declaration?: D };

type SlotOf<N extends string> = `${N}.details` extends RecordSlotName ? `${N}.details` : never;

/** The light copy of declaration `D`: each name, label and role must be the declaration's own. */
type MetaInput<D extends ResourceDef, Domain extends DomainName> = {
  domain: Domain;
  name: D['name'];
  plural: D['plural'];
  label: D['label'];
  pluralLabel: D['pluralLabel'];
  access: D['access'];
  icon: LucideIcon;
  order: number;
  slot?: SlotOf<D['name']>;
  load: () => Promise<ResourcePages>;
};

const kebab = (camel: string) => camel.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** `resourceMeta<typeof employeeResource>()({ domain: 'crm', name: 'employee', … })` */
export const resourceMeta =
  <D extends ResourceDef>() =>
  <const Domain extends DomainName>(meta: MetaInput<D, Domain>): ResourceMetaOf<D> => {
    let loading: Promise<ResourcePages> | null = null;
    const load = () =>
      (loading ??= meta.load().catch((error: unknown) => {
        loading = null;
        throw error;
      }));
    return { ...meta, path: kebab(meta.plural), load };
  };

/** The resource's list and detail pages and the prefetch of its list, as the kit builds them from the declaration. */
export interface ResourcePages extends Record<string, unknown> {
  List: ComponentType;
  Detail: ComponentType;
  prefetch: (context: WorkspaceContext) => Promise<void>;
}

export interface ResourceFeatureParts {
  routes: FeatureRoute[];
  nav: NavEntry[];
  /** The realtime handlers and palette actions (./deferred.ts), loaded after the first paint. */
  deferred: () => Promise<{ default: DeferredFeature }>;
}

/** A feature's record types as manifest parts: pages and entries under one sidebar section; later, events and palette actions. */
export function resourceFeature({ section, resources }: { section: NavSection; resources: readonly ResourceMeta[] }): ResourceFeatureParts {
  const domain = resources[0]!.domain;
  if (resources.some((r) => r.domain !== domain)) throw new Error('resourceFeature: every resource of a feature belongs to its domain');
  const routes: FeatureRoute[] = [];
  const nav: NavEntry[] = [];
  for (const meta of resources) {
    const list = lazyPage(meta.load, 'List');
    routes.push({ mount: 'workspace', path: meta.path, page: list }, { mount: 'workspace', path: `${meta.path}/:id`, page: lazyPage(meta.load, 'Detail') });
    nav.push({
      area: 'workspace',
      path: meta.path,
      label: meta.pluralLabel,
      icon: meta.icon,
      order: meta.order,
      minRole: meta.access.read,
      section,
      prefetch: (context) => {
        void list.preload();
        void meta.load().then((pages) => pages.prefetch(context));
      },
    });
  }
  return {
    routes,
    nav,
    deferred: () => import('./deferred').then(({ resourceDeferredFeature }) => ({ default: resourceDeferredFeature(section, resources) })),
  };
}

/** A resource as its pages see it: the light meta and what loaded with the pages. */
export type Resource = ResourceMeta & Omit<ResourcePageConfig, 'fields'> & { fields?: AnyFieldComponents };
