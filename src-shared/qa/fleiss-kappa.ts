import { sortedUnique, voteCounts, type Rating } from './ratings';

export interface FleissResult {
  /** κ = (P̄ − P̄e) / (1 − P̄e); null when P̄e = 1 (every rating in one category) or no item has two ratings. */
  kappa: number | null;
  /** Mean observed agreement P̄. */
  observed: number;
  /** Chance agreement P̄e = Σ p_j². */
  expected: number;
  /** Share of all ratings in each category (p_j), in column order. */
  proportions: number[];
  /** Items used (those with at least two ratings). */
  subjects: number;
}

/**
 * Fleiss' kappa from a subjects × categories table of counts (`counts[i][j]` raters put subject
 * i in category j). Fleiss (1971) assumes the same number of raters per subject; subjects with
 * different counts are handled by the usual generalisation (each P_i uses its own n_i, p_j pools
 * all ratings), which equals the original when the counts are constant. Subjects with fewer than
 * two ratings are left out.
 */
export function fleissKappa(counts: readonly (readonly number[])[]): FleissResult {
  const k = counts[0]?.length ?? 0;
  const totals = new Array<number>(k).fill(0);
  let all = 0;
  let sumP = 0;
  let subjects = 0;
  for (const row of counts) {
    const n = row.reduce((s, c) => s + c, 0);
    if (n < 2) continue;
    subjects++;
    let squares = 0;
    for (let j = 0; j < k; j++) {
      squares += row[j] * row[j];
      totals[j] += row[j];
    }
    all += n;
    sumP += (squares - n) / (n * (n - 1));
  }
  const proportions = totals.map((t) => (all ? t / all : 0));
  if (!subjects) return { kappa: null, observed: 0, expected: 0, proportions, subjects };
  const observed = sumP / subjects;
  const expected = proportions.reduce((s, p) => s + p * p, 0);
  const kappa = expected >= 1 - 1e-12 ? null : (observed - expected) / (1 - expected);
  return { kappa, observed, expected, proportions, subjects };
}

/** Fleiss' kappa over ratings: categories are every value seen, in sorted order. */
export function fleissKappaFromRatings(ratings: readonly Rating[]): FleissResult & { categories: string[] } {
  const categories = sortedUnique(ratings.map((r) => r.value));
  const table = voteCounts(ratings).map(({ votes }) => categories.map((c) => votes.get(c) ?? 0));
  return { ...fleissKappa(table), categories };
}
