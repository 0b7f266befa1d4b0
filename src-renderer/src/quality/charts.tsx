/** Small SVG charts (no chart library): horizontal bars and a line over days. */

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

/** Points as a polyline with dots, x by index (days), y from zero to the maximum. */
export function LineChart({ points, testId, width = 360, height = 120 }: { points: readonly { label: string; value: number }[]; testId?: string; width?: number; height?: number }) {
  if (points.length === 0) return <p className="muted" data-testid={testId}>No data.</p>;
  const pad = { l: 30, r: 8, t: 8, b: 18 };
  const max = Math.max(1, ...points.map((p) => p.value));
  const x = (i: number) => pad.l + (points.length === 1 ? (width - pad.l - pad.r) / 2 : (i / (points.length - 1)) * (width - pad.l - pad.r));
  const y = (v: number) => pad.t + (1 - v / max) * (height - pad.t - pad.b);
  const d = points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  return (
    <svg className="chart" data-testid={testId} width={width} height={height} role="img">
      <line x1={pad.l} x2={width - pad.r} y1={y(0)} y2={y(0)} className="chart-axis" />
      <text x={pad.l - 4} y={y(max) + 4} textAnchor="end" className="chart-value">
        {fmt(max)}
      </text>
      <text x={pad.l - 4} y={y(0) + 4} textAnchor="end" className="chart-value">
        0
      </text>
      <path d={d} fill="none" stroke="var(--accent)" strokeWidth={2} />
      {points.map((p, i) => (
        <circle key={p.label} cx={x(i)} cy={y(p.value)} r={2.5} fill="var(--accent)">
          <title>{`${p.label}: ${fmt(p.value)}`}</title>
        </circle>
      ))}
      <text x={pad.l} y={height - 4} className="chart-label">
        {points[0].label}
      </text>
      <text x={width - pad.r} y={height - 4} textAnchor="end" className="chart-label">
        {points[points.length - 1].label}
      </text>
    </svg>
  );
}
