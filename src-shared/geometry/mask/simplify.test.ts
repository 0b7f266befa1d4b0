import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskIou } from './binary-mask';
import { traceContours, type Ring } from './contours';
import { maskToPolygons } from './mask-to-polygons';
import { rasterizePolygons } from './rasterize';
import { simplifyRing } from './simplify';
import { arbitraryMask, discMask, maskOf } from './test-masks';

function distanceToRing(p: [number, number], ring: Ring): number {
  let best = Infinity;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % ring.length];
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len2 = dx * dx + dy * dy;
    const t = len2 ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2)) : 0;
    best = Math.min(best, Math.hypot(a[0] + t * dx - p[0], a[1] + t * dy - p[1]));
  }
  return best;
}

describe('Douglas–Peucker simplification', () => {
  it('keeps every dropped vertex within the tolerance, using only original vertices', () => {
    fc.assert(
      fc.property(arbitraryMask(16), fc.double({ min: 0.1, max: 4, noNaN: true }), (mask, tolerance) => {
        for (const contour of traceContours(mask)) {
          const simple = simplifyRing(contour.outer, tolerance);
          const original = new Set(contour.outer.map((p) => p.join()));
          expect(simple.every((p) => original.has(p.join()))).toBe(true);
          for (const p of contour.outer) expect(distanceToRing(p, simple)).toBeLessThanOrEqual(tolerance + 1e-9);
        }
      }),
    );
  });

  it('changes nothing at tolerance 0 and straightens staircases above ~0.71 px', () => {
    const ring = traceContours(discMask(40, 40, 20, 20, 15))[0].outer;
    expect(simplifyRing(ring, 0)).toEqual(ring);
    expect(simplifyRing(ring, 1).length).toBeLessThan(ring.length / 3);
  });
});

describe('mask to polygons', () => {
  it('is exact at tolerance 0 for any mask', () => {
    fc.assert(
      fc.property(arbitraryMask(), (mask) => {
        expect(rasterizePolygons(maskToPolygons(mask, { tolerance: 0 }), mask.width, mask.height)).toEqual(mask);
      }),
    );
  });

  it('stays within IoU 0.95 of an object-sized mask at a 1 px tolerance', () => {
    fc.assert(
      fc.property(fc.integer({ min: 12, max: 60 }), fc.double({ min: 0, max: 1, noNaN: true }), (r, shift) => {
        const mask = discMask(140, 140, 70 + shift, 70 - shift, r);
        const polygons = maskToPolygons(mask, { tolerance: 1 });
        expect(polygons).toHaveLength(1);
        expect(maskIou(rasterizePolygons(polygons, 140, 140), mask)).toBeGreaterThanOrEqual(0.95);
      }),
      { numRuns: 30 },
    );
  });

  it('orders components largest first, keeps holes, and drops specks below the minimum area', () => {
    const mask = maskOf([
      '#####.....#',
      '#...#......',
      '#.#.#..###.',
      '#...#..###.',
      '#####......',
    ]);
    const polygons = maskToPolygons(mask, { tolerance: 0 });
    expect(polygons.map((p) => p.holes?.length ?? 0)).toEqual([1, 0, 0, 0]);
    expect(maskToPolygons(mask, { tolerance: 0, minArea: 2 })).toHaveLength(2);
  });
});
