import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { majorityVote } from './majority-vote';
import { seededRandom, shuffled } from './random';

describe('majority vote', () => {
  it('picks the most frequent label with its support', () => {
    const ratings = ['a', 'a', 'b'].map((value, i) => ({ item: 'x', annotator: `p${i}`, value }));
    expect(majorityVote(ratings)).toEqual([{ item: 'x', label: 'a', votes: { a: 2, b: 1 }, support: 2 / 3, n: 3, tied: false }]);
  });

  it('breaks ties by overall frequency, then alphabetically, and says so', () => {
    const ratings = [
      { item: 'x', annotator: '1', value: 'b' }, { item: 'x', annotator: '2', value: 'a' },
      { item: 'y', annotator: '1', value: 'b' }, { item: 'z', annotator: '1', value: 'c' }, { item: 'z', annotator: '2', value: 'd' },
    ];
    const [x, , z] = majorityVote(ratings);
    expect(x).toMatchObject({ label: 'b', tied: true });
    expect(z).toMatchObject({ label: 'c', tied: true });
  });

  it('does not depend on the order of the ratings', () => {
    const arb = fc.array(fc.record({ item: fc.constantFrom('i1', 'i2', 'i3'), annotator: fc.constantFrom('a', 'b', 'c', 'd'), value: fc.constantFrom('x', 'y', 'z') }), { maxLength: 30 });
    fc.assert(fc.property(arb, fc.integer(), (ratings, seed) => {
      // duplicates (same item and annotator) keep the later row, so only permute de-duplicated input
      const unique = [...new Map(ratings.map((r) => [`${r.item}/${r.annotator}`, r])).values()];
      expect(majorityVote(shuffled(unique, seededRandom(seed)))).toEqual(majorityVote(unique));
    }));
  });
});
