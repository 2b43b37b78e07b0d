import { passwordPolicy } from '../../../../contracts/auth';
import { Card } from '@/components/card';
import { PageHeader } from '@/components/page-header';
import { PasswordForm } from '../components/password-form';
import { ProfileForm } from '../components/profile-form';
import { SessionsList } from '../components/sessions-list';

/** `/settings/account`: profile, password, sessions. */
export function AccountSettingsPage() {
  return (
    <div className="max-w-3xl">
      <title>Account settings · Switchboard</title>
      <PageHeader title="Account settings" />
      <div className="space-y-5">
        <Card title="Profile">
          <ProfileForm />
        </Card>
        <Card title="Password" description={passwordPolicy.description}>
          <PasswordForm />
        </Card>
        <Card title="Sessions" description="Devices where you are signed in. Sign out any you do not recognise.">
          <SessionsList />
        </Card>
      </div>
    </div>
  );
}
