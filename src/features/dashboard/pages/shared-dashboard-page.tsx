// `/d/:token`: a shared dashboard as anyone with its link sees it, signed in or not, without the app around it:
// its name, its own date presets, and its widgets read-only (with their CSV). A revoked link says so; a link that
// is not one says that.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { useParams } from 'react-router';
import { seriesInterval } from '../../../../contracts/dashboard-grid';
import { Button } from '@/components/button';
import { errorMessage } from '@/lib/api-error';
import { useUrlParams } from '@/lib/use-url-params';
import { DashboardGrid } from '../components/dashboard-grid';
import { DateRangePicker } from '../components/date-range-picker';
import { WidgetCard } from '../components/widget-card';
import { sharedDashboardQueryOptions } from '../public-api';
import { browserTimeZone, choiceFromParams, paramsOfChoice, resolveRange } from '../range';

function Frame({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-full px-4 py-6 sm:px-8">
      <main className="mx-auto w-full max-w-6xl">{children}</main>
      <footer className="mt-8 text-center text-xs text-muted">Shared with Switchboard · read-only</footer>
    </div>
  );
}

function Notice({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <Frame>
      <div className="mx-auto mt-16 max-w-md rounded-lg border border-border bg-surface p-6 text-center shadow-sm">
        <h1 className="text-lg font-semibold">{title}</h1>
        <p className="mt-2 text-sm text-muted">{children}</p>
        {action ? <div className="mt-4">{action}</div> : null}
      </div>
    </Frame>
  );
}

export function SharedDashboardPage() {
  const { token = '' } = useParams();
  const [params, updateParams] = useUrlParams();
  const choice = choiceFromParams(params);
  // Presets only: the public page shows at most about a year (the API's limit).
  const preset = choice.preset === 'custom' ? { preset: '30d' as const } : choice;
  // Whole local days: the same instants all day long, so the query stays put until midnight.
  const range = resolveRange(preset);
  const tz = browserTimeZone();
  const shared = useQuery({ ...sharedDashboardQueryOptions(token, { from: range.from, to: range.to, tz }), placeholderData: keepPreviousData });

  useEffect(() => {
    document.title = shared.data ? `${shared.data.name} · Shared dashboard` : 'Shared dashboard';
  }, [shared.data]);

  if (shared.isPending) {
    return (
      <Frame>
        <p role="status" className="py-16 text-center text-muted">
          Loading the dashboard…
        </p>
      </Frame>
    );
  }
  if (shared.isError && !shared.data) {
    const { status } = shared.error;
    if (status === 410)
      return <Notice title="This link was revoked">The dashboard is no longer shared through this link. Ask whoever sent it for a new one.</Notice>;
    if (status === 404)
      return <Notice title="This link is not valid">It may have been mistyped or cut short. Check the address, or ask for the link again.</Notice>;
    return (
      <Notice title="Could not load this dashboard" action={<Button onClick={() => shared.refetch()}>Try again</Button>}>
        {errorMessage(shared.error)}
      </Notice>
    );
  }
  const page = shared.data!;
  return (
    <Frame>
      <header className="mb-5 flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-lg font-semibold tracking-tight">{page.name}</h1>
          <p className="mt-0.5 text-sm text-muted">
            {range.label}, times in {tz}.
          </p>
        </div>
        <DateRangePicker range={range} onChange={(next) => updateParams(paramsOfChoice(next))} allowCustom={false} />
      </header>
      {page.widgets.length === 0 ? (
        <p className="py-16 text-center text-muted">This dashboard has no widgets yet.</p>
      ) : (
        <DashboardGrid
          widgets={page.widgets}
          renderWidget={(widget) => (
            <WidgetCard
              widget={widget}
              state={{
                status: 'ready',
                data: {
                  points: page.data[widget.id] ?? [],
                  previous: page.previous[widget.id] ?? null,
                  interval: seriesInterval(widget.query.interval, page.from, page.to),
                },
              }}
            />
          )}
        />
      )}
    </Frame>
  );
}
