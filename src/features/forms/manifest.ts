// Forms as the shell sees them: the list, the builder (new and existing forms), the public page at
// /f/:publicKey (anyone, outside the app frame) and the sidebar entry. The realtime handlers and palette actions
// load after the first paint (./deferred.ts).
import { ClipboardList } from 'lucide-react';
import { defineFeature, lazyPage } from '@/lib/feature';

const FormsPage = lazyPage(() => import('./pages/forms-page'), 'FormsPage');
const NewFormPage = lazyPage(() => import('./pages/form-page'), 'NewFormPage');
const FormPage = lazyPage(() => import('./pages/form-page'), 'FormPage');
const PublicFormPage = lazyPage(() => import('./pages/public-form-page'), 'PublicFormPage');

export const formsFeature = defineFeature({
  id: 'forms',
  routes: [
    { mount: 'workspace', path: 'forms', page: FormsPage },
    { mount: 'workspace', path: 'forms/new', page: NewFormPage },
    { mount: 'workspace', path: 'forms/:formId', page: FormPage },
    { mount: 'public', path: '/f/:publicKey', page: PublicFormPage },
  ],
  nav: [{ area: 'workspace', path: 'forms', label: 'Forms', icon: ClipboardList, order: 45, prefetch: () => void FormsPage.preload() }],
  deferred: () => import('./deferred'),
});
