import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bboxIou, boundsToBbox, maskArea, maskBounds, maskIou } from './binary-mask';
import { arbitraryMask, maskOf } from './test-masks';

describe('mask bounds, area and box', () => {
  it('gives the tight COCO box of the set pixels, covering whole pixels', () => {
    const mask = maskOf(['.....', '..#..', '.##..', '.....']);
    expect(maskBounds(mask)).toEqual({ x0: 1, y0: 1, x1: 2, y1: 2 });
    expect(boundsToBbox(maskBounds(mask))).toEqual([1, 1, 2, 2]);
    expect(maskArea(mask)).toBe(3);
    expect(maskBounds(maskOf(['...']))).toBeNull();
    expect(boundsToBbox(null)).toEqual([0, 0, 0, 0]);
  });

  it('finds the same bounds and area by brute force, and within any hint that holds the pixels', () => {
    fc.assert(
      fc.property(arbitraryMask(), (mask) => {
        let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1, area = 0;
        for (let y = 0; y < mask.height; y++) for (let x = 0; x < mask.width; x++) {
          if (!mask.data[y * mask.width + x]) continue;
          area++;
          x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
        }
        const bounds = maskBounds(mask);
        expect(bounds).toEqual(area ? { x0, y0, x1, y1 } : null);
        expect(maskArea(mask)).toBe(area);
        if (bounds) expect(maskBounds(mask, { x0: x0 - 3, y0: y0 - 1, x1: x1 + 2, y1: y1 + 5 })).toEqual(bounds);
      }),
    );
  });

  it('mask IoU is 1 against itself and symmetric', () => {
    fc.assert(
      fc.property(arbitraryMask(6), arbitraryMask(6), (a, b) => {
        expect(maskIou(a, a)).toBe(1);
        if (a.width === b.width && a.height === b.height) expect(maskIou(a, b)).toBeCloseTo(maskIou(b, a), 12);
      }),
    );
  });

  it('box IoU is symmetric, 1 for equal boxes, 0 for disjoint ones', () => {
    const box = fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 50 }));
    fc.assert(
      fc.property(box, box, (a, b) => {
        expect(bboxIou(a, a)).toBe(1);
        expect(bboxIou(a, b)).toBeCloseTo(bboxIou(b, a), 12);
        expect(bboxIou(a, b)).toBeGreaterThanOrEqual(0);
        expect(bboxIou(a, b)).toBeLessThanOrEqual(1);
      }),
    );
    expect(bboxIou([0, 0, 10, 10], [10, 0, 10, 10])).toBe(0);
    expect(bboxIou([0, 0, 10, 10], [5, 0, 10, 10])).toBeCloseTo(50 / 150);
  });
});
