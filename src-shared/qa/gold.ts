import { hashString, seededRandom, shuffled } from './random';
import { sortedUnique } from './ratings';

/**
 * Gold (honeypot) questions: items or images with a known answer, mixed unmarked into each
 * annotator's queue, scored to give per-annotator accuracy.
 */

/**
 * An annotator's queue with gold mixed in: `share` of the result is gold (as near as the gold
 * available allows, each gold id at most once), at positions and in an order drawn from a PRNG
 * seeded by `seed` (the annotator and project), so the same person always gets the same queue
 * and different people get different ones. Regular ids keep their order.
 */
export function mixGold(regular: readonly string[], gold: readonly string[], share: number, seed: string): string[] {
  if (share <= 0 || !gold.length) return [...regular];
  const random = seededRandom(hashString(seed));
  const wanted = share >= 1 ? gold.length : Math.round((share / (1 - share)) * regular.length);
  const picked = shuffled(gold, random).slice(0, Math.max(regular.length ? 1 : 0, Math.min(gold.length, wanted)));
  const total = regular.length + picked.length;
  const slots = new Set(shuffled(Array.from({ length: total }, (_, i) => i), random).slice(0, picked.length));
  const out: string[] = [];
  let r = 0;
  let g = 0;
  for (let i = 0; i < total; i++) out.push(slots.has(i) ? picked[g++] : regular[r++]);
  return out;
}

export interface GoldOutcome {
  annotator: string;
  /** The gold item or image. */
  target: string;
  correct: boolean;
  /** Partial credit in [0, 1] (Jaccard for choices, F1 for geometry). */
  score: number;
}

export interface GoldAccuracy {
  annotator: string;
  attempts: number;
  correct: number;
  /** correct / attempts (the platforms' honeypot accuracy); null with no attempts. */
  accuracy: number | null;
  mean_score: number | null;
}

/** Accuracy on gold per annotator, annotators in sorted order. */
export function goldAccuracy(outcomes: readonly GoldOutcome[]): GoldAccuracy[] {
  return sortedUnique(outcomes.map((o) => o.annotator)).map((annotator) => {
    const mine = outcomes.filter((o) => o.annotator === annotator);
    const correct = mine.filter((o) => o.correct).length;
    return {
      annotator,
      attempts: mine.length,
      correct,
      accuracy: mine.length ? correct / mine.length : null,
      mean_score: mine.length ? mine.reduce((s, o) => s + o.score, 0) / mine.length : null,
    };
  });
}

/** Success rate of each gold target over everyone who answered it (the platforms' honeypot performance). */
export function goldTargetPerformance(outcomes: readonly GoldOutcome[]): { target: string; attempts: number; success_rate: number }[] {
  return sortedUnique(outcomes.map((o) => o.target)).map((target) => {
    const mine = outcomes.filter((o) => o.target === target);
    return { target, attempts: mine.length, success_rate: mine.filter((o) => o.correct).length / mine.length };
  });
}
