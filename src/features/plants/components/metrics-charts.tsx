// A plant's figures per day as four small SVG charts (bars for counts and quantities, a line for rates and
// times), each with the numbers in a table for screen readers and for reading exact values. Plain SVG: no chart
// library, and this file is a chunk of its own.
import type { PlantMetricsDay } from '../../../../contracts/operations';

const WIDTH = 320;
const HEIGHT = 96;
const PAD = { top: 8, right: 4, bottom: 16, left: 4 };

type Value = number | null;

function Chart({
  title,
  days,
  value,
  kind,
  format,
}: {
  title: string;
  days: PlantMetricsDay[];
  value: (d: PlantMetricsDay) => Value;
  kind: 'bar' | 'line';
  format: (v: number) => string;
}) {
  const values = days.map(value);
  const max = Math.max(0, ...values.map((v) => v ?? 0));
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const step = innerW / Math.max(1, days.length);
  const y = (v: number) => PAD.top + innerH - (max === 0 ? 0 : (v / max) * innerH);
  const x = (i: number) => PAD.left + step * i + step / 2;
  // A line breaks where a day has no value.
  const segments: string[] = [];
  let current = '';
  values.forEach((v, i) => {
    if (v === null) {
      if (current) segments.push(current);
      current = '';
    } else current += `${current ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
  });
  if (current) segments.push(current);
  const present = values.filter((v): v is number => v !== null);
  return (
    <figure className="rounded-md border border-border p-3" data-testid="plant-metrics-chart">
      <figcaption className="mb-1 flex items-baseline justify-between text-xs">
        <span className="font-medium">{title}</span>
        <span className="text-muted">max {present.length ? format(max) : '—'}</span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-auto w-full text-accent" role="img" aria-label={`${title} per day`}>
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={PAD.top + innerH} y2={PAD.top + innerH} className="stroke-border" strokeWidth={1} />
        {kind === 'bar'
          ? values.map((v, i) =>
              v ? (
                <rect key={days[i]!.date} x={x(i) - step * 0.35} width={step * 0.7} y={y(v)} height={PAD.top + innerH - y(v)} className="fill-current" rx={1} />
              ) : null,
            )
          : segments.map((d) => <path key={d} d={d} fill="none" className="stroke-current" strokeWidth={1.5} />)}
        {kind === 'line' ? values.map((v, i) => (v === null ? null : <circle key={days[i]!.date} cx={x(i)} cy={y(v)} r={2} className="fill-current" />)) : null}
        <text x={PAD.left} y={HEIGHT - 3} className="fill-muted text-[9px]">
          {days[0]?.date}
        </text>
        <text x={WIDTH - PAD.right} y={HEIGHT - 3} textAnchor="end" className="fill-muted text-[9px]">
          {days.at(-1)?.date}
        </text>
      </svg>
    </figure>
  );
}

const percent = (v: number) => `${Math.round(v * 100)}%`;
const hours = (v: number) => `${v.toFixed(1)} h`;

export function MetricsCharts({ days }: { days: PlantMetricsDay[] }) {
  return (
    <div>
      <div className="grid gap-3 sm:grid-cols-2">
        <Chart title="Batches released" days={days} value={(d) => d.released} kind="bar" format={String} />
        <Chart title="Quantity produced" days={days} value={(d) => d.quantityProduced} kind="bar" format={String} />
        <Chart title="Rejection rate" days={days} value={(d) => d.rejectionRate} kind="line" format={percent} />
        <Chart title="Mean cycle time" days={days} value={(d) => d.meanCycleHours} kind="line" format={hours} />
      </div>
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer text-xs text-muted">Figures per day</summary>
        <table className="mt-2 w-full text-xs">
          <thead>
            <tr className="text-left text-muted">
              <th className="py-1 font-medium">Day</th>
              <th className="py-1 text-right font-medium">Released</th>
              <th className="py-1 text-right font-medium">Rejected</th>
              <th className="py-1 text-right font-medium">Produced</th>
              <th className="py-1 text-right font-medium">Rejection rate</th>
              <th className="py-1 text-right font-medium">Mean cycle</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.date} className="border-t border-border tabular-nums">
                <td className="py-1">{d.date}</td>
                <td className="py-1 text-right">{d.released}</td>
                <td className="py-1 text-right">{d.rejected}</td>
                <td className="py-1 text-right">{d.quantityProduced}</td>
                <td className="py-1 text-right">{d.rejectionRate === null ? '—' : percent(d.rejectionRate)}</td>
                <td className="py-1 text-right">{d.meanCycleHours === null ? '—' : hours(d.meanCycleHours)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
