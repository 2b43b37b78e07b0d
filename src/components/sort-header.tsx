// A sortable column header: a button that sorts by the column (or flips the direction when it already does),
// with aria-sort on the header cell so the order is announced.
import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import { cx } from '@/lib/cx';

/** `-price` → { field: 'price', descending: true }. */
export function readSort(sort: string): { field: string; descending: boolean } {
  return sort.startsWith('-') ? { field: sort.slice(1), descending: true } : { field: sort, descending: false };
}

export function SortHeader({
  label,
  field,
  sort,
  onSort,
  firstDescending = false,
  align = 'left',
  className,
}: {
  label: string;
  field: string;
  /** The list's current sort (`name`, `-createdAt`, …). */
  sort: string;
  onSort: (sort: string) => void;
  /** The first click sorts descending (newest, largest first). */
  firstDescending?: boolean;
  align?: 'left' | 'right';
  className?: string;
}) {
  const current = readSort(sort);
  const active = current.field === field;
  const descending = active ? !current.descending : firstDescending;
  const Icon = !active ? ArrowUpDown : current.descending ? ArrowDown : ArrowUp;
  return (
    <th scope="col" aria-sort={active ? (current.descending ? 'descending' : 'ascending') : 'none'} className={cx('px-3 py-2 font-medium', className)}>
      <button
        type="button"
        onClick={() => onSort(descending ? `-${field}` : field)}
        className={cx('-mx-1 inline-flex items-center gap-1 rounded px-1 hover:text-fg', active && 'text-fg', align === 'right' && 'flex-row-reverse')}
      >
        {label}
        <Icon aria-hidden className={cx('size-3', !active && 'opacity-50')} />
      </button>
    </th>
  );
}
