import { pairwiseCohenKappa } from './cohen-kappa';
import { detectionAccumulator, type DetectionScores } from './detection-metrics';
import { fleissKappaFromRatings } from './fleiss-kappa';
import { krippendorffAlphaFromRatings } from './krippendorff-alpha';
import { ratingsByItem, round, sortedUnique, type Rating } from './ratings';
import type { MatchOptions, Shape } from './shape-matching';

const r4 = (x: number | null) => round(x, 6);

/** Share of agreeing pairs among all pairs of answers on the same item (raw agreement, not chance-corrected). */
export function percentAgreement(ratings: readonly Rating[]): number | null {
  let agree = 0;
  let pairs = 0;
  for (const row of ratingsByItem(ratings).values()) {
    const values = [...row.values()];
    for (let i = 0; i < values.length; i++) {
      for (let j = i + 1; j < values.length; j++) {
        pairs++;
        if (values[i] === values[j]) agree++;
      }
    }
  }
  return pairs ? agree / pairs : null;
}

/** Every categorical agreement measure over one set of ratings, rounded for reports. */
export function categoricalAgreement(ratings: readonly Rating[]) {
  const byItem = ratingsByItem(ratings);
  const cohen = pairwiseCohenKappa(ratings);
  const fleiss = fleissKappaFromRatings(ratings);
  const alpha = krippendorffAlphaFromRatings(ratings, 'nominal');
  return {
    items: byItem.size,
    multiply_labeled: [...byItem.values()].filter((row) => row.size >= 2).length,
    annotators: sortedUnique(ratings.map((r) => r.annotator)).length,
    ratings: ratings.length,
    percent_agreement: r4(percentAgreement(ratings)),
    cohen: { pairs: cohen.pairs.map((p) => ({ a: p.a, b: p.b, n: p.n, kappa: r4(p.kappa), observed: r4(p.observed) ?? 0 })), mean: r4(cohen.mean) },
    fleiss: { kappa: r4(fleiss.kappa), observed: r4(fleiss.observed) ?? 0, expected: r4(fleiss.expected) ?? 0, subjects: fleiss.subjects },
    krippendorff: { alpha: r4(alpha.alpha), units: alpha.units, pairable: alpha.pairable },
  };
}

/** One image's shapes, by annotator. */
export type ImageShapes = ReadonlyMap<string, readonly Shape[]>;

/**
 * Geometry agreement between annotators: for every ordered pair (a, b), b's shapes scored
 * against a's on the images both annotated, matched by IoU within a class. Ordered pairs make
 * precision and recall meaningful (they swap when the roles swap); F1 is symmetric.
 */
export function geometryAgreement(images: readonly ImageShapes[], options: MatchOptions = {}) {
  const annotators = sortedUnique(images.flatMap((m) => [...m.keys()]));
  const pairs: ({ a: string; b: string; images: number } & DetectionScores)[] = [];
  for (const a of annotators) {
    for (const b of annotators) {
      if (a === b) continue;
      const acc = detectionAccumulator();
      let shared = 0;
      for (const image of images) {
        const ra = image.get(a);
        const rb = image.get(b);
        if (!ra || !rb) continue;
        shared++;
        acc.add(ra, rb, options);
      }
      if (shared) pairs.push({ a, b, images: shared, ...acc.result() });
    }
  }
  const f1s = pairs.map((p) => p.overall.f1).filter((f): f is number => f !== null);
  const classes = sortedUnique(pairs.flatMap((p) => Object.keys(p.by_class)));
  const mean_f1_by_class = Object.fromEntries(classes.map((c) => {
    const xs = pairs.map((p) => p.by_class[c]?.f1).filter((f): f is number => f !== null && f !== undefined);
    return [c, r4(xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null)];
  }));
  return {
    annotators: annotators.length,
    images_compared: images.filter((m) => m.size >= 2).length,
    pairs,
    mean_f1: r4(f1s.length ? f1s.reduce((s, x) => s + x, 0) / f1s.length : null),
    mean_f1_by_class,
  };
}
