// Signing in and registering as the shell sees them: the guest pages (sign in, register, forgot password), the
// pages people open from emailed links (reset password, verify email, invitation: public, as they work signed in
// or out). Its palette action (sign out) loads after the first paint (./deferred.ts).
import { defineFeature, lazyPage } from '@/lib/feature';

const SignInPage = lazyPage(() => import('./pages/sign-in-page'), 'SignInPage');
const RegisterPage = lazyPage(() => import('./pages/register-page'), 'RegisterPage');
const ForgotPasswordPage = lazyPage(() => import('./pages/forgot-password-page'), 'ForgotPasswordPage');
const ResetPasswordPage = lazyPage(() => import('./pages/reset-password-page'), 'ResetPasswordPage');
const VerifyEmailPage = lazyPage(() => import('./pages/verify-email-page'), 'VerifyEmailPage');
const InvitePage = lazyPage(() => import('./pages/invite-page'), 'InvitePage');

export const authFeature = defineFeature({
  id: 'auth',
  routes: [
    { mount: 'guest', path: '/sign-in', page: SignInPage },
    { mount: 'guest', path: '/register', page: RegisterPage },
    { mount: 'guest', path: '/forgot-password', page: ForgotPasswordPage },
    { mount: 'public', path: '/reset-password/:token', page: ResetPasswordPage },
    { mount: 'public', path: '/verify-email/:token', page: VerifyEmailPage },
    { mount: 'public', path: '/invite/:token', page: InvitePage },
  ],
  deferred: () => import('./deferred'),
});
