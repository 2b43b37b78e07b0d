// The customer form's controls beyond TextField: a multi-line field (address, notes) and a select (status),
// labelled and wired to their hint and error like TextField.
import { useId, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { inputClass } from '@/components/text-field';
import { cx } from '@/lib/cx';

interface Described {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  className?: string;
}

function FieldShell({ id, label, error, hint, className, children }: Described & { id: string; children: ReactNode }) {
  return (
    <div className={cx('space-y-1', className)}>
      <label htmlFor={id} className="block text-xs font-medium text-fg">
        {label}
      </label>
      {children}
      {hint ? (
        <div id={`${id}-hint`} className="text-xs text-muted">
          {hint}
        </div>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-xs text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}

const describedBy = (id: string, { hint, error }: Described) =>
  [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;

export function TextAreaField({ label, error, hint, className, ...props }: Described & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'className'>) {
  const id = useId();
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} {...(className ? { className } : {})}>
      <textarea
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { label, error, hint })}
        className={cx(inputClass, 'h-auto py-1.5')}
        {...props}
      />
    </FieldShell>
  );
}

export function SelectField({
  label,
  error,
  hint,
  className,
  children,
  ...props
}: Described & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'className'>) {
  const id = useId();
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} {...(className ? { className } : {})}>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, { label, error, hint })} className={inputClass} {...props}>
        {children}
      </select>
    </FieldShell>
  );
}
