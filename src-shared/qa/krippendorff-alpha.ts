import { ratingsByItem, sortedUnique, type Rating } from './ratings';

export type AlphaMetric = 'nominal' | 'ordinal' | 'interval' | 'ratio';
type Value = string | number;

export interface AlphaResult {
  /** α = 1 − D_o / D_e; null when D_e = 0 (every pairable value is the same) or nothing is pairable. */
  alpha: number | null;
  /** Observed disagreement D_o. */
  observed: number;
  /** Disagreement expected by chance D_e. */
  expected: number;
  /** Pairable values n (values in units with at least two values). */
  pairable: number;
  /** Units that contributed (at least two values). */
  units: number;
}

const compare = (a: Value, b: Value) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0);

/**
 * Krippendorff's alpha over reliability data given unit by unit: `units[u]` holds the values the
 * observers gave unit u, missing ones simply absent (or null). Built on the coincidence matrix
 * o_ck = Σ_u Σ_{i≠j} [v_i = c][v_j = k] / (m_u − 1), following Krippendorff (2011), "Computing
 * Krippendorff's alpha-reliability". Interval and ratio need numeric values; ordinal ranks values
 * in their natural order.
 */
export function krippendorffAlpha(units: readonly (readonly (Value | null | undefined)[])[], metric: AlphaMetric = 'nominal'): AlphaResult {
  const pairableUnits = units.map((u) => u.filter((v): v is Value => v !== null && v !== undefined)).filter((u) => u.length >= 2);
  if ((metric === 'interval' || metric === 'ratio') && pairableUnits.some((u) => u.some((v) => typeof v !== 'number'))) {
    throw new TypeError(`Krippendorff's alpha with the ${metric} metric needs numeric values`);
  }
  const values = [...new Set(pairableUnits.flat())].sort(compare);
  const index = new Map<Value, number>(values.map((v, i) => [v, i]));
  const k = values.length;
  const o = values.map(() => new Array<number>(k).fill(0));
  for (const unit of pairableUnits) {
    const m = unit.length;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) if (i !== j) o[index.get(unit[i])!][index.get(unit[j])!] += 1 / (m - 1);
    }
  }
  const nc = o.map((row) => row.reduce((s, x) => s + x, 0));
  const n = nc.reduce((s, x) => s + x, 0);
  const delta = distance(metric, values, nc);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < k; c++) {
    for (let d = 0; d < k; d++) {
      const dd = delta(c, d);
      observed += o[c][d] * dd;
      expected += nc[c] * nc[d] * dd;
    }
  }
  if (n <= 1) return { alpha: null, observed: 0, expected: 0, pairable: n, units: pairableUnits.length };
  observed /= n;
  expected /= n * (n - 1);
  const alpha = expected <= 1e-15 ? null : 1 - observed / expected;
  return { alpha, observed, expected, pairable: Math.round(n * 1e9) / 1e9, units: pairableUnits.length };
}

/** The squared difference function δ²(c, k) of each metric, over value indices. */
function distance(metric: AlphaMetric, values: readonly Value[], nc: readonly number[]): (c: number, k: number) => number {
  switch (metric) {
    case 'nominal':
      return (c, k) => (c === k ? 0 : 1);
    case 'interval':
      return (c, k) => ((values[c] as number) - (values[k] as number)) ** 2;
    case 'ratio':
      return (c, k) => {
        const a = values[c] as number;
        const b = values[k] as number;
        return a + b === 0 ? 0 : ((a - b) / (a + b)) ** 2;
      };
    case 'ordinal': {
      const cumulative = [0];
      for (const x of nc) cumulative.push(cumulative[cumulative.length - 1] + x);
      return (c, k) => {
        if (c === k) return 0;
        const lo = Math.min(c, k);
        const hi = Math.max(c, k);
        const between = cumulative[hi + 1] - cumulative[lo];
        return (between - (nc[c] + nc[k]) / 2) ** 2;
      };
    }
  }
}

/** Nominal (or other-metric) alpha over ratings, one unit per item. */
export function krippendorffAlphaFromRatings(ratings: readonly Rating[], metric: AlphaMetric = 'nominal'): AlphaResult {
  const items = ratingsByItem(ratings);
  const units = sortedUnique(items.keys()).map((item) => {
    const row = [...items.get(item)!.values()];
    return metric === 'nominal' ? row : row.map(Number);
  });
  return krippendorffAlpha(units, metric);
}
