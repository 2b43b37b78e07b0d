// The heavy half of /docs: Scalar (a Vue app) and its stylesheet. The page imports this module only once it
// has rendered, so the route's own chunk stays small and the app's entry lists none of Scalar's chunks.
// ./scalar-prelude must have run first (see loadScalar in ./api-reference.tsx).
import { createApiReference } from '@scalar/api-reference';
import '@scalar/api-reference/style.css';
import type { ScalarConfiguration } from './scalar-configuration';

/** Renders the reference into `element`; returns what removes it again. */
export function mountApiReference(element: Element, configuration: ScalarConfiguration): () => void {
  const instance = createApiReference(element, configuration);
  return () => instance.destroy();
}
