import { describe, expect, it } from 'vitest';
import { crmResources } from '../../../contracts/crm';
import { kebab } from '../../../contracts/resource';
import { endpointRoute } from '@/lib/api-client';
import { resourceEndpointIds } from '@/lib/resource/api';
import { crmFeature } from './manifest';
import { crmResourceMetas } from './resources';

describe('CRM record pages', () => {
  it('has a page pair for every CRM declaration, at its API path, reading its endpoints', () => {
    expect(crmResourceMetas.map((m) => m.name)).toEqual(crmResources.map((d) => d.name));
    for (const meta of crmResourceMetas) {
      expect(meta.path).toBe(kebab(meta.plural));
      for (const id of Object.values(resourceEndpointIds(meta))) expect(endpointRoute(id).path).toMatch(new RegExp(`^/api/workspaces/:wid/${meta.path}(/|$)`));
    }
    expect(crmFeature.routes.map((r) => r.path)).toEqual(crmResourceMetas.flatMap((m) => [m.path, `${m.path}/:id`]));
  });

  it('loads each page pair bound to its declaration', async () => {
    for (const meta of crmResourceMetas) {
      const pages = await meta.load();
      expect(pages.List).toBeTypeOf('function');
      expect(pages.Detail).toBeTypeOf('function');
    }
  });
});
