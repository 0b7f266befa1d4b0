import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FLEISS_WIKIPEDIA, countsToRatings } from './agreement.fixtures';
import { fleissKappa, fleissKappaFromRatings } from './fleiss-kappa';
import { shuffled, seededRandom } from './random';

describe("Fleiss' kappa", () => {
  it('reproduces Fleiss (1971) as on Wikipedia: P̄ 0.378, P̄e 0.213, κ 0.210', () => {
    const r = fleissKappa(FLEISS_WIKIPEDIA);
    expect(r.observed).toBeCloseTo(0.378, 3);
    expect(r.expected).toBeCloseTo(0.213, 3);
    expect(r.kappa).toBeCloseTo(0.210, 3);
    expect(r.proportions.map((p) => Math.round(p * 1000) / 1000)).toEqual([0.143, 0.2, 0.279, 0.15, 0.229]);
  });

  it('gives the same value from ratings as from the counts table', () => {
    const ratings = countsToRatings(FLEISS_WIKIPEDIA, ['1', '2', '3', '4', '5']);
    expect(fleissKappaFromRatings(ratings).kappa).toBeCloseTo(0.20993, 5);
  });

  it('is 1 when every subject is rated unanimously and at least two categories occur', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 30 }), fc.integer({ min: 2, max: 8 }), (cats, raters) => {
      const table = cats.map((c) => [0, 1, 2, 3].map((j) => (j === c ? raters : 0)));
      const k = fleissKappa(table).kappa;
      if (new Set(cats).size > 1) expect(k).toBeCloseTo(1, 12);
      else expect(k).toBeNull();
    }));
  });

  it('does not change when the ratings (and so the annotators) are permuted', () => {
    const ratings = countsToRatings(FLEISS_WIKIPEDIA, ['a', 'b', 'c', 'd', 'e']);
    fc.assert(fc.property(fc.integer(), (seed) => {
      const renamed = new Map<string, string>();
      const permuted = shuffled(ratings, seededRandom(seed)).map((r) => {
        if (!renamed.has(r.annotator)) renamed.set(r.annotator, `p${seededRandom(seed + renamed.size)()}`);
        return { ...r, annotator: renamed.get(r.annotator)! };
      });
      expect(fleissKappaFromRatings(permuted).kappa).toBeCloseTo(0.20993, 5);
    }), { numRuns: 30 });
  });

  it('skips subjects with fewer than two ratings', () => {
    expect(fleissKappa([[1, 0], ...FLEISS_WIKIPEDIA.map((r) => r.slice(0, 2))]).subjects).toBe(FLEISS_WIKIPEDIA.filter((r) => r[0] + r[1] >= 2).length);
  });
});
