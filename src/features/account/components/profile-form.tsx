import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { updateMeBodySchema } from '../../../../contracts/auth';
import { Button } from '@/components/button';
import { FormError } from '@/components/form-error';
import { TextField } from '@/components/text-field';
import { formErrorsFrom, issuesToFields, noFormErrors, type FormErrors } from '@/lib/form-errors';
import { useCurrentUser } from '@/lib/session-store';
import { useUpdateProfile } from '../api';

const FIELDS = ['name'] as const;

export function ProfileForm() {
  const user = useCurrentUser();
  const update = useUpdateProfile();
  const [name, setName] = useState(user.name);
  const [errors, setErrors] = useState<FormErrors<'name'>>(noFormErrors);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = updateMeBodySchema.safeParse({ name });
    if (!parsed.success) {
      setErrors({ fields: issuesToFields(parsed.error.issues, FIELDS), form: null });
      return;
    }
    setErrors(noFormErrors);
    update.mutate(parsed.data, {
      onSuccess: (updated) => {
        setName(updated.name);
        toast.success('Profile saved');
      },
      onError: (error) => setErrors(formErrorsFrom(error, FIELDS)),
    });
  }

  return (
    <form noValidate onSubmit={submit} className="space-y-3">
      <FormError message={errors.form} />
      <div className="grid max-w-xl grid-cols-2 gap-3">
        <TextField label="Name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} maxLength={100} />
        <TextField label="Email" value={user.email} readOnly disabled hint="Your sign-in email cannot be changed yet." />
      </div>
      <Button type="submit" variant="primary" disabled={update.isPending || name.trim() === user.name}>
        {update.isPending ? 'Saving…' : 'Save profile'}
      </Button>
    </form>
  );
}
