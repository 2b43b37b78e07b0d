// A small bar chart in plain HTML/CSS (no chart library on the dashboard's route): crisp at any width, text at
// the page's own size. Screen readers get the same numbers as a table.
import type { DayCount } from '../api';

const dayLabel = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric' });
const weekday = new Intl.DateTimeFormat('en', { weekday: 'narrow' });

/** A round top for the axis: 1, 2, 5, 10, 20, 50… */
function niceMax(value: number): number {
  if (value <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

export function BarChart({ data, label }: { data: DayCount[]; label: string }) {
  const max = niceMax(Math.max(0, ...data.map((d) => d.count)));
  const ticks = max >= 2 && max % 2 === 0 ? [max, max / 2, 0] : [max, 0];
  return (
    <figure>
      <div aria-hidden className="flex gap-2">
        <div className="relative h-40 w-6 shrink-0 text-right text-[11px] text-muted tabular-nums">
          {ticks.map((t) => (
            <span key={t} className="absolute right-0 -translate-y-1/2" style={{ top: `${(1 - t / max) * 100}%` }}>
              {t}
            </span>
          ))}
        </div>
        <div className="min-w-0 flex-1">
          <div className="relative h-40">
            {ticks.map((t) => (
              <span
                key={t}
                className={t === 0 ? 'absolute inset-x-0 border-t border-border-strong' : 'absolute inset-x-0 border-t border-dashed border-border'}
                style={{ top: `${(1 - t / max) * 100}%` }}
              />
            ))}
            <div className="absolute inset-0 grid items-end gap-1.5" style={{ gridTemplateColumns: `repeat(${data.length}, minmax(0, 1fr))` }}>
              {data.map((d) => (
                <div key={d.date} className="flex h-full items-end justify-center" title={`${dayLabel.format(new Date(d.date))}: ${d.count}`}>
                  <div className="w-full max-w-7 rounded-t-sm bg-accent" style={{ height: d.count ? `max(2px, ${(d.count / max) * 100}%)` : 0 }} />
                </div>
              ))}
            </div>
          </div>
          <div className="mt-1 grid gap-1.5 text-center text-[11px] text-muted" style={{ gridTemplateColumns: `repeat(${data.length}, minmax(0, 1fr))` }}>
            {data.map((d, i) => {
              const date = new Date(d.date);
              return (
                <span key={d.date} className="leading-tight">
                  {weekday.format(date)}
                  <br />
                  <span className={i % 7 === 0 || i === data.length - 1 ? undefined : 'invisible'}>{dayLabel.format(date)}</span>
                </span>
              );
            })}
          </div>
        </div>
      </div>
      <table className="sr-only">
        <caption>{label}</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">New conversations</th>
          </tr>
        </thead>
        <tbody>
          {data.map((d) => (
            <tr key={d.date}>
              <td>{dayLabel.format(new Date(d.date))}</td>
              <td>{d.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
