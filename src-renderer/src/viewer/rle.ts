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

/** pycocotools' rleToString: the inverse of decodeCountsString. */
export function encodeCountsString(counts: readonly number[]): string {
  let s = '';
  counts.forEach((count, i) => {
    let x = i > 2 ? count - counts[i - 2] : count;
    let more = true;
    while (more) {
      let c = x & 0x1f;
      x >>= 5;
      more = c & 0x10 ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      s += String.fromCharCode(c + 48);
    }
  });
  return s;
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
  return { size: [height, width], counts: encodeCountsString(counts) };
}
