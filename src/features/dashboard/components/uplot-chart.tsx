// A widget's line or bar chart, drawn by uPlot (about 20 KB gzip: this module and uPlot load with the first chart,
// never with the page). It fills its box and redraws when the box changes size; colours come from the theme.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { SeriesPoint } from '../../../../contracts/metrics';

export interface UplotChartProps {
  kind: 'line' | 'bar';
  points: readonly SeriesPoint[];
  /** A value as the widget writes it (axis ticks). */
  format: (value: number) => string;
}

const themeColor = (name: string, fallback: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
/** The theme's hex colour at 12 % opacity, for the area under a line (other colour forms: no fill). */
const translucent = (color: string) => (/^#[0-9a-f]{6}$/i.test(color) ? `${color}1f` : undefined);

export default function UplotChart({ kind, points, format }: UplotChartProps) {
  const box = useRef<HTMLDivElement>(null);
  // The latest formatter, without redrawing the chart for a new function of the same meaning.
  const formatRef = useRef(format);
  useEffect(() => {
    formatRef.current = format;
  });

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const accent = themeColor('--sb-accent', '#4f46e5');
    const muted = themeColor('--sb-muted', '#6b7280');
    const grid = themeColor('--sb-border', '#e5e7eb');
    const axis = { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: '11px system-ui, sans-serif' };
    const size = () => ({ width: Math.max(120, el.clientWidth), height: Math.max(80, el.clientHeight) });
    const data: uPlot.AlignedData = [points.map((p) => Date.parse(p.t) / 1000), points.map((p) => p.value)];
    const chart = new uPlot(
      {
        ...size(),
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min ?? 0), max && max > 0 ? max * 1.1 : 1] } },
        axes: [axis, { ...axis, size: 56, values: (_u, ticks) => ticks.map((tick) => formatRef.current(tick)) }],
        series: [
          {},
          kind === 'bar'
            ? { stroke: accent, fill: accent, width: 0, paths: uPlot.paths.bars!({ size: [0.7, 48] }), points: { show: false } }
            : { stroke: accent, width: 2, fill: translucent(accent), points: { show: points.length <= 40 } },
        ],
      },
      data,
      el,
    );
    const observer = new ResizeObserver(() => chart.setSize(size()));
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [kind, points]);

  return <div ref={box} className="h-full w-full overflow-hidden" />;
}
