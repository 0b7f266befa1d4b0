import { describe, expect, it } from 'vitest';
import { categoricalAgreement, geometryAgreement, percentAgreement } from './agreement';
import { KRIPPENDORFF_2011_RATINGS } from './agreement.fixtures';
import { itemConsensus } from './consensus';
import type { Shape } from './shape-matching';

describe('agreement summaries', () => {
  it('reports every measure on the Krippendorff 2011 data (α nominal 0.743)', () => {
    const a = categoricalAgreement(KRIPPENDORFF_2011_RATINGS);
    expect(a).toMatchObject({ items: 12, multiply_labeled: 11, annotators: 4, ratings: 41 });
    expect(a.krippendorff.alpha).toBeCloseTo(0.743, 3);
    expect(a.cohen.pairs).toHaveLength(6);
    expect(a.fleiss.subjects).toBe(11);
  });

  it('counts raw pairwise agreement', () => {
    expect(percentAgreement([{ item: '1', annotator: 'a', value: 'x' }, { item: '1', annotator: 'b', value: 'x' }, { item: '1', annotator: 'c', value: 'y' }])).toBeCloseTo(1 / 3, 12);
  });

  it('scores geometry for every ordered pair of annotators on shared images', () => {
    const box = (id: string, x: number, cls = 0): Shape => ({ id, class_id: cls, geometry: { type: 'bbox', bbox: [x, 0, 10, 10] } });
    const images = [
      new Map([['ann', [box('a1', 0), box('a2', 50)]], ['bob', [box('b1', 1)]]]),
      new Map([['ann', [box('a3', 0)]]]),
    ];
    const g = geometryAgreement(images);
    expect(g.images_compared).toBe(1);
    expect(g.pairs.map((p) => [p.a, p.b, p.overall.precision, p.overall.recall])).toEqual([['ann', 'bob', 1, 0.5], ['bob', 'ann', 0.5, 1]]);
    expect(g.mean_f1).toBeCloseTo(2 / 3, 5);
  });
});

describe('item consensus', () => {
  it('marks items that reached k answers and where the methods agree', () => {
    const ratings = [
      { item: 'i1', annotator: 'a', value: 'x' }, { item: 'i1', annotator: 'b', value: 'x' }, { item: 'i1', annotator: 'c', value: 'y' },
      { item: 'i2', annotator: 'a', value: 'y' },
    ];
    const { verdicts } = itemConsensus(ratings, 'majority', 3);
    expect(verdicts.map((v) => [v.item, v.label, v.reached])).toEqual([['i1', 'x', true], ['i2', 'y', false]]);
    expect(verdicts[0].confidence).toBeCloseTo(2 / 3, 12);
  });
});
