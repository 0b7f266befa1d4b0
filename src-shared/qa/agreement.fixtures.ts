import type { Rating } from './ratings';

/**
 * Published worked examples the agreement metrics are checked against (values in docs/qa.md).
 */

/** Fleiss (1971) as reproduced on Wikipedia ("Fleiss' kappa", worked example): 10 subjects, 14 raters, 5 categories; κ ≈ 0.210. */
export const FLEISS_WIKIPEDIA = [
  [0, 0, 0, 0, 14],
  [0, 2, 6, 4, 2],
  [0, 0, 3, 5, 6],
  [0, 3, 9, 2, 0],
  [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0],
  [3, 2, 6, 3, 0],
  [2, 5, 3, 2, 2],
  [6, 5, 2, 1, 0],
  [0, 2, 2, 3, 7],
];

/**
 * Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the canonical example with
 * missing values: 4 observers (rows), 12 units (columns). α = 0.743 nominal, 0.815 ordinal,
 * 0.849 interval, 0.797 ratio.
 */
export const KRIPPENDORFF_2011: (number | null)[][] = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
];

/** The same data as one Rating per value (observer "A".."D", unit "u1".."u12"). */
export const KRIPPENDORFF_2011_RATINGS: Rating[] = KRIPPENDORFF_2011.flatMap((row, o) =>
  row.flatMap((v, u) => (v === null ? [] : [{ item: `u${u + 1}`, annotator: 'ABCD'[o], value: String(v) }])),
);

/** Krippendorff's two-observer binary example: α = 0.095. */
export const KRIPPENDORFF_BINARY = {
  a: [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
  b: [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
};

/** The Cohen's kappa example on Wikipedia: 50 grant proposals, two readers; p_o = 0.7, p_e = 0.5, κ = 0.4. */
export const COHEN_WIKIPEDIA = [
  [20, 5],
  [10, 15],
];

/** Fleiss' counts table turned into ratings by giving every rating a distinct rater per subject. */
export function countsToRatings(counts: readonly (readonly number[])[], categories: readonly string[]): Rating[] {
  return counts.flatMap((row, s) => {
    let rater = 0;
    return row.flatMap((n, c) => Array.from({ length: n }, () => ({ item: `s${s + 1}`, annotator: `r${rater++}`, value: categories[c] })));
  });
}
