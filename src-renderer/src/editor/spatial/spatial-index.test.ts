import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundsIntersect, type Bounds } from '../../../../src-shared/geometry/bounds';
import { SpatialIndex } from './spatial-index';

const box = fc.tuple(fc.double({ min: -50, max: 1000, noNaN: true }), fc.double({ min: -50, max: 1000, noNaN: true }), fc.double({ min: 0, max: 800, noNaN: true }), fc.double({ min: 0, max: 300, noNaN: true }))
  .map(([x, y, w, h]): Bounds => ({ minX: x, minY: y, maxX: x + w, maxY: y + h }));

describe('spatial index', () => {
  it('answers a rectangle query exactly like a scan of every shape, after inserts and deletes', () => {
    fc.assert(
      fc.property(fc.array(box, { maxLength: 60 }), fc.array(fc.nat(59)), box, (boxes, deleted, area) => {
        const index = new SpatialIndex({ width: 1000, height: 1000 });
        boxes.forEach((b, i) => index.set(`k${i}`, b));
        const gone = new Set(deleted.filter((i) => i < boxes.length).map((i) => `k${i}`));
        gone.forEach((k) => index.delete(k));
        const expected = boxes.map((b, i) => [`k${i}`, b] as const).filter(([k, b]) => !gone.has(k) && boundsIntersect(b, area)).map(([k]) => k);
        expect(index.query(area).sort()).toEqual(expected.sort());
      }),
    );
  });

  it('moves a shape when it is set again', () => {
    const index = new SpatialIndex({ width: 640, height: 480 });
    index.set('a', { minX: 0, minY: 0, maxX: 5, maxY: 5 });
    index.set('a', { minX: 500, minY: 400, maxX: 510, maxY: 410 });
    expect(index.query({ minX: 0, minY: 0, maxX: 10, maxY: 10 })).toEqual([]);
    expect(index.query({ minX: 505, minY: 405, maxX: 505, maxY: 405 })).toEqual(['a']);
    expect(index.size).toBe(1);
  });
});
