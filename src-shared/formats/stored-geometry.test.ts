import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { polygonArea } from '../geometry/validate';
import { boundsOf } from './shape-conversion';
import { storedBox, storedPolygon, storedType } from './stored-geometry';

const num = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: -5000, max: 5000 }).map((n) => n / 100), fc.constantFrom(0, 1e-7, 1.5e21, -2.5e-9, 0.30000000000000004));

describe('stored geometry', () => {
  it('reads polygons from their JSON exactly as JSON.parse would', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(num, num), { minLength: 3, maxLength: 20 }), (points) => {
        const json = JSON.stringify({ type: 'polygon', points });
        const parsed = JSON.parse(json).points as [number, number][];
        expect(storedPolygon(json)).toEqual({ flat: parsed.join(','), count: parsed.length, bounds: boundsOf(parsed), area: polygonArea(parsed) });
      }),
      { numRuns: 300 },
    );
  });

  it('reads boxes, and leaves anything else to the full parser', () => {
    fc.assert(
      fc.property(fc.tuple(num, num, num, num), (bbox) => {
        const json = JSON.stringify({ type: 'bbox', bbox });
        const parsed = JSON.parse(json).bbox as number[];
        expect(storedBox(json)).toEqual({ text: JSON.stringify(parsed), area: parsed[2] * parsed[3] });
      }),
    );
    expect(storedPolygon(JSON.stringify({ type: 'polygon', points: [[0, 0], [1, 0], [1, 1]], holes: [[[0.1, 0.1], [0.2, 0.1], [0.2, 0.2]]] }))).toBeNull();
    expect(storedPolygon('{"points":[[0,0],[1,0],[1,1]],"type":"polygon"}')).toBeNull();
    expect(storedBox('{"type":"bbox","bbox":[1,2,3]}')).toBeNull();
    expect(storedType('{"type":"rotated_bbox","cx":1}')).toBe('rotated_bbox');
  });
});
