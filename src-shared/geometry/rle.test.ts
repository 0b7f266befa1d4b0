import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compressRle, decodeRleString, encodeRleString, maskToRle, rleArea, rleBounds, rleProblem, rleToMask } from './rle';

const maskArb = fc
  .record({ w: fc.integer({ min: 1, max: 24 }), h: fc.integer({ min: 1, max: 24 }) })
  .chain(({ w, h }) => fc.record({ w: fc.constant(w), h: fc.constant(h), bits: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: w * h, maxLength: w * h }) }));

describe('COCO RLE', () => {
  it('encodes counts the way pycocotools does (deltas from the third count on, 5 bits per character)', () => {
    expect(encodeRleString([3, 2, 4, 1])).toBe('324O');
    expect(decodeRleString('324O')).toEqual([3, 2, 4, 1]);
    expect(encodeRleString([0, 5])).toBe('05');
  });

  it('round-trips any run lengths through the compressed string', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5_000_000 }), { maxLength: 40 }), (counts) => {
        expect(decodeRleString(encodeRleString(counts))).toEqual(counts);
      }),
    );
  });

  it('round-trips masks, and area and bounds match a pixel count', () => {
    fc.assert(
      fc.property(maskArb, ({ w, h, bits }) => {
        const rle = maskToRle(bits, w, h);
        expect(Array.from(rleToMask(rle))).toEqual(bits);
        expect(Array.from(rleToMask(compressRle(rle)))).toEqual(bits);
        expect(rleArea(rle)).toBe(bits.filter(Boolean).length);
        const xs = bits.flatMap((b, i) => (b ? [i % w] : []));
        const ys = bits.flatMap((b, i) => (b ? [Math.floor(i / w)] : []));
        const expected = xs.length ? [Math.min(...xs), Math.min(...ys), Math.max(...xs) - Math.min(...xs) + 1, Math.max(...ys) - Math.min(...ys) + 1] : [0, 0, 0, 0];
        expect(rleBounds(rle)).toEqual(expected);
      }),
    );
  });

  it('reports counts that overflow the mask and strings with bad characters', () => {
    expect(rleProblem({ size: [2, 2], counts: [1, 5] })).toMatch(/cover 6 pixels/);
    expect(rleProblem({ size: [2, 2], counts: 'a~' })).toMatch(/invalid character/);
    expect(rleProblem({ size: [2, 2], counts: [1, 2] })).toBeNull();
  });
});
