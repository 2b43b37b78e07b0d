import { useRef, type KeyboardEvent } from 'react';
import { CONVERSATION_STATUSES, type ConversationStatus } from '../../../../contracts/conversations';
import { STATUS_LABELS } from '@/components/conversation-status';
import { cx } from '@/lib/cx';

/** Open / Pending / Snoozed / Closed as ARIA tabs (arrow keys move between them). */
export function StatusTabs({ value, onChange, panelId }: { value: ConversationStatus; onChange: (status: ConversationStatus) => void; panelId: string }) {
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
            tabIndex={selected ? 0 : -1}
            onClick={() => onChange(status)}
            onKeyDown={(e) => onKeyDown(e, index)}
            className={cx(
              '-mb-px border-b-2 px-2 py-2 text-xs font-medium',
              selected ? 'border-accent text-fg' : 'border-transparent text-muted hover:text-fg',
            )}
          >
            {STATUS_LABELS[status]}
          </button>
        );
      })}
    </div>
  );
}
