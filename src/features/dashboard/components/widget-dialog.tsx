// Adding a widget, or changing one: its kind, title, metric (the built-ins and every name the workspace's
// services sent, from GET …/metrics), the service whose points it shows, the aggregate and the interval. A new
// widget goes below the others; the grid then moves and sizes it.
import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { WIDGET_AGGREGATES, WIDGET_INTERVALS, WIDGET_TITLE_MAX, WIDGET_TYPES, type Widget, type WidgetType } from '../../../../contracts/dashboard-grid';
import type { MetricAggregate, MetricInterval } from '../../../../contracts/metrics';
import { Button } from '@/components/button';
import { Dialog, DialogActions, DialogClose } from '@/components/dialog';
import { FormError } from '@/components/form-error';
import { inputClass, TextField } from '@/components/text-field';
import { call } from '@/lib/api-client';
import { errorMessage } from '@/lib/api-error';
import { metricsQueryOptions } from '../api';
import { dashboardKeys } from '../keys';
import { nextFreeLayout } from '../layout';

const TYPE_LABELS: Record<WidgetType, string> = { kpi: 'KPI (total or average, with its change)', line: 'Line chart', bar: 'Bar chart', table: 'Table' };
const AGG_LABELS: Record<MetricAggregate, string> = {
  sum: 'Sum',
  avg: 'Average',
  count: 'Count',
  min: 'Minimum',
  max: 'Maximum',
  p50: 'Median (p50)',
  p95: '95th percentile (p95)',
};
const INTERVAL_LABELS: Record<MetricInterval, string> = { hour: 'Hour', day: 'Day', week: 'Week' };

/** A new widget's size: KPIs are small, charts and tables wider and taller. */
const NEW_SIZE: Record<WidgetType, { w: number; h: number }> = { kpi: { w: 3, h: 2 }, line: { w: 6, h: 4 }, bar: { w: 6, h: 4 }, table: { w: 4, h: 4 } };

function SelectField({
  label,
  value,
  onChange,
  children,
  disabled,
  hint,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
  disabled?: boolean;
  hint?: string;
}) {
  const id = useId();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-fg">
        {label}
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        disabled={disabled}
        className={inputClass}
        aria-describedby={hint ? `${id}-hint` : undefined}
      >
        {children}
      </select>
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-muted">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function WidgetDialog({
  wid,
  open,
  onOpenChange,
  widget,
  widgets,
  onSubmit,
}: {
  wid: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The widget being changed; none to add one. */
  widget: Widget | null;
  widgets: readonly Widget[];
  onSubmit: (widget: Widget) => void;
}) {
  const metrics = useQuery({ ...metricsQueryOptions(wid), enabled: open });
  const services = useQuery({
    queryKey: [...dashboardKeys.all(wid), 'services'],
    queryFn: ({ signal }) => call('services.listServices', { params: { wid }, query: { limit: 100 }, signal }),
    enabled: open,
    staleTime: 60_000,
  });
  const [type, setType] = useState<WidgetType>(widget?.type ?? 'kpi');
  const [title, setTitle] = useState(widget?.title ?? '');
  const [name, setName] = useState(widget?.query.name ?? '');
  const [serviceId, setServiceId] = useState(widget?.query.serviceId ?? '');
  const [agg, setAgg] = useState<MetricAggregate>(widget?.query.agg ?? 'sum');
  const [bucket, setBucket] = useState<MetricInterval>(widget?.query.interval ?? 'day');
  const [errors, setErrors] = useState<{ title?: string; name?: string }>({});

  const known = metrics.data ?? [];
  const metric = known.find((m) => m.name === name);
  const serviceChoices = (metric?.serviceIds ?? []).filter((id): id is string => Boolean(id));
  const serviceName = (id: string) => services.data?.data.find((s) => s.id === id)?.name ?? 'A service';

  function pickMetric(next: string) {
    setName(next);
    setServiceId('');
    const info = known.find((m) => m.name === next);
    if (info?.agg) setAgg(info.agg);
    if (!title.trim() && info) setTitle(next);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: typeof errors = {};
    if (!title.trim()) found.title = 'Enter a title.';
    if (!name) found.name = 'Choose a metric.';
    setErrors(found);
    if (found.title || found.name) return;
    const size = NEW_SIZE[type];
    onSubmit({
      id: widget?.id ?? `w-${crypto.randomUUID().slice(0, 8)}`,
      type,
      title: title.trim(),
      query: { name, serviceId: serviceId || null, agg, interval: bucket },
      layout: widget?.layout ?? nextFreeLayout(widgets, size.w, size.h),
    });
    onOpenChange(false);
  }

  const builtins = known.filter((m) => m.builtin);
  const sent = known.filter((m) => !m.builtin);
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={widget ? `Edit ${widget.title}` : 'Add a widget'}
      description="What it shows over the dashboard’s date range."
    >
      <form onSubmit={submit} noValidate className="space-y-3">
        <SelectField label="Kind" value={type} onChange={(v) => setType(v as WidgetType)}>
          {WIDGET_TYPES.map((t) => (
            <option key={t} value={t}>
              {TYPE_LABELS[t]}
            </option>
          ))}
        </SelectField>
        <TextField label="Title" value={title} maxLength={WIDGET_TITLE_MAX} onChange={(e) => setTitle(e.target.value)} error={errors.title} required />
        <SelectField label="Metric" value={name} onChange={pickMetric} hint={metric?.description ?? (metrics.isPending ? 'Loading the metrics…' : undefined)}>
          <option value="">Choose a metric</option>
          {builtins.length ? (
            <optgroup label="From Switchboard">
              {builtins.map((m) => (
                <option key={m.name} value={m.name}>
                  {m.name}
                </option>
              ))}
            </optgroup>
          ) : null}
          {sent.length ? (
            <optgroup label="Sent by your services">
              {sent.map((m) => (
                <option key={m.name} value={m.name}>
                  {m.name}
                </option>
              ))}
            </optgroup>
          ) : null}
          {name && !metric ? <option value={name}>{name}</option> : null}
        </SelectField>
        {errors.name ? <p className="text-xs text-danger">{errors.name}</p> : null}
        <SelectField label="Service" value={serviceId} onChange={setServiceId} disabled={!metric || metric.builtin || serviceChoices.length === 0}>
          <option value="">{metric?.builtin ? 'Built-in: no service' : 'Every service'}</option>
          {serviceChoices.map((id) => (
            <option key={id} value={id}>
              {serviceName(id)}
            </option>
          ))}
        </SelectField>
        <div className="grid grid-cols-2 gap-3">
          <SelectField label="Aggregate" value={agg} onChange={(v) => setAgg(v as MetricAggregate)}>
            {WIDGET_AGGREGATES.map((a) => (
              <option key={a} value={a}>
                {AGG_LABELS[a]}
              </option>
            ))}
          </SelectField>
          <SelectField label="Interval" value={bucket} onChange={(v) => setBucket(v as MetricInterval)}>
            {WIDGET_INTERVALS.map((i) => (
              <option key={i} value={i}>
                {INTERVAL_LABELS[i]}
              </option>
            ))}
          </SelectField>
        </div>
        <FormError message={metrics.isError ? `The metrics could not be listed: ${errorMessage(metrics.error)}` : null} />
        <DialogActions>
          <DialogClose asChild>
            <Button>Cancel</Button>
          </DialogClose>
          <Button type="submit" variant="primary">
            {widget ? 'Apply' : 'Add widget'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
