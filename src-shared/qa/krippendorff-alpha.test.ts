import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KRIPPENDORFF_2011, KRIPPENDORFF_2011_RATINGS, KRIPPENDORFF_BINARY } from './agreement.fixtures';
import { krippendorffAlpha, krippendorffAlphaFromRatings } from './krippendorff-alpha';
import { seededRandom, shuffled } from './random';

const units = KRIPPENDORFF_2011[0].map((_, u) => KRIPPENDORFF_2011.map((row) => row[u]));

describe("Krippendorff's alpha", () => {
  it('reproduces Krippendorff (2011) with missing values: nominal 0.743, ordinal 0.815, interval 0.849, ratio 0.797', () => {
    expect(krippendorffAlpha(units, 'nominal').alpha).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(units, 'ordinal').alpha).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(units, 'interval').alpha).toBeCloseTo(0.849, 3);
    expect(krippendorffAlpha(units, 'ratio').alpha).toBeCloseTo(0.797, 3);
  });

  it('drops the unit with a single value (40 pairable values in 11 units)', () => {
    expect(krippendorffAlpha(units)).toMatchObject({ pairable: 40, units: 11 });
  });

  it('reproduces the two-observer binary example (α = 0.095)', () => {
    const { a, b } = KRIPPENDORFF_BINARY;
    expect(krippendorffAlpha(a.map((x, i) => [x, b[i]])).alpha).toBeCloseTo(0.095, 3);
  });

  it('gives the same nominal and interval values from ratings, in any order', () => {
    fc.assert(fc.property(fc.integer(), (seed) => {
      const permuted = shuffled(KRIPPENDORFF_2011_RATINGS, seededRandom(seed));
      expect(krippendorffAlphaFromRatings(permuted).alpha).toBeCloseTo(0.743, 3);
      expect(krippendorffAlphaFromRatings(permuted, 'interval').alpha).toBeCloseTo(0.849, 3);
    }), { numRuns: 25 });
  });

  it('is 1 for perfect agreement with at least two distinct values, null with one', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 20 }), fc.integer({ min: 2, max: 5 }), (values, observers) => {
      const data = values.map((v) => Array.from({ length: observers }, () => v));
      for (const metric of ['nominal', 'ordinal', 'interval', 'ratio'] as const) {
        const alpha = krippendorffAlpha(data, metric).alpha;
        if (new Set(values).size > 1) expect(alpha).toBeCloseTo(1, 12);
        else expect(alpha).toBeNull();
      }
    }));
  });

  it('refuses non-numeric values for the interval metric', () => {
    expect(() => krippendorffAlpha([['a', 'b']], 'interval')).toThrow(/numeric/);
  });
});
