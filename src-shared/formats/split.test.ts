import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportion, assignSplits, parseSplitRatios } from './split';

const items = (n: number, classesOf: (i: number) => number[] = () => []) => Array.from({ length: n }, (_, i) => ({ id: `img${String(i).padStart(5, '0')}`, classes: classesOf(i) }));
const count = (m: Map<string, string>) => [...m.values()].reduce<Record<string, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

describe('splits', () => {
  it('parses ratios as fractions or percentages, and says why others are wrong', () => {
    expect(parseSplitRatios('0.8,0.1,0.1')).toEqual({ ok: true, ratios: { train: 0.8, val: 0.1, test: 0.1 } });
    expect(parseSplitRatios('70, 30')).toEqual({ ok: true, ratios: { train: 0.7, val: 0.3 } });
    expect(parseSplitRatios('0.8,0.3')).toMatchObject({ ok: false, reason: expect.stringMatching(/add up to 1/) });
    expect(parseSplitRatios('a,b')).toMatchObject({ ok: false });
  });

  it('apportions exactly n by largest remainder', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 1000 }), (shares, n) => {
      const sum = shares.reduce((a, b) => a + b, 0);
      fc.pre(sum > 0); // all-zero ratios never reach apportion: splits with ratio 0 are dropped first
      const counts = apportion(shares.map((s) => (s / sum) * n), n);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(n);
      counts.forEach((c, i) => expect(Math.abs(c - (shares[i] / sum) * n)).toBeLessThan(1 + 1e-9));
    }));
  });

  it('is deterministic for a seed whatever the input order, and sizes follow the ratios', () => {
    const list = items(1001);
    const a = assignSplits(list, { train: 0.8, val: 0.1, test: 0.1 }, 42);
    const b = assignSplits([...list].reverse(), { train: 0.8, val: 0.1, test: 0.1 }, 42);
    expect([...a].sort()).toEqual([...b].sort());
    expect(count(a)).toEqual({ train: 801, val: 100, test: 100 });
    const c = assignSplits(list, { train: 0.8, val: 0.1, test: 0.1 }, 43);
    expect([...c].sort()).not.toEqual([...a].sort());
  });

  it('stratified: every class is spread in the ratios, and totals stay within one of them', () => {
    const list = items(1000, (i) => (i % 10 === 0 ? [7] : i % 3 === 0 ? [1, 2] : [2]));
    const split = assignSplits(list, { train: 0.5, val: 0.3, test: 0.2 }, 1, true);
    const totals = count(split);
    expect(Math.abs(totals.train - 500)).toBeLessThanOrEqual(1);
    expect(Math.abs(totals.val - 300)).toBeLessThanOrEqual(1);
    const rare = new Map([...split].filter(([id]) => Number(id.slice(3)) % 10 === 0));
    expect(count(rare)).toEqual({ train: 50, val: 30, test: 20 });
  });
});
