// Signing in and registering as the shell sees them: the two guest pages, and a palette action to sign out.
import { defineFeature, lazyPage } from '@/lib/feature';

const SignInPage = lazyPage(() => import('./pages/sign-in-page'), 'SignInPage');
const RegisterPage = lazyPage(() => import('./pages/register-page'), 'RegisterPage');

export const authFeature = defineFeature({
  id: 'auth',
  routes: [
    { mount: 'guest', path: '/sign-in', page: SignInPage },
    { mount: 'guest', path: '/register', page: RegisterPage },
  ],
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
