import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useElementSize } from '../common/use-element-size';
import { fmt } from './charts';
import './time-chart.css';

/** One line over the days; `color` is a CSS custom property of the theme (`--accent`) or a literal colour. */
export interface DaySeries {
  label: string;
  values: readonly (number | null)[];
  color: string;
  /** The sum the chart's other series break down: drawn solid and filled, the parts dashed so it shows through them. */
  total?: boolean;
}

const DAY = 86_400;
/** Tick steps of whole days, weeks, months and a year: the data has one point per day, so hour ticks would mean nothing. */
const DAY_INCRS = [1, 2, 3, 4, 5, 7, 10, 15, 30, 60, 90, 180, 365].map((d) => d * DAY);
/** Analytics days are UTC days (YYYY-MM-DD), so the axis shows UTC dates whatever the machine's zone. */
const utc = (ts: number) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC');
const toSeconds = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1e3;

/** Tick labels like `Oct 27`, with the year under the first tick and where it changes (uPlot's stamp table: incr, format, year rollover, …, mode). */
const DAY_STAMPS: uPlot.Axis.Values = [
  [365 * DAY, '{YYYY}', null, null, null, null, null, null, 1],
  [28 * DAY, '{MMM}', '\n{YYYY}', null, null, null, null, null, 1],
  [DAY, '{MMM} {D}', '\n{YYYY}', null, null, null, null, null, 1],
];
const dayLabel = uPlot.fmtDate('{YYYY}-{MM}-{DD}');

/** Canvas cannot read CSS variables, so the theme's colours are resolved once when a plot is made. */
function themeColor(color: string): string {
  return color.startsWith('--') ? getComputedStyle(document.documentElement).getPropertyValue(color).trim() || '#888' : color;
}

/** A 15 % alpha fill for a `#rrggbb` stroke; none for other colour notations. */
const translucent = (hex: string) => (/^#[0-9a-f]{6}$/i.test(hex) ? `${hex}26` : undefined);

function plotOptions(series: readonly DaySeries[], width: number, height: number, syncKey: string | undefined): uPlot.Options {
  const font = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  const hasTotal = series.some((s) => s.total);
  const axis = { stroke: themeColor('--muted'), font, grid: { stroke: themeColor('--border'), width: 1 }, ticks: { stroke: themeColor('--border'), width: 1 } };
  return {
    width,
    height,
    tzDate: utc,
    cursor: syncKey ? { sync: { key: syncKey } } : {},
    scales: { y: { range: (_u, _min, max) => [0, Math.max(1, Math.ceil(max * 1.1))] } },
    axes: [
      { ...axis, incrs: DAY_INCRS, values: DAY_STAMPS },
      { ...axis, size: 44, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000] },
    ],
    series: [
      { label: 'Day', value: (_u, v) => (v === null ? '—' : dayLabel(utc(v))) },
      ...series.map((s): uPlot.Series => {
        const stroke = themeColor(s.color);
        const look = s.total ? { width: 2, fill: translucent(stroke) } : hasTotal ? { width: 1.5, dash: [5, 3] } : { width: 2 };
        return { label: s.label, stroke, ...look, points: { size: 5, fill: stroke }, value: (_u, v) => fmt(v) };
      }),
    ],
  };
}

/**
 * Per-day series drawn by uPlot: a UTC time axis, a legend that follows the cursor, drag to zoom
 * on x and double-click to reset. `days` are YYYY-MM-DD, each series has one value per day.
 * Charts with the same `syncKey` move their cursors together.
 */
export function TimeChart({ days, series, testId, height = 170, syncKey }: { days: readonly string[]; series: readonly DaySeries[]; testId?: string; height?: number; syncKey?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const { width } = useElementSize(box);
  const data = useMemo(() => [days.map(toSeconds), ...series.map((s) => [...s.values])] as uPlot.AlignedData, [days, series]);
  const latest = useRef({ data, series, width });
  latest.current = { data, series, width };
  // The plot is rebuilt only when the series themselves change; new values go through setData.
  const shape = series.map((s) => `${s.label}\u0000${s.color}`).join('\u0001');
  const ready = width > 0;

  useEffect(() => {
    if (!ready || !box.current) return;
    const now = latest.current;
    const u = new uPlot(plotOptions(now.series, now.width, height, syncKey), now.data, box.current);
    plot.current = u;
    return () => {
      u.destroy();
      plot.current = null;
    };
  }, [ready, shape, height, syncKey]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  useEffect(() => {
    if (width > 0 && plot.current && plot.current.width !== width) plot.current.setSize({ width, height });
  }, [width, height]);

  return <div ref={box} className="time-chart" data-testid={testId} data-points={days.length} />;
}
