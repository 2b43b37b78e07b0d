// Forms after the first paint (src/lib/feature.ts): their share of the realtime events and their palette actions.
import { defineDeferredFeature, type WorkspaceContext } from '@/lib/feature';
import { formKeys } from './keys';

const refresh = (_payload: unknown, { queryClient, wid }: WorkspaceContext) => void queryClient.invalidateQueries({ queryKey: formKeys.all(wid) });

export default defineDeferredFeature({
  realtime: {
    events: {
      'form.created': refresh,
      'form.updated': refresh,
      'form.deleted': refresh,
      // A new submission: its form's count and submissions list.
      'form.submitted': refresh,
      // Product fields name products.
      'product.updated': (_payload, { queryClient, wid }) => void queryClient.invalidateQueries({ queryKey: formKeys.products(wid) }),
    },
    resync: formKeys.all,
  },
  commands: [
    { id: 'forms.open', label: 'Go to forms', keywords: ['order form', 'contact form'], scope: 'workspace', href: ({ wid }) => `/w/${wid}/forms` },
    { id: 'forms.new', label: 'New form', scope: 'workspace', minRole: 'admin', href: ({ wid }) => `/w/${wid}/forms/new` },
  ],
});
