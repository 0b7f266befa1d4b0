/**
 * COCO run-length encoded masks. Runs alternate 0,1,0,… starting with zeros, over pixels in
 * column-major order (down each column, then the next column), `size` being [height, width].
 */

/**
 * Decodes pycocotools' compressed `counts` string (rleFrString in maskApi.c): each count is a
 * little-endian sequence of 5-bit groups in chars offset by 48, 0x20 meaning "more follows",
 * 0x10 in the last group being the sign; counts after the third are stored as the difference
 * to the count two places back.
 */
export function decodeCountsString(s: string): number[] {
  const counts: number[] = [];
  let p = 0;
  while (p < s.length) {
    let x = 0;
    let k = 0;
    let more = true;
    while (more) {
      if (p >= s.length) throw new Error('truncated RLE string');
      const c = s.charCodeAt(p) - 48;
      x |= (c & 0x1f) << (5 * k);
      more = (c & 0x20) !== 0;
      p++;
      k++;
      if (!more && c & 0x10) x |= -1 << (5 * k);
    }
    if (counts.length > 2) x += counts[counts.length - 2];
    counts.push(x);
  }
  return counts;
}

/**
 * The mask as one byte per pixel (1 = inside) in row-major order, ready for ImageData.
 * Runs that overflow the mask are cut, so a malformed RLE never writes out of bounds.
 */
export function decodeRle(rle: { size: [number, number]; counts: string | number[] }): { width: number; height: number; data: Uint8Array } {
  const [height, width] = rle.size;
  const counts = typeof rle.counts === 'string' ? decodeCountsString(rle.counts) : rle.counts;
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
