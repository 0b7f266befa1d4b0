import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterShapes, matchShapes, type Shape } from './shape-matching';
import { geometryConsensus, medoid } from './shape-merge';
import { detectionScores } from './detection-metrics';
import { seededRandom, shuffled } from './random';

const box = (id: string, x: number, y: number, w: number, h: number, class_id: number | null = 0): Shape => ({ id, class_id, geometry: { type: 'bbox', bbox: [x, y, w, h] } });

describe('matchShapes', () => {
  it('pairs the best-overlapping shapes one to one and leaves the rest unmatched', () => {
    const a = [box('a1', 0, 0, 10, 10), box('a2', 50, 50, 10, 10), box('a3', 100, 100, 5, 5)];
    const b = [box('b1', 1, 1, 10, 10), box('b2', 51, 50, 10, 10), box('b3', 0, 0, 10, 10, 1)];
    const m = matchShapes(a, b);
    expect(m.pairs.map((p) => `${p.a}-${p.b}`)).toEqual(['a2-b2', 'a1-b1']);
    expect(m.unmatchedA).toEqual(['a3']);
    expect(m.unmatchedB).toEqual(['b3']);
    expect(matchShapes(a, b, { sameClass: false }).pairs.map((p) => `${p.a}-${p.b}`)).toEqual(['a1-b3', 'a2-b2']);
  });

  it('never pairs below the threshold', () => {
    expect(matchShapes([box('a', 0, 0, 10, 10)], [box('b', 5, 0, 10, 10)], { iouThreshold: 0.5 }).pairs).toEqual([]);
    expect(matchShapes([box('a', 0, 0, 10, 10)], [box('b', 5, 0, 10, 10)], { iouThreshold: 0.3 }).pairs).toHaveLength(1);
  });
});

describe('clusterShapes and geometry consensus', () => {
  const people = new Map<string, Shape[]>([
    ['ann', [box('ann-1', 10, 10, 20, 20), box('ann-2', 100, 100, 30, 30)]],
    ['bob', [box('bob-1', 12, 10, 20, 20), box('bob-2', 102, 98, 30, 30)]],
    ['cid', [box('cid-1', 10, 12, 20, 20), box('cid-3', 300, 300, 5, 5)]],
  ]);

  it('groups one shape per annotator per object', () => {
    const clusters = clusterShapes(people);
    expect(clusters.map((c) => c.members.map((m) => m.shape.id).sort())).toEqual([['ann-1', 'bob-1', 'cid-1'], ['ann-2', 'bob-2'], ['cid-3']]);
  });

  it('averages boxes and keeps objects with enough votes', () => {
    const { kept, dropped } = geometryConsensus(people, { minVotes: 2 });
    expect(kept).toHaveLength(2);
    expect(kept[0]).toMatchObject({ method: 'box-average', class_id: 0, support: 1 });
    expect((kept[0].geometry as { bbox: number[] }).bbox.map((v) => Math.round(v * 1000) / 1000)).toEqual([10.667, 10.667, 20, 20]);
    expect(dropped.map((d) => d.shape_ids)).toEqual([['cid-3']]);
  });

  it('does not depend on the order of annotators or of their shapes (permutation)', () => {
    const key = (m: Map<string, Shape[]>) => geometryConsensus(m, { minVotes: 2 }).kept.map((k) => k.shape_ids.slice().sort().join(',')).sort();
    const expected = key(people);
    fc.assert(fc.property(fc.integer(), (seed) => {
      const random = seededRandom(seed);
      const permuted = new Map(shuffled([...people], random).map(([k, v]) => [k, shuffled(v, random)]));
      expect(key(permuted)).toEqual(expected);
    }), { numRuns: 20 });
  });

  it('merges polygons by taking the one with the highest mean IoU', () => {
    const square = (id: string, d: number): Shape => ({ id, class_id: 1, geometry: { type: 'polygon', points: [[d, 0], [10 + d, 0], [10 + d, 10], [d, 10]] } });
    const shapes = [square('left', -2), square('mid', 0), square('right', 2)];
    expect(medoid(shapes).id).toBe('mid');
    const { kept } = geometryConsensus(new Map(shapes.map((s) => [s.id, [s]])), { minVotes: 3, iouThreshold: 0.5 });
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ method: 'medoid', shape_ids: ['left', 'mid', 'right'] });
    expect(kept[0].geometry).toEqual(shapes[1].geometry);
  });
});

describe('IoU-matched precision, recall and F1', () => {
  it('counts matches per class', () => {
    const gold = [box('g1', 0, 0, 10, 10, 0), box('g2', 50, 50, 10, 10, 0), box('g3', 100, 0, 10, 10, 1)];
    const given = [box('p1', 1, 0, 10, 10, 0), box('p2', 100, 0, 10, 10, 0), box('p3', 200, 200, 5, 5, 1)];
    const s = detectionScores(gold, given);
    expect(s.by_class['0']).toMatchObject({ tp: 1, fp: 1, fn: 1, precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(s.by_class['1']).toMatchObject({ tp: 0, fp: 1, fn: 1, precision: 0, recall: 0, f1: 0 });
    expect(s.overall).toMatchObject({ tp: 1, fp: 2, fn: 2 });
    expect(s.overall.f1).toBeCloseTo(1 / 3, 12);
  });

  it('is perfect against itself and swaps precision and recall when the roles swap', () => {
    const a = [box('a1', 0, 0, 10, 10), box('a2', 20, 20, 10, 10)];
    const b = [box('b1', 0, 0, 10, 10)];
    expect(detectionScores(a, a.map((s) => ({ ...s, id: `${s.id}'` }))).overall).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    expect(detectionScores(a, b).overall).toMatchObject({ precision: 1, recall: 0.5 });
    expect(detectionScores(b, a).overall).toMatchObject({ precision: 0.5, recall: 1 });
  });
});
