import { describe, expect, it } from 'vitest';
import { resultToAnnotations } from './accept';

const result = {
  polygons: [
    { points: [[0, 0], [10, 0], [10, 10], [0, 10]] as [number, number][], holes: [[[2, 2], [2, 4], [4, 4], [4, 2]] as [number, number][]] },
    { points: [[20, 20], [22, 20], [22, 22]] as [number, number][] },
  ],
  rle: { size: [30, 30] as [number, number], counts: 'abc' },
  score: 1.02,
  area: 98,
};

describe('accepting a SAM result', () => {
  it('stores one polygon per part with holes, source sam and the score as confidence (clamped)', () => {
    const list = resultToAnnotations(result, 'img', { as: 'polygon', components: 'all', class_id: 3 });
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({ image_id: 'img', class_id: 3, source: 'sam', confidence: 1, annotation_type: 'polygon', geometry: { type: 'polygon', holes: [[[2, 2], [2, 4], [4, 4], [4, 2]]] } });
    expect(list[1].geometry).not.toHaveProperty('holes');
  });

  it('keeps only the largest part when asked, or stores the mask as RLE', () => {
    expect(resultToAnnotations({ ...result, polygons: [...result.polygons].reverse() }, 'img', { as: 'polygon', components: 'largest', class_id: null })).toHaveLength(1);
    expect(resultToAnnotations(result, 'img', { as: 'mask', components: 'all', class_id: null, z_order: 4 })).toEqual([
      expect.objectContaining({ annotation_type: 'mask', z_order: 4, geometry: { type: 'mask', rle: result.rle } }),
    ]);
  });

  it('refuses an empty mask', () => {
    expect(() => resultToAnnotations({ ...result, area: 0, polygons: [] }, 'img', { as: 'mask', components: 'all', class_id: null })).toThrow(/empty/);
  });
});
