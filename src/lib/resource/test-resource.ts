// Test support for the kit's web tests: a resource as its pages see it, built from a declaration, and a
// scroller of a real height for the virtualised list (jsdom lays nothing out).
import { Box } from 'lucide-react';
import type { DomainName } from '../../../contracts/registry';
import { kebab, type ResourceDef } from '../../../contracts/resource';
import type { ComputedDisplay, Resource } from './meta';

export function testResource(
  def: ResourceDef,
  domain: DomainName,
  extra: { computed?: Record<string, ComputedDisplay>; slot?: Resource['slot'] } = {},
): Resource {
  return {
    domain,
    name: def.name,
    plural: def.plural,
    label: def.label,
    pluralLabel: def.pluralLabel,
    access: def.access,
    path: kebab(def.plural),
    icon: Box,
    order: 0,
    load: () => Promise.reject(new Error('not loaded in tests')),
    def,
    description: `All the ${def.pluralLabel.toLowerCase()}.`,
    ...extra,
  };
}

/** Gives every element a height of `height` px, so the virtualiser renders that many px of rows; returns the undo. */
export function layoutHeight(height: number): () => void {
  const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => height });
  return () => {
    if (original) Object.defineProperty(HTMLElement.prototype, 'clientHeight', original);
    else delete (HTMLElement.prototype as { clientHeight?: number }).clientHeight;
  };
}
