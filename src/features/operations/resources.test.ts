import { describe, expect, it } from 'vitest';
import { operationsResources } from '../../../contracts/operations';
import { kebab } from '../../../contracts/resource';
import { endpointRoute } from '@/lib/api-client';
import { resourceEndpointIds } from '@/lib/resource/api';
import { operationsFeature } from './manifest';
import { operationsResourceMetas } from './resources';

describe('Operations record pages', () => {
  it('has a page pair for every operations declaration, at its API path, reading its endpoints', () => {
    expect(operationsResourceMetas.map((m) => m.name)).toEqual(operationsResources.map((d) => d.name));
    for (const meta of operationsResourceMetas) {
      expect(meta.path).toBe(kebab(meta.plural));
      for (const id of Object.values(resourceEndpointIds(meta))) expect(endpointRoute(id).path).toMatch(new RegExp(`^/api/workspaces/:wid/${meta.path}(/|$)`));
    }
    expect(operationsFeature.routes.map((r) => r.path)).toEqual(operationsResourceMetas.flatMap((m) => [m.path, `${m.path}/:id`]));
  });

  it('loads each page pair bound to its declaration', async () => {
    for (const meta of operationsResourceMetas) {
      const pages = await meta.load();
      expect(pages.List).toBeTypeOf('function');
      expect(pages.Detail).toBeTypeOf('function');
    }
  });
});
