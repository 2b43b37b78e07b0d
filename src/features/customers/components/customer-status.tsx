// A customer's status as the lists and pages show it: active in the success tone, inactive greyed.
import type { Customer } from '../../../../contracts/customers';
import { cx } from '@/lib/cx';

export const CUSTOMER_STATUS_LABELS: Record<Customer['status'], string> = { active: 'Active', inactive: 'Inactive' };

export function CustomerStatusBadge({ status }: { status: Customer['status'] }) {
  return (
    <span
      className={cx(
        'inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap',
        status === 'active' ? 'bg-surface text-success ring-1 ring-success/40 ring-inset' : 'bg-subtle text-muted',
      )}
    >
      {CUSTOMER_STATUS_LABELS[status]}
    </span>
  );
}
