import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { toast } from 'sonner';
import { addMemberBodySchema } from '../../../../contracts/workspaces';
import type { Role } from '../../../../contracts/roles';
import { Button } from '@/components/button';
import { FormError } from '@/components/form-error';
import { TextField } from '@/components/text-field';
import { formErrorsFrom, issuesToFields, noFormErrors, type FormErrors } from '@/lib/form-errors';
import { useAddMember } from '../api';
import { RoleSelect } from './role-select';

const FIELDS = ['email', 'role'] as const;
type Field = (typeof FIELDS)[number];

/**
 * Invite a person by email. Everyone gets an emailed link to accept, whether or not they have an account (the
 * server answers the same either way), so nobody is ever "added" from here.
 */
export function InviteMemberForm({ workspaceId, roles }: { workspaceId: string; roles: readonly Role[] }) {
  const add = useAddMember(workspaceId);
  const formRef = useRef<HTMLFormElement>(null);
  // `?invite=1` (the command palette's "Invite a member"): straight to the email field.
  const [searchParams] = useSearchParams();
  const inviting = searchParams.has('invite');
  useEffect(() => {
    if (!inviting) return;
    const field = formRef.current?.querySelector<HTMLInputElement>('input[type="email"]');
    field?.scrollIntoView?.({ block: 'center' });
    field?.focus();
  }, [inviting]);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = addMemberBodySchema.safeParse({ email: email.trim(), role });
    if (!parsed.success) {
      setErrors({ fields: issuesToFields(parsed.error.issues, FIELDS), form: null });
      return;
    }
    setErrors(noFormErrors);
    add.mutate(parsed.data, {
      onSuccess: (member) => {
        setEmail('');
        if (member.emailStatus === 'failed') toast.warning(`Invitation created, but the email to ${member.email} failed; copy the link from the list instead`);
        else toast.success(`Invitation emailed to ${member.email}. They join once they accept it.`);
      },
      onError: (error) => setErrors(formErrorsFrom(error, FIELDS, { conflict: 'email' })),
    });
  }

  return (
    <form ref={formRef} noValidate onSubmit={submit} aria-label="Invite a member" className="space-y-2">
      <FormError message={errors.form} />
      <div className="flex items-start gap-2">
        <TextField
          label="Email to invite"
          type="email"
          placeholder="name@company.com"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.fields.email}
          className="max-w-xs flex-1"
        />
        <div className="space-y-1">
          <span aria-hidden className="block text-xs font-medium">
            Role
          </span>
          <RoleSelect label="Role" value={role} roles={roles} onChange={setRole} className="h-8" />
          {errors.fields.role ? <p className="text-xs text-danger">{errors.fields.role}</p> : null}
        </div>
        <Button type="submit" variant="primary" disabled={add.isPending} className="mt-5">
          {add.isPending ? 'Inviting…' : 'Invite'}
        </Button>
      </div>
    </form>
  );
}
