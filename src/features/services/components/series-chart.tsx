// A metric's series as a small SVG line (a gap where a bucket has no value), with its extremes and the figures
// in a table for screen readers and exact reading. Plain SVG, no chart library.
import type { SeriesPoint } from '../../../../contracts/metrics';

const WIDTH = 320;
const HEIGHT = 80;
const PAD = { top: 6, right: 4, bottom: 14, left: 4 };

const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
export const formatValue = (v: number | null) => (v === null ? '—' : number.format(v));

export function SeriesChart({ title, points, timeZone }: { title: string; points: SeriesPoint[]; timeZone: string }) {
  const values = points.map((p) => p.value);
  const present = values.filter((v): v is number => v !== null);
  const max = Math.max(0, ...present);
  const min = Math.min(0, ...present);
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (points.length <= 1 ? innerW / 2 : (innerW * i) / (points.length - 1));
  const y = (v: number) => PAD.top + innerH - (max === min ? 0 : ((v - min) / (max - min)) * innerH);
  const segments: string[] = [];
  let current = '';
  values.forEach((v, i) => {
    if (v === null) {
      if (current) segments.push(current);
      current = '';
    } else current += `${current ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
  });
  if (current) segments.push(current);
  const when = new Intl.DateTimeFormat(undefined, { timeZone, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const label = (t: string | undefined) => (t ? when.format(new Date(t)) : '');

  return (
    <figure className="rounded-md border border-border p-3" data-testid="service-metric-chart">
      <figcaption className="mb-1 flex items-baseline justify-between gap-2 text-xs">
        <span className="font-medium">{title}</span>
        <span className="text-muted">{present.length ? `${formatValue(Math.min(...present))} – ${formatValue(Math.max(...present))}` : 'no points'}</span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-auto w-full text-accent" role="img" aria-label={`${title}, ${points.length} buckets`}>
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(min)} y2={y(min)} className="stroke-border" strokeWidth={1} />
        {segments.map((d) => (
          <path key={d} d={d} fill="none" className="stroke-current" strokeWidth={1.5} />
        ))}
        <text x={PAD.left} y={HEIGHT - 2} className="fill-muted text-[9px]">
          {label(points[0]?.t)}
        </text>
        <text x={WIDTH - PAD.right} y={HEIGHT - 2} textAnchor="end" className="fill-muted text-[9px]">
          {label(points.at(-1)?.t)}
        </text>
      </svg>
      <details className="mt-1 text-xs">
        <summary className="cursor-pointer text-muted">Figures</summary>
        <table className="mt-1 w-full">
          <thead>
            <tr className="text-left text-muted">
              <th className="py-0.5 font-medium">From</th>
              <th className="py-0.5 text-right font-medium">Value</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.t} className="border-t border-border tabular-nums">
                <td className="py-0.5">{label(p.t)}</td>
                <td className="py-0.5 text-right">{formatValue(p.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
