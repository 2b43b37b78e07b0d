// A widget's frame: its title, its CSV export (its data as `t,value`, RFC 4180) and, while the dashboard is being
// arranged, the controls the grid hands it; the body shows the data, or why there is none yet.
import { Download } from 'lucide-react';
import type { ReactNode } from 'react';
import { Button } from '@/components/button';
import { datedFilename, saveCsv } from '@/lib/csv-file';
import { seriesCsv, slug } from '../format';
import { WidgetBody, type WidgetData, type WidgetShape } from './widget-body';

export type WidgetState = { status: 'pending' } | { status: 'error'; message: string; retry?: () => void } | { status: 'ready'; data: WidgetData };

export function WidgetCard({ widget, state, controls }: { widget: WidgetShape & { id: string }; state: WidgetState; controls?: ReactNode }) {
  const headingId = `widget-${widget.id}-title`;
  return (
    <section
      aria-labelledby={headingId}
      data-testid={widget.type === 'kpi' ? 'stat-card' : 'widget'}
      data-widget-id={widget.id}
      className="flex h-full min-h-0 flex-col rounded-lg border border-border bg-surface"
    >
      <header className="flex min-h-9 items-center justify-between gap-2 border-b border-border px-3 py-1.5">
        <h2 id={headingId} className="truncate text-xs font-medium text-muted">
          {widget.title}
        </h2>
        <div className="flex shrink-0 items-center gap-0.5">
          {controls}
          <Button
            variant="ghost"
            size="sm"
            aria-label={`Export ${widget.title} as CSV`}
            title="Export CSV"
            disabled={state.status !== 'ready'}
            onClick={() => state.status === 'ready' && saveCsv(seriesCsv(state.data.points), datedFilename(slug(widget.title)))}
          >
            <Download aria-hidden className="size-3.5" />
          </Button>
        </div>
      </header>
      <div className="min-h-0 flex-1 p-3">
        {state.status === 'pending' ? (
          <div className="h-full min-h-10 animate-pulse rounded bg-subtle" role="status" aria-label={`Loading ${widget.title}`} />
        ) : state.status === 'error' ? (
          <div role="alert" className="flex h-full flex-col items-start justify-center gap-2 text-xs text-danger">
            <p>Could not load this widget: {state.message}</p>
            {state.retry ? (
              <Button size="sm" onClick={state.retry}>
                Try again
              </Button>
            ) : null}
          </div>
        ) : (
          <WidgetBody widget={widget} data={state.data} />
        )}
      </div>
    </section>
  );
}
