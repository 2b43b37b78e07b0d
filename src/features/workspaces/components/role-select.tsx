import type { Role } from '../../../../contracts/roles';
import { roleLabel } from '@/components/badge';
import { cx } from '@/lib/cx';

/** A labelled native select of roles: keyboard- and screen-reader-friendly without a widget library. */
export function RoleSelect({
  value,
  roles,
  onChange,
  label,
  disabled,
  className,
}: {
  value: Role;
  roles: readonly Role[];
  onChange: (role: Role) => void;
  label: string;
  disabled?: boolean;
  className?: string;
}) {
  return (
    <select
      aria-label={label}
      value={value}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value as Role)}
      className={cx('h-7 rounded-md border border-border-strong bg-surface px-1.5 text-sm text-fg disabled:opacity-60', className)}
    >
      {roles.map((role) => (
        <option key={role} value={role}>
          {roleLabel(role)}
        </option>
      ))}
    </select>
  );
}
