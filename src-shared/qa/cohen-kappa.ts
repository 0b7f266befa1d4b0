import { ratingsByItem, sortedUnique, type Rating } from './ratings';

export interface KappaResult {
  /** κ = (p_o − p_e) / (1 − p_e); null when p_e = 1 (both raters used one and the same category: agreement is not measurable). */
  kappa: number | null;
  /** Observed agreement p_o. */
  observed: number;
  /** Agreement expected by chance p_e. */
  expected: number;
  /** Number of items both rated. */
  n: number;
}

/**
 * Cohen's kappa from a square contingency table: `table[i][j]` counts items rater A put in
 * category i and rater B in category j.
 */
export function cohenKappaFromTable(table: readonly (readonly number[])[]): KappaResult {
  const k = table.length;
  let n = 0;
  let agree = 0;
  const rows = new Array<number>(k).fill(0);
  const cols = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const c = table[i][j];
      n += c;
      rows[i] += c;
      cols[j] += c;
      if (i === j) agree += c;
    }
  }
  if (n === 0) return { kappa: null, observed: 0, expected: 0, n: 0 };
  const observed = agree / n;
  const expected = rows.reduce((s, r, i) => s + (r / n) * (cols[i] / n), 0);
  const kappa = expected >= 1 - 1e-12 ? null : (observed - expected) / (1 - expected);
  return { kappa, observed, expected, n };
}

/** Cohen's kappa of two raters' labels for the same items, in the same order. */
export function cohenKappa(a: readonly string[], b: readonly string[]): KappaResult {
  if (a.length !== b.length) throw new RangeError(`cohenKappa needs paired labels: got ${a.length} and ${b.length}`);
  const categories = sortedUnique([...a, ...b]);
  const index = new Map(categories.map((c, i) => [c, i]));
  const table = categories.map(() => new Array<number>(categories.length).fill(0));
  for (let i = 0; i < a.length; i++) table[index.get(a[i])!][index.get(b[i])!]++;
  return cohenKappaFromTable(table);
}

/** Cohen's kappa between two annotators over the items both rated. */
export function cohenKappaBetween(ratings: readonly Rating[], annotatorA: string, annotatorB: string): KappaResult {
  const a: string[] = [];
  const b: string[] = [];
  for (const row of ratingsByItem(ratings).values()) {
    const va = row.get(annotatorA);
    const vb = row.get(annotatorB);
    if (va !== undefined && vb !== undefined) {
      a.push(va);
      b.push(vb);
    }
  }
  return cohenKappa(a, b);
}

export interface PairwiseKappa extends KappaResult {
  a: string;
  b: string;
}

/**
 * Cohen's kappa for every pair of annotators that share at least `minShared` items, pairs in
 * sorted order, plus their mean (Light's kappa) over the pairs where κ is defined.
 */
export function pairwiseCohenKappa(ratings: readonly Rating[], minShared = 2): { pairs: PairwiseKappa[]; mean: number | null } {
  const annotators = sortedUnique(ratings.map((r) => r.annotator));
  const pairs: PairwiseKappa[] = [];
  for (let i = 0; i < annotators.length; i++) {
    for (let j = i + 1; j < annotators.length; j++) {
      const result = cohenKappaBetween(ratings, annotators[i], annotators[j]);
      if (result.n >= minShared) pairs.push({ a: annotators[i], b: annotators[j], ...result });
    }
  }
  const defined = pairs.filter((p) => p.kappa !== null).map((p) => p.kappa as number);
  return { pairs, mean: defined.length ? defined.reduce((s, x) => s + x, 0) / defined.length : null };
}
