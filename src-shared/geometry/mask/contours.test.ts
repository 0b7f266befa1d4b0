import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskArea, maskBounds } from './binary-mask';
import { traceContours } from './contours';
import { rasterizePolygons } from './rasterize';
import { arbitraryMask, maskOf } from './test-masks';
import { polygonArea } from '../validate';

const signedArea = (ring: [number, number][]) => ring.reduce((s, [x1, y1], i) => {
  const [x2, y2] = ring[(i + 1) % ring.length];
  return s + x1 * y2 - x2 * y1;
}, 0) / 2;

describe('contour tracing', () => {
  it('outlines one pixel by its four corners', () => {
    expect(traceContours(maskOf(['...', '.#.', '...']))).toEqual([{ outer: [[2, 1], [2, 2], [1, 2], [1, 1]], holes: [], area: 1 }]);
  });

  it('keeps corner-touching pixels apart (4-connected objects)', () => {
    const contours = traceContours(maskOf(['#.', '.#']));
    expect(contours).toHaveLength(2);
    expect(contours.every((c) => c.area === 1)).toBe(true);
  });

  it('finds holes, and pairs each with the component around it', () => {
    const contours = traceContours(maskOf([
      '#######..###',
      '#.....#..#.#',
      '#.###.#..###',
      '#.#.#.#.....',
      '#.###.#.....',
      '#.....#.....',
      '#######.....',
    ]));
    expect(contours.map((c) => [c.area, c.holes.length])).toEqual([[24, 1], [8, 1], [8, 1]]);
    for (const c of contours) {
      expect(signedArea(c.outer)).toBeGreaterThan(0);
      for (const hole of c.holes) expect(signedArea(hole)).toBeLessThan(0);
    }
  });

  it('rasterises back to exactly the mask, for any mask', () => {
    fc.assert(
      fc.property(arbitraryMask(), (mask) => {
        const contours = traceContours(mask);
        const back = rasterizePolygons(contours.map((c) => ({ points: c.outer, holes: c.holes })), mask.width, mask.height);
        expect(back).toEqual(mask);
        expect(contours.reduce((s, c) => s + c.area, 0)).toBe(maskArea(mask));
        for (const c of contours) expect(polygonArea(c.outer) - c.holes.reduce((s, h) => s + polygonArea(h), 0)).toBe(c.area);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same contours when told the bounds of the set pixels', () => {
    fc.assert(
      fc.property(arbitraryMask(), (mask) => {
        expect(traceContours(mask, maskBounds(mask))).toEqual(traceContours(mask));
      }),
    );
  });
});
