import { describe, expect, it } from 'vitest';
import { dawidSkene } from './dawid-skene';
import { majorityVote } from './majority-vote';
import { drawIndex, seededRandom, shuffled } from './random';
import type { Rating } from './ratings';

const CLASSES = ['cat', 'dog', 'bird'];

/** A confusion matrix with `accuracy` on the diagonal and the rest spread evenly. */
const honest = (accuracy: number) => CLASSES.map((_, t) => CLASSES.map((__, g) => (t === g ? accuracy : (1 - accuracy) / (CLASSES.length - 1))));
/** Always answers `label` whatever the truth (a lazy annotator). */
const constant = (label: number) => CLASSES.map(() => CLASSES.map((_, g) => (g === label ? 1 : 0)));
/** Systematically confuses cat and dog (labels one as the other 80% of the time). */
const swapper = () => [[0.15, 0.8, 0.05], [0.8, 0.15, 0.05], [0.05, 0.05, 0.9]];

const POOL = [honest(0.9), honest(0.85), honest(0.55), honest(0.5), constant(0), constant(0), swapper()];

/** Simulated annotators with known confusion matrices; each item is labeled by 5 of the 7. */
function simulate(seed: number, items = 300) {
  const random = seededRandom(seed);
  const truth: string[] = [];
  const ratings: Rating[] = [];
  for (let i = 0; i < items; i++) {
    const t = drawIndex([0.5, 0.3, 0.2], random);
    truth.push(CLASSES[t]);
    const who = shuffled(POOL.map((_, a) => a), random).slice(0, 5);
    for (const a of who) ratings.push({ item: `i${i}`, annotator: `a${a}`, value: CLASSES[drawIndex(POOL[a][t], random)] });
  }
  return { truth, ratings };
}

const accuracy = (labels: { item: string; label: string }[], truth: string[]) => labels.filter((l) => l.label === truth[Number(l.item.slice(1))]).length / truth.length;

describe('Dawid–Skene', () => {
  it('recovers the truth more often than majority vote on simulated annotators (seeded)', () => {
    let wins = 0;
    const gaps: number[] = [];
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const { truth, ratings } = simulate(seed);
      const ds = accuracy(dawidSkene(ratings).labels, truth);
      const mv = accuracy(majorityVote(ratings), truth);
      if (ds > mv) wins++;
      gaps.push(ds - mv);
    }
    expect(wins).toBe(8);
    expect(gaps.reduce((s, g) => s + g, 0) / gaps.length).toBeGreaterThan(0.05);
  });

  it('estimates the good annotator as accurate and the constant one as not', () => {
    const { ratings } = simulate(42, 500);
    const { accuracy: est, confusion, converged } = dawidSkene(ratings);
    expect(converged).toBe(true);
    expect(est.a0).toBeGreaterThan(0.8);
    expect(est.a4).toBeLessThan(0.6);
    // The constant annotator says "cat" whatever the truth.
    expect(confusion.a4.dog.cat).toBeGreaterThan(0.9);
  });

  it('gives posteriors that sum to 1 and agrees with majority vote on unanimous items', () => {
    const ratings = ['x', 'y'].flatMap((item, i) => ['p', 'q', 'r'].map((annotator) => ({ item, annotator, value: i ? 'b' : 'a' })));
    const result = dawidSkene(ratings);
    expect(result.labels.map((l) => l.label)).toEqual(['a', 'b']);
    for (const l of result.labels) expect(Object.values(l.posterior).reduce((s, p) => s + p, 0)).toBeCloseTo(1, 9);
  });

  it('does not depend on how annotators are named (permutation)', () => {
    const { ratings } = simulate(9, 120);
    const renamed = ratings.map((r) => ({ ...r, annotator: `z${9 - Number(r.annotator.slice(1))}` }));
    expect(dawidSkene(renamed).labels.map((l) => l.label)).toEqual(dawidSkene(ratings).labels.map((l) => l.label));
  });
});
