import { useRef, type KeyboardEvent } from 'react';
import { CONVERSATION_STATUSES, type ConversationStatus } from '../../../../contracts/conversations';
import { STATUS_LABELS } from '@/components/conversation-status';
import { cx } from '@/lib/cx';

/** A tab's count as shown: exact up to 999. */
export const tabCount = (count: number) => (count > 999 ? '999+' : String(count));

/**
 * Open / Pending / Snoozed / Closed as ARIA tabs (arrow keys move between them), each with its count under the
 * list's other filters once known (the tab's name stays its label; the count is its description).
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
  counts?: Record<ConversationStatus, number>;
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
      <div role="tablist" aria-label="Inbox tabs" className="flex gap-0.5 border-b border-border px-2">
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
              aria-describedby={counts ? `${panelId}-count-${status}` : undefined}
              tabIndex={selected ? 0 : -1}
              onClick={() => onChange(status)}
              onKeyDown={(e) => onKeyDown(e, index)}
              className={cx(
                '-mb-px border-b-2 px-2 py-2 text-xs font-medium',
                selected ? 'border-accent text-fg' : 'border-transparent text-muted hover:text-fg',
              )}
            >
              {STATUS_LABELS[status]}
              {counts ? (
                <span aria-hidden="true" data-testid="tab-count" className="ml-1.5 rounded-full bg-subtle px-1.5 py-px text-[11px] tabular-nums text-muted">
                  {tabCount(counts[status])}
                </span>
              ) : null}
            </button>
          );
        })}
      </div>
      {/* The counts as each tab's description (hidden: read through aria-describedby only). */}
      {counts ? (
        <div hidden>
          {CONVERSATION_STATUSES.map((status) => (
            <span key={status} id={`${panelId}-count-${status}`}>
              {counts[status] === 1 ? '1 conversation' : `${tabCount(counts[status])} conversations`}
            </span>
          ))}
        </div>
      ) : null}
    </>
  );
}
