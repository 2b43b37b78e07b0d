// Operations' record types as the first load knows them (names, labels, roles, icons: each checked against its
// declaration in contracts/operations.ts at compile time); the declarations themselves load with the pages.
import { Blocks, Factory, FlaskConical, Wrench } from 'lucide-react';
import type { batchResource, equipmentResource, materialResource, plantResource } from '../../../contracts/operations';
import { resourceMeta } from '@/lib/resource/meta';

const pages = () => import('./pages');
const ACCESS = { read: 'viewer', write: 'agent', remove: 'admin' } as const;

export const plants = resourceMeta<typeof plantResource>()({
  domain: 'operations',
  name: 'plant',
  plural: 'plants',
  label: 'Plant',
  pluralLabel: 'Plants',
  access: ACCESS,
  icon: Factory,
  order: 10,
  slot: 'plant.details',
  load: () => pages().then((p) => p.plantPages),
});

export const materials = resourceMeta<typeof materialResource>()({
  domain: 'operations',
  name: 'material',
  plural: 'materials',
  label: 'Material',
  pluralLabel: 'Materials',
  access: ACCESS,
  icon: Blocks,
  order: 20,
  slot: 'material.details',
  load: () => pages().then((p) => p.materialPages),
});

export const batches = resourceMeta<typeof batchResource>()({
  domain: 'operations',
  name: 'batch',
  plural: 'batches',
  label: 'Batch',
  pluralLabel: 'Batches',
  access: ACCESS,
  icon: FlaskConical,
  order: 30,
  slot: 'batch.details',
  load: () => pages().then((p) => p.batchPages),
});

export const equipment = resourceMeta<typeof equipmentResource>()({
  domain: 'operations',
  name: 'equipment',
  plural: 'equipment',
  label: 'Equipment',
  pluralLabel: 'Equipment',
  access: ACCESS,
  icon: Wrench,
  order: 40,
  load: () => pages().then((p) => p.equipmentPages),
});

export const operationsResourceMetas = [plants, materials, batches, equipment] as const;
