import { useRef, type KeyboardEvent } from 'react';
import { CONVERSATION_STATUSES, type ConversationStatus } from '../../../../contracts/conversations';
import { STATUS_LABELS } from '@/components/conversation-status';
import { cx } from '@/lib/cx';

/** A tab's count as shown: exact up to 999. */
export const tabCount = (count: number) => (count > 999 ? '999+' : String(count));

/**
 * Open / Pending / Snoozed / Closed as ARIA tabs (arrow keys move between them), the working ones with their count under
 * the list's other filters once known (the tab's name stays its label; the count is its description).
 */
export function StatusTabs({
  value,
  onChange,
  panelId,
  counts,
}: {
  value: ConversationStatus;
  onChange: (status: ConversationStatus) => void;
  panelId: string;
  counts?: Partial<Record<ConversationStatus, number>>;
}) {
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const last = CONVERSATION_STATUSES.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? index === last
          ? 0
          : index + 1
        : event.key === 'ArrowLeft'
          ? index === 0
            ? last
            : index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    const status = CONVERSATION_STATUSES[next];
    if (!status) return;
    onChange(status);
    refs.current[next]?.focus();
  }
  return (
    <>
      <div role="tablist" aria-label="Inbox tabs" className="flex border-b border-border px-1">
        {CONVERSATION_STATUSES.map((status, index) => {
          const selected = status === value;
          return (
            <button
              key={status}
              ref={(el) => {
                refs.current[index] = el;
              }}
              type="button"
              role="tab"
              id={`${panelId}-tab-${status}`}
              aria-selected={selected}
              aria-controls={panelId}
              aria-describedby={counts?.[status] !== undefined ? `${panelId}-count-${status}` : undefined}
              tabIndex={selected ? 0 : -1}
              onClick={() => onChange(status)}
              onKeyDown={(e) => onKeyDown(e, index)}
              className={cx(
                '-mb-px shrink-0 whitespace-nowrap border-b-2 px-1.5 py-2 text-xs font-medium',
                selected ? 'border-accent text-fg' : 'border-transparent text-muted hover:text-fg',
              )}
            >
              {STATUS_LABELS[status]}
              {counts?.[status] !== undefined ? (
                <span aria-hidden="true" data-testid="tab-count" className="ml-1 rounded-full bg-subtle px-1 py-px text-[11px] tabular-nums text-muted">
                  {tabCount(counts[status]!)}
                </span>
              ) : null}
            </button>
          );
        })}
      </div>
      {/* The counts as each tab's description (hidden: read through aria-describedby only). */}
      {counts ? (
        <div hidden>
          {CONVERSATION_STATUSES.map((status) => {
            const count = counts[status];
            return count === undefined ? null : (
              <span key={status} id={`${panelId}-count-${status}`}>
                {count === 1 ? '1 conversation' : `${tabCount(count)} conversations`}
              </span>
            );
          })}
        </div>
      ) : null}
    </>
  );
}
