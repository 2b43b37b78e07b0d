// The pages of one resource, bound to its declaration: what a feature's lazy page module builds for each of its
// metas (`resourcePages(employees, { def: employeeResource, description })`), and its routes load.
import type { ResourceDef } from '../../../contracts/resource';
import type { WorkspaceContext } from '../feature';
import { resourceListQueryOptions } from './api';
import { ResourceDetailPage } from './detail-page';
import type { AnyFieldComponents } from './field-components';
import { ResourceListPage } from './list-page';
import type { Resource, ResourceMetaOf, ResourcePageConfig, ResourcePages } from './meta';

export function resourcePages<D extends ResourceDef>(meta: ResourceMetaOf<D>, config: ResourcePageConfig<D>): ResourcePages {
  // The field components were checked against the declaration at this call; the pages hold them untyped.
  const resource: Resource = { ...meta, ...config, fields: config.fields as AnyFieldComponents | undefined };
  const List = () => <ResourceListPage resource={resource} />;
  const Detail = () => <ResourceDetailPage resource={resource} />;
  List.displayName = `${resource.def.pluralLabel}Page`;
  Detail.displayName = `${resource.def.label}Page`;
  return {
    List,
    Detail,
    /** Warms the list the page opens on (its nav entry hovered or focused). */
    prefetch: ({ queryClient, wid }: WorkspaceContext) => queryClient.prefetchInfiniteQuery(resourceListQueryOptions(resource, wid, {})),
  };
}
