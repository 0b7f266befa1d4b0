import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COHEN_WIKIPEDIA } from './agreement.fixtures';
import { cohenKappa, cohenKappaBetween, cohenKappaFromTable, pairwiseCohenKappa } from './cohen-kappa';

const labels = fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 2, maxLength: 40 });

describe("Cohen's kappa", () => {
  it('reproduces the Wikipedia worked example (p_o 0.7, p_e 0.5, κ 0.4)', () => {
    const r = cohenKappaFromTable(COHEN_WIKIPEDIA);
    expect(r.observed).toBeCloseTo(0.7, 12);
    expect(r.expected).toBeCloseTo(0.5, 12);
    expect(r.kappa).toBeCloseTo(0.4, 12);
    expect(r.n).toBe(50);
  });

  it('gives the two "same agreement, different kappa" tables 0.1304 and 0.2593', () => {
    expect(cohenKappaFromTable([[45, 15], [25, 15]]).kappa).toBeCloseTo(0.1304, 4);
    expect(cohenKappaFromTable([[25, 35], [5, 35]]).kappa).toBeCloseTo(0.2593, 4);
  });

  it('agrees with the table form when given the raw labels', () => {
    const a = [...Array(20).fill('yes'), ...Array(5).fill('yes'), ...Array(10).fill('no'), ...Array(15).fill('no')];
    const b = [...Array(20).fill('yes'), ...Array(5).fill('no'), ...Array(10).fill('yes'), ...Array(15).fill('no')];
    expect(cohenKappa(a, b).kappa).toBeCloseTo(0.4, 12);
  });

  it('is 1 for perfect agreement whenever two categories are used, and null when only one is', () => {
    fc.assert(fc.property(labels, (a) => {
      const k = cohenKappa(a, a).kappa;
      if (new Set(a).size > 1) expect(k).toBeCloseTo(1, 12);
      else expect(k).toBeNull();
    }));
  });

  it('is symmetric in the two raters and never above 1', () => {
    fc.assert(fc.property(labels, fc.infiniteStream(fc.constantFrom('a', 'b', 'c')), (a, stream) => {
      const b = a.map(() => stream.next().value as string);
      const ab = cohenKappa(a, b).kappa;
      const ba = cohenKappa(b, a).kappa;
      if (ab === null) expect(ba).toBeNull();
      else {
        expect(ba).toBeCloseTo(ab, 12);
        expect(ab).toBeLessThanOrEqual(1 + 1e-12);
      }
    }));
  });

  it('uses only the items both annotators rated, and lists every pair with enough overlap', () => {
    const ratings = [
      { item: '1', annotator: 'x', value: 'a' }, { item: '1', annotator: 'y', value: 'a' },
      { item: '2', annotator: 'x', value: 'b' }, { item: '2', annotator: 'y', value: 'b' },
      { item: '3', annotator: 'x', value: 'a' }, { item: '4', annotator: 'z', value: 'b' },
    ];
    expect(cohenKappaBetween(ratings, 'x', 'y')).toMatchObject({ n: 2, kappa: 1 });
    const pairwise = pairwiseCohenKappa(ratings);
    expect(pairwise.pairs.map((p) => `${p.a}-${p.b}`)).toEqual(['x-y']);
    expect(pairwise.mean).toBe(1);
  });
});
