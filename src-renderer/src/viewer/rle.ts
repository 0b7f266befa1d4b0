/**
 * COCO run-length encoded masks. Runs alternate 0,1,0,… starting with zeros, over pixels in
 * column-major order (down each column, then the next column), `size` being [height, width].
 */

import { decodeRleString, encodeRleString } from '../../../src-shared/geometry/rle';

/** The pycocotools counts-string codec, shared with core and the format adapters. */
export { decodeRleString as decodeCountsString, encodeRleString as encodeCountsString };

/**
 * The mask as one byte per pixel (1 = inside) in row-major order, ready for ImageData.
 * Runs that overflow the mask are cut, so a malformed RLE never writes out of bounds.
 */
export function decodeRle(rle: { size: [number, number]; counts: string | number[] }): { width: number; height: number; data: Uint8Array } {
  const [height, width] = rle.size;
  const counts = typeof rle.counts === 'string' ? decodeRleString(rle.counts) : rle.counts;
  const total = width * height;
  const data = new Uint8Array(total);
  let i = 0;
  for (let r = 0; r < counts.length && i < total; r++) {
    const end = Math.min(total, i + Math.max(0, counts[r]));
    if (r % 2 === 1) {
      for (let j = i; j < end; j++) data[(j % height) * width + Math.floor(j / height)] = 1;
    }
    i = end;
  }
  return { width, height, data };
}

/** A row-major mask (1 = inside) as compressed COCO RLE, the inverse of decodeRle. */
export function encodeRle(mask: { width: number; height: number; data: ArrayLike<number> }): { size: [number, number]; counts: string } {
  const { width, height, data } = mask;
  const counts: number[] = [];
  let current = 0;
  let run = 0;
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const bit = data[y * width + x] ? 1 : 0;
      if (bit === current) run++;
      else {
        counts.push(run);
        current = bit;
        run = 1;
      }
    }
  }
  counts.push(run);
  return { size: [height, width], counts: encodeRleString(counts) };
}
