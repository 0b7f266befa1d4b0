/** Horizontal labelled bars as plain SVG, and the value formatter the Quality charts share; series over days are in TimeChart.tsx (uPlot). */

export interface Bar {
  label: string;
  value: number;
  color?: string;
}

/** Value labels: integers as they are, fractions with two decimals. */
export const fmt = (v: number | null | undefined, digits = 2): string => (v === null || v === undefined || Number.isNaN(v) ? '—' : Number.isInteger(v) ? v.toLocaleString() : v.toFixed(digits));

export function BarChart({ bars, testId, width = 360, unit = '' }: { bars: readonly Bar[]; testId?: string; width?: number; unit?: string }) {
  const row = 20;
  const labelW = 110;
  const max = Math.max(1e-9, ...bars.map((b) => b.value));
  const plotW = width - labelW - 50;
  if (bars.length === 0) return <p className="muted" data-testid={testId}>No data.</p>;
  return (
    <svg className="chart" data-testid={testId} width={width} height={bars.length * row + 4} role="img">
      {bars.map((b, i) => {
        const w = Math.max(0, (b.value / max) * plotW);
        return (
          <g key={`${b.label}-${i}`} transform={`translate(0 ${i * row + 2})`}>
            <text x={labelW - 6} y={row / 2 + 4} textAnchor="end" className="chart-label">
              {b.label.length > 16 ? `${b.label.slice(0, 15)}…` : b.label}
            </text>
            <rect x={labelW} y={3} width={w} height={row - 6} rx={2} fill={b.color ?? 'var(--accent)'}>
              <title>{`${b.label}: ${fmt(b.value)}${unit}`}</title>
            </rect>
            <text x={labelW + w + 4} y={row / 2 + 4} className="chart-value">
              {fmt(b.value)}
              {unit}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
