// The extras of a plant's page (slot plant.details): its production per day over a range (the last 30 days
// first), counted in the browser's time zone: batches released, quantity produced, rejection rate and mean cycle
// time, as totals and as charts. The charts are a chunk of their own (metrics-charts.tsx), loaded after this.
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useId, useState } from 'react';
import type { PlantMetricsDay } from '../../../../contracts/operations';
import { Button } from '@/components/button';
import { Card } from '@/components/card';
import { Spinner } from '@/components/spinner';
import { inputClass } from '@/components/text-field';
import { errorMessage } from '@/lib/api-error';
import type { RecordSlotProps } from '@/lib/feature';
import { browserTimeZone, lastDays, plantMetricsQueryOptions } from '../api';

const MetricsCharts = lazy(async () => ({ default: (await import('./metrics-charts')).MetricsCharts }));

const PRESETS = [7, 30, 90] as const;
/** The API's longest range (contracts/operations.ts METRICS_MAX_DAYS). */
const MAX_DAYS = 366;

/** Totals over the range: batches, quantity, rejection rate and mean cycle time weighted by batches. */
export function totals(days: PlantMetricsDay[]) {
  const released = days.reduce((s, d) => s + d.released, 0);
  const rejected = days.reduce((s, d) => s + d.rejected, 0);
  const quantity = days.reduce((s, d) => s + d.quantityProduced, 0);
  const timed = days.filter((d) => d.meanCycleHours !== null);
  const weight = timed.reduce((s, d) => s + d.released + d.rejected, 0);
  const cycle = weight === 0 ? null : timed.reduce((s, d) => s + d.meanCycleHours! * (d.released + d.rejected), 0) / weight;
  return { released, rejected, quantity, rejectionRate: released + rejected === 0 ? null : rejected / (released + rejected), cycle };
}

const spanDays = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;

export function PlantMetricsPanel({ wid, id }: RecordSlotProps) {
  const [range, setRange] = useState(() => lastDays(30));
  const [draft, setDraft] = useState(range);
  const tz = browserTimeZone();
  const ids = useId();
  const metrics = useQuery(plantMetricsQueryOptions(wid, id, { ...range, tz }));
  const span = spanDays(draft.from, draft.to);
  const draftError =
    !draft.from || !draft.to ? 'Choose both days' : span < 1 ? 'The last day comes before the first' : span > MAX_DAYS ? `At most ${MAX_DAYS} days` : null;
  const sum = metrics.data ? totals(metrics.data.days) : null;

  return (
    <Card title="Production" description={`Per day, in your time zone (${tz}).`}>
      <form
        className="mb-4 flex flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          if (!draftError) setRange(draft);
        }}
        aria-label="Range"
      >
        {PRESETS.map((days) => (
          <Button
            key={days}
            size="sm"
            variant={spanDays(range.from, range.to) === days && range.to === lastDays(days).to ? 'primary' : 'secondary'}
            onClick={() => {
              const next = lastDays(days);
              setRange(next);
              setDraft(next);
            }}
          >
            Last {days} days
          </Button>
        ))}
        <div className="space-y-1">
          <label htmlFor={`${ids}-from`} className="block text-xs font-medium">
            From
          </label>
          <input id={`${ids}-from`} type="date" className={inputClass} value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </div>
        <div className="space-y-1">
          <label htmlFor={`${ids}-to`} className="block text-xs font-medium">
            To
          </label>
          <input id={`${ids}-to`} type="date" className={inputClass} value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </div>
        <Button type="submit" size="sm" disabled={draftError !== null}>
          Show
        </Button>
        {draftError ? <p className="w-full text-xs text-danger">{draftError}</p> : null}
      </form>
      {metrics.isPending ? (
        <Spinner label="Loading the figures" />
      ) : metrics.isError ? (
        <p role="alert" className="text-sm text-danger">
          {errorMessage(metrics.error)}
        </p>
      ) : (
        <>
          <dl className="mb-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4" data-testid="plant-metrics-totals">
            <Figure label="Batches released" value={String(sum!.released)} />
            <Figure label="Quantity produced" value={String(sum!.quantity)} />
            <Figure label="Rejection rate" value={sum!.rejectionRate === null ? '—' : `${Math.round(sum!.rejectionRate * 100)}%`} />
            <Figure label="Mean cycle time" value={sum!.cycle === null ? '—' : `${sum!.cycle.toFixed(1)} h`} />
          </dl>
          <Suspense fallback={<Spinner label="Loading the charts" />}>
            <MetricsCharts days={metrics.data.days} />
          </Suspense>
        </>
      )}
    </Card>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-md border border-border px-3 py-2">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">{value}</dd>
    </div>
  );
}
