// Services as the first load knows them (name, labels, roles, icon: checked against the declaration in
// contracts/services.ts at compile time); the declaration itself loads with the pages.
import { Bot } from 'lucide-react';
import type { serviceResource } from '../../../contracts/services';
import { resourceMeta } from '@/lib/resource/meta';

export const services = resourceMeta<typeof serviceResource>()({
  domain: 'services',
  name: 'service',
  plural: 'services',
  label: 'Service',
  pluralLabel: 'Services',
  access: { read: 'viewer', write: 'admin', remove: 'admin' },
  icon: Bot,
  order: 20,
  slot: 'service.details',
  load: () => import('./pages').then((p) => p.servicePages),
});
