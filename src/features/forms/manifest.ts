// Forms as the shell sees them: the list, the builder (new and existing forms), the public page at
// /f/:publicKey (anyone, outside the app frame), the sidebar entry, realtime events and palette actions.
import { ClipboardList } from 'lucide-react';
import { defineFeature, lazyPage, type WorkspaceContext } from '@/lib/feature';
import { formKeys } from './keys';

const FormsPage = lazyPage(() => import('./pages/forms-page'), 'FormsPage');
const NewFormPage = lazyPage(() => import('./pages/form-page'), 'NewFormPage');
const FormPage = lazyPage(() => import('./pages/form-page'), 'FormPage');
const PublicFormPage = lazyPage(() => import('./pages/public-form-page'), 'PublicFormPage');

const refresh = (_payload: unknown, { queryClient, wid }: WorkspaceContext) => void queryClient.invalidateQueries({ queryKey: formKeys.all(wid) });

export const formsFeature = defineFeature({
  id: 'forms',
  routes: [
    { mount: 'workspace', path: 'forms', page: FormsPage },
    { mount: 'workspace', path: 'forms/new', page: NewFormPage },
    { mount: 'workspace', path: 'forms/:formId', page: FormPage },
    { mount: 'public', path: '/f/:publicKey', page: PublicFormPage },
  ],
  nav: [{ area: 'workspace', path: 'forms', label: 'Forms', icon: ClipboardList, order: 45, prefetch: () => void FormsPage.preload() }],
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
