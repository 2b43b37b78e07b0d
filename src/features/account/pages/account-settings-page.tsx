import { passwordPolicy } from '../../../../contracts/auth';
import { Card } from '@/components/card';
import { PageHeader } from '@/components/page-header';
import { useFreshUser } from '../api';
import { EmailStatus } from '../components/email-status';
import { PasswordForm } from '../components/password-form';
import { ProfileForm } from '../components/profile-form';
import { SessionsList } from '../components/sessions-list';
import { TwoFactorSettings } from '../components/two-factor-settings';

/** `/settings/account`: profile, email, password, two-factor sign-in, sessions. */
export function AccountSettingsPage() {
  useFreshUser();
  return (
    <div className="max-w-3xl">
      <title>Account settings · Switchboard</title>
      <PageHeader title="Account settings" />
      <div className="space-y-5">
        <Card title="Profile">
          <ProfileForm />
        </Card>
        <Card title="Email" description="The address you sign in with, where invitations and password reset links go.">
          <EmailStatus />
        </Card>
        <Card title="Password" description={passwordPolicy.description}>
          <PasswordForm />
        </Card>
        <Card title="Two-factor sign-in" description="A code from an app on your phone as well as your password, so a stolen password alone is not enough.">
          <TwoFactorSettings />
        </Card>
        <Card title="Sessions" description="Devices where you are signed in. Sign out any you do not recognise.">
          <SessionsList />
        </Card>
      </div>
    </div>
  );
}
