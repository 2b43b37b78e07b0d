import { Check, Circle } from 'lucide-react';
import { passwordPolicy } from '../../contracts/auth';

/** The password rules as a live checklist under a new-password field (the same rules the server checks). */
export function PasswordPolicyHint({ password }: { password: string }) {
  return (
    <ul className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5" aria-label="Password requirements">
      {passwordPolicy.rules.map((rule) => {
        const met = password.length > 0 && rule.test(password);
        return (
          <li key={rule.id} className={met ? 'flex items-center gap-1 text-success' : 'flex items-center gap-1 text-muted'}>
            {met ? <Check aria-hidden className="size-3" /> : <Circle aria-hidden className="size-2.5" />}
            <span>
              {rule.label}
              <span className="sr-only">{met ? ' (met)' : ' (not met yet)'}</span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
