import { round } from './ratings';
import { matchShapes, type MatchOptions, type Shape } from './shape-matching';

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface Scores extends Counts {
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface DetectionScores {
  /** Micro-averaged over every class. */
  overall: Scores;
  /** Keyed by class id ("null" for unclassified shapes). */
  by_class: Record<string, Scores>;
  /** Mean IoU of the matched pairs. */
  mean_iou: number | null;
  matched: number;
}

/** Precision, recall and F1 from counts; null where the denominator is 0. */
export function scores({ tp, fp, fn }: Counts): Scores {
  const precision = tp + fp ? tp / (tp + fp) : null;
  const recall = tp + fn ? tp / (tp + fn) : null;
  const f1 = tp + fp + fn ? (2 * tp) / (2 * tp + fp + fn) : null;
  return { tp, fp, fn, precision, recall, f1 };
}

/** Accumulates counts per class and IoU sums over many images; `result()` gives the scores. */
export function detectionAccumulator() {
  const byClass = new Map<string, Counts>();
  let iouSum = 0;
  let matched = 0;
  const bump = (cls: string, key: keyof Counts) => {
    const c = byClass.get(cls) ?? { tp: 0, fp: 0, fn: 0 };
    c[key]++;
    byClass.set(cls, c);
  };
  return {
    /**
     * Adds one image: `reference` (gold, or the annotator taken as reference) against
     * `candidate`. Shapes match one-to-one by IoU within a class; unmatched reference shapes are
     * misses, unmatched candidate shapes false alarms.
     */
    add(reference: readonly Shape[], candidate: readonly Shape[], options: MatchOptions = {}) {
      const m = matchShapes(reference, candidate, { ...options, sameClass: true });
      const cls = new Map([...reference, ...candidate].map((s) => [s.id, String(s.class_id)]));
      for (const p of m.pairs) {
        bump(cls.get(p.a)!, 'tp');
        iouSum += p.iou;
        matched++;
      }
      for (const id of m.unmatchedA) bump(cls.get(id)!, 'fn');
      for (const id of m.unmatchedB) bump(cls.get(id)!, 'fp');
    },
    result(): DetectionScores {
      const total: Counts = { tp: 0, fp: 0, fn: 0 };
      const by_class: Record<string, Scores> = {};
      for (const key of [...byClass.keys()].sort()) {
        const c = byClass.get(key)!;
        total.tp += c.tp;
        total.fp += c.fp;
        total.fn += c.fn;
        by_class[key] = scores(c);
      }
      return { overall: scores(total), by_class, mean_iou: matched ? round(iouSum / matched, 6) : null, matched };
    },
  };
}

/** Detection scores of `candidate` against `reference` for one image. */
export function detectionScores(reference: readonly Shape[], candidate: readonly Shape[], options: MatchOptions = {}): DetectionScores {
  const acc = detectionAccumulator();
  acc.add(reference, candidate, options);
  return acc.result();
}
