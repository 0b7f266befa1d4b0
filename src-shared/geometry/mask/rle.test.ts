import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskArea, maskBounds } from './binary-mask';
import { traceContours } from './contours';
import { compressCounts, contoursToCounts, decompressCounts, maskToCounts, maskToRle, rleArea, rleToMask } from './rle';
import { arbitraryMask, maskOf } from './test-masks';

describe('COCO RLE', () => {
  it('reads and writes the strings pycocotools produces', () => {
    // Vectors worked out from maskApi.c: small counts are one char, the 4th count is a delta to the 2nd.
    expect(decompressCounts('352')).toEqual([3, 5, 2]);
    expect(decompressCounts('145M')).toEqual([1, 4, 5, 1]);
    expect(decompressCounts('X1')).toEqual([40]);
    expect(compressCounts([3, 5, 2])).toBe('352');
    expect(compressCounts([1, 4, 5, 1])).toBe('145M');
    expect(compressCounts([40])).toBe('X1');
  });

  it('runs go down columns first and start with background', () => {
    // h=2, w=3: column 0 empty, column 1 full, column 2 only its top pixel.
    const mask = maskOf(['.##', '.#.']);
    expect(maskToCounts(mask)).toEqual([2, 3, 1]);
    expect(maskToCounts(maskOf(['#.', '..']))).toEqual([0, 1, 3]);
    expect(maskToRle(mask)).toEqual({ size: [2, 3], counts: compressCounts([2, 3, 1]) });
  });

  it('round-trips any run lengths through the compressed string, large ones included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { maxLength: 40 }), (counts) => {
        expect(decompressCounts(compressCounts(counts))).toEqual(counts);
      }),
    );
  });

  it('round-trips any mask, with runs summing to the pixel count and the area read off the runs', () => {
    fc.assert(
      fc.property(arbitraryMask(), (mask) => {
        const counts = maskToCounts(mask);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(mask.width * mask.height);
        expect(counts.slice(1).every((c) => c > 0)).toBe(true);
        const rle = maskToRle(mask);
        expect(rleToMask(rle)).toEqual(mask);
        expect(rleToMask({ size: rle.size, counts })).toEqual(mask);
        expect(rleArea(rle)).toBe(maskArea(mask));
      }),
    );
  });

  it('gives the same runs when told the bounds of the set pixels', () => {
    fc.assert(
      fc.property(arbitraryMask(), (mask) => {
        expect(maskToCounts(mask, maskBounds(mask))).toEqual(maskToCounts(mask));
      }),
    );
  });

  it('never writes outside the mask for malformed runs', () => {
    expect(rleToMask({ size: [2, 2], counts: [1, 100] }).data).toEqual(Uint8Array.from([0, 1, 1, 1]));
    expect(() => decompressCounts('3`')).toThrow(/truncated/);
  });
});

describe('COCO RLE from contours', () => {
  it('equals the runs read off the pixels, for any mask', () => {
    fc.assert(
      fc.property(arbitraryMask(), (mask) => {
        expect(contoursToCounts(traceContours(mask), mask.width, mask.height)).toEqual(maskToCounts(mask));
      }),
      { numRuns: 300 },
    );
  });
});
