import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clipPolygonToRect, keepInImage } from './clip';
import { polygonArea } from './validate';

const coord = fc.double({ min: -200, max: 600, noNaN: true });
const ring = fc.array(fc.tuple(coord, coord), { minLength: 3, maxLength: 10 });
const image = { width: 400, height: 300 };
const rect = { x: 0, y: 0, ...image };

describe('keeping shapes within the image', () => {
  it('clips any polygon to points inside the rectangle', () => {
    fc.assert(
      fc.property(ring, (points) => {
        for (const [x, y] of clipPolygonToRect(points, rect)) {
          expect(x).toBeGreaterThanOrEqual(-1e-9);
          expect(y).toBeGreaterThanOrEqual(-1e-9);
          expect(x).toBeLessThanOrEqual(400 + 1e-9);
          expect(y).toBeLessThanOrEqual(300 + 1e-9);
        }
      }),
    );
  });

  it('never grows a convex polygon and leaves one inside unchanged', () => {
    fc.assert(
      fc.property(fc.double({ min: -100, max: 500, noNaN: true }), fc.double({ min: -100, max: 400, noNaN: true }), fc.double({ min: 1, max: 300, noNaN: true }), (x, y, s) => {
        const square: [number, number][] = [[x, y], [x + s, y], [x + s, y + s], [x, y + s]];
        const clipped = clipPolygonToRect(square, rect);
        expect(polygonArea(clipped)).toBeLessThanOrEqual(polygonArea(square) + 1e-6);
        if (x >= 0 && y >= 0 && x + s <= 400 && y + s <= 300) expect(clipped).toEqual(square);
      }),
    );
  });

  it('intersects a box with the image and drops one wholly outside', () => {
    expect(keepInImage({ type: 'bbox', bbox: [-10, 280, 50, 50] }, image)).toEqual({ type: 'bbox', bbox: [0, 280, 40, 20] });
    expect(keepInImage({ type: 'bbox', bbox: [500, 10, 5, 5] }, image)).toBeNull();
    expect(keepInImage({ type: 'line', p1: [-5, 10], p2: [450, 320], width: 2 }, image)).toEqual({ type: 'line', p1: [0, 10], p2: [400, 300], width: 2 });
  });
});
