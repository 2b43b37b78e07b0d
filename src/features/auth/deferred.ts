// Signing in and out after the first paint (src/lib/feature.ts): the palette action that signs out.
import { defineDeferredFeature } from '@/lib/feature';

export default defineDeferredFeature({
  commands: [
    {
      id: 'auth.signOut',
      label: 'Sign out',
      keywords: ['log out'],
      scope: 'app',
      run: async ({ queryClient }) => (await import('./api')).signOut(queryClient),
    },
  ],
});
