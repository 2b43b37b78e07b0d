// The services pages, bound to their declaration (contracts/services.ts). Loaded with the pages, never in the
// first load (the declaration carries zod).
import { serviceResource } from '../../../contracts/services';
import type { ResourcePages } from '@/lib/resource/meta';
import { resourcePages } from '@/lib/resource/pages';
import { services } from './resources';

export const servicePages: ResourcePages = resourcePages(services, {
  def: serviceResource,
  description: 'The AI services you run for your clients, their configuration, and the metrics they send.',
});
