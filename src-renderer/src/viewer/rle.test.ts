import { describe, expect, it } from 'vitest';
import { decodeCountsString, decodeRle, encodeCountsString, encodeRle } from './rle';

describe('COCO RLE', () => {
  it('reads small counts as single chars', () => {
    expect(decodeCountsString('352')).toEqual([3, 5, 2]);
  });

  it('reads multi-char counts and deltas to the count two back', () => {
    expect(decodeCountsString('X1')).toEqual([40]);
    expect(decodeCountsString('1232')).toEqual([1, 2, 3, 4]);
    // 4th count 1 after a 2nd count of 4 is stored as delta -3 ('M').
    expect(decodeCountsString('145M')).toEqual([1, 4, 5, 1]);
  });

  it('round-trips random counts through the pycocotools encoding', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let t = 0; t < 50; t++) {
      const counts = Array.from({ length: 1 + Math.floor(rand() * 30) }, () => Math.floor(rand() * 100_000));
      expect(decodeCountsString(encodeCountsString(counts))).toEqual(counts);
    }
  });

  it('lays runs out column-major into a row-major mask', () => {
    // 2x3 (h=2, w=3): column 0 empty, column 1 full, column 2 only the top pixel.
    const m = decodeRle({ size: [2, 3], counts: [2, 3, 1] });
    expect(m.width).toBe(3);
    expect(m.height).toBe(2);
    expect(Array.from(m.data)).toEqual([0, 1, 1, 0, 1, 0]);
  });

  it('decodes the compressed form to the same mask as the counts array', () => {
    const counts = [5, 7, 3, 10, 0, 2, 13];
    const a = decodeRle({ size: [8, 5], counts });
    const b = decodeRle({ size: [8, 5], counts: encodeCountsString(counts) });
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    expect(a.data.reduce((s, v) => s + v, 0)).toBe(7 + 10 + 2);
  });

  it('encodes a mask that decodes back to itself', () => {
    const width = 7;
    const height = 5;
    const data = Uint8Array.from({ length: width * height }, (_, i) => ((i * 2654435761) >>> 0) % 3 === 0 ? 1 : 0);
    const rle = encodeRle({ width, height, data });
    expect(rle.size).toEqual([5, 7]);
    expect(typeof rle.counts).toBe('string');
    expect(Array.from(decodeRle(rle).data)).toEqual(Array.from(data));
  });

  it('ignores runs past the end of the mask', () => {
    const m = decodeRle({ size: [2, 2], counts: [1, 100] });
    expect(Array.from(m.data)).toEqual([0, 1, 1, 1]);
  });

  it('rejects a truncated string', () => {
    expect(() => decodeCountsString('X')).toThrow(/truncated/);
  });
});
