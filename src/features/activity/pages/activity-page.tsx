import { useInfiniteQuery } from '@tanstack/react-query';
import { useId, useMemo, type ReactElement } from 'react';
import { useParams } from 'react-router';
import { Button } from '@/components/button';
import { PageHeader } from '@/components/page-header';
import { StateMessage } from '@/components/state-message';
import { inputClass } from '@/components/text-field';
import { useUrlParams } from '@/lib/use-url-params';
import { membersQueryOptions } from '@/lib/workspace';
import { activityActions, ACTIVITY_SUBJECT_TYPES } from '../../../../contracts/activity';
import { ActivityList } from '../components/activity-list';
import { actionLabel, isFiltered, listFilters, PERIODS, readFilters, subjectLabel, subtitle, type Period } from '../filters';

const PERIOD_LABELS: Record<Period, string> = { today: 'Today', '7d': 'Last 7 days', '30d': 'Last 30 days', custom: 'Custom dates' };
const timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** The actions of each subject type, for the action select's groups. */
const ACTIONS_BY_SUBJECT = ACTIVITY_SUBJECT_TYPES.map((subject) => ({
  subject,
  actions: Object.entries(activityActions)
    .filter(([, def]) => def.subject === subject)
    .map(([name]) => name),
}));

/** A filter control under its label (a label of its own, so a select's options never become part of its name). */
function Field({ label, className, children }: { label: string; className: string; children: (id: string) => ReactElement }) {
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-xs text-muted">
        {label}
      </label>
      {children(id)}
    </div>
  );
}

/**
 * `/w/:wid/activity` (admin+): who changed what in this workspace, filtered by member, action (or everything
 * about one kind of record) and period, all in the address; the subtitle says what the list shows.
 */
export function ActivityPage() {
  const { wid = '' } = useParams();
  const [params, update] = useUrlParams();
  const filters = readFilters(params);
  const tz = timeZone();
  const now = new Date();
  const members = useInfiniteQuery(membersQueryOptions(wid));
  const memberOptions = useMemo(
    () =>
      (members.data?.pages.flatMap((p) => p.data) ?? [])
        .filter((m) => m.status === 'active' && m.userId)
        .map((m) => ({ id: m.userId!, name: m.name ?? m.email }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    [members.data],
  );
  const memberName = filters.member ? (memberOptions.find((m) => m.id === filters.member)?.name ?? null) : null;
  const description = subtitle(filters, memberName, now, tz);
  // One action, or everything about one subject type ("subject:conversation"); several from the address show as they are.
  const actionValue =
    filters.actions.length === 1 ? filters.actions[0]! : filters.actions.length > 1 ? 'several' : filters.subject ? `subject:${filters.subject}` : '';

  const setAction = (value: string) => {
    if (value.startsWith('subject:')) update({ subject: value.slice('subject:'.length), action: null });
    else update({ action: value || null, subject: null });
  };
  const clear = () => update({ member: null, action: null, subject: null, period: null, from: null, to: null });

  return (
    <div className="max-w-3xl">
      <title>Activity · Switchboard</title>
      <PageHeader title="Activity" description={<span data-testid="activity-subtitle">{description}</span>} />
      <form role="search" aria-label="Filter activity" className="mb-4 flex flex-wrap items-end gap-2" onSubmit={(e) => e.preventDefault()}>
        <Field label="Member" className="w-full sm:w-48">
          {(id) => (
            <select id={id} value={filters.member ?? ''} onChange={(e) => update({ member: e.target.value || null })} className={`${inputClass} mt-1`}>
              <option value="">Anyone</option>
              {filters.member && !memberName ? <option value={filters.member}>A former member</option> : null}
              {memberOptions.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Action" className="w-full sm:w-60">
          {(id) => (
            <select id={id} value={actionValue} onChange={(e) => setAction(e.target.value)} className={`${inputClass} mt-1`}>
              <option value="">Any action</option>
              {filters.actions.length > 1 ? (
                <option value="several" disabled>
                  {filters.actions.map(actionLabel).join(', ')}
                </option>
              ) : null}
              {ACTIONS_BY_SUBJECT.map(({ subject, actions }) => (
                <optgroup key={subject} label={subjectLabel(subject)}>
                  <option value={`subject:${subject}`}>All {subjectLabel(subject).toLowerCase().replace(/^api /, 'API ')} activity</option>
                  {actions.map((a) => (
                    <option key={a} value={a}>
                      {actionLabel(a)}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
        <Field label="Period" className="w-full sm:w-40">
          {(id) => (
            <select
              id={id}
              value={filters.period ?? ''}
              onChange={(e) => update({ period: e.target.value || null, ...(e.target.value === 'custom' ? {} : { from: null, to: null }) })}
              className={`${inputClass} mt-1`}
            >
              <option value="">Any time</option>
              {PERIODS.map((p) => (
                <option key={p} value={p}>
                  {PERIOD_LABELS[p]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {filters.period === 'custom' ? (
          <>
            <Field label="From" className="w-[calc(50%-0.25rem)] sm:w-40">
              {(id) => (
                <input
                  id={id}
                  type="date"
                  value={filters.from ?? ''}
                  max={filters.to}
                  onChange={(e) => update({ from: e.target.value || null })}
                  className={`${inputClass} mt-1`}
                />
              )}
            </Field>
            <Field label="To" className="w-[calc(50%-0.25rem)] sm:w-40">
              {(id) => (
                <input
                  id={id}
                  type="date"
                  value={filters.to ?? ''}
                  min={filters.from}
                  onChange={(e) => update({ to: e.target.value || null })}
                  className={`${inputClass} mt-1`}
                />
              )}
            </Field>
          </>
        ) : null}
        {isFiltered(filters) ? (
          <Button size="sm" variant="ghost" onClick={clear}>
            Clear filters
          </Button>
        ) : null}
      </form>
      <ActivityList
        filters={listFilters(wid, filters, now, tz)}
        empty={
          isFiltered(filters) ? (
            <StateMessage title="No activity matches these filters" action={<Button onClick={clear}>Clear filters</Button>}>
              Try another member, action or period.
            </StateMessage>
          ) : undefined
        }
      />
    </div>
  );
}
