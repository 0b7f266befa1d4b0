/**
 * COCO run-length encoding (RLE), as pycocotools' maskApi.c defines it: runs over the pixels in
 * column-major order (x * height + y), alternating background and foreground, starting with
 * background. `counts` travels either as the run lengths or as the compressed string (LEB128-like,
 * 6 bits per character, characters 48–111, each count after the second stored as the difference
 * to the count two places before).
 *
 * Masks here are row-major `Uint8Array`s (index y * width + x, non-zero = foreground), the layout
 * images and canvases use.
 */

export interface CocoRle {
  /** [height, width] */
  size: [number, number];
  counts: string | number[];
}

/** Decodes the compressed counts string; throws RangeError on characters outside the alphabet. */
export function decodeRleString(s: string): number[] {
  const counts: number[] = [];
  let p = 0;
  while (p < s.length) {
    let x = 0;
    let k = 0;
    let more = true;
    while (more) {
      if (p >= s.length) throw new RangeError('truncated RLE string: it ends in the middle of a count');
      const c = s.charCodeAt(p) - 48;
      if (c < 0 || c > 63) throw new RangeError(`RLE string has an invalid character at ${p}`);
      x += (c & 0x1f) * 2 ** (5 * k);
      more = (c & 0x20) !== 0;
      p++;
      k++;
      if (!more && c & 0x10) x -= 2 ** (5 * k);
    }
    if (counts.length > 2) x += counts[counts.length - 2];
    counts.push(x);
  }
  return counts;
}

/** Encodes run lengths as the compressed counts string pycocotools writes. */
export function encodeRleString(counts: readonly number[]): string {
  let out = '';
  for (let i = 0; i < counts.length; i++) {
    let x = counts[i];
    if (i > 2) x -= counts[i - 2];
    let more = true;
    while (more) {
      let c = ((x % 32) + 32) % 32;
      x = Math.floor(x / 32);
      more = c & 0x10 ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      out += String.fromCharCode(c + 48);
    }
  }
  return out;
}

/** The run lengths of an RLE, whichever form its counts take. */
export function rleCounts(rle: CocoRle): number[] {
  return typeof rle.counts === 'string' ? decodeRleString(rle.counts) : rle.counts;
}

/**
 * Checks an RLE: counts decode, are non-negative integers, and cover at most height × width
 * pixels (fewer is allowed: the rest is background, as pycocotools reads it). Returns a reason or null.
 */
export function rleProblem(rle: CocoRle): string | null {
  let counts: number[];
  try {
    counts = rleCounts(rle);
  } catch (error) {
    return (error as Error).message;
  }
  const [h, w] = rle.size;
  let total = 0;
  for (const c of counts) {
    if (!Number.isInteger(c) || c < 0) return `RLE count ${c} is not a non-negative integer`;
    total += c;
  }
  if (total > h * w) return `RLE counts cover ${total} pixels but the mask has ${h} × ${w} = ${h * w}`;
  return null;
}

/** Foreground pixel count. */
export function rleArea(rle: CocoRle): number {
  const counts = rleCounts(rle);
  let area = 0;
  for (let i = 1; i < counts.length; i += 2) area += counts[i];
  return area;
}

/** Bounding box [x, y, w, h] of the foreground (pixel cells, so a single pixel is 1 × 1); zeros when empty. */
export function rleBounds(rle: CocoRle): [number, number, number, number] {
  const counts = rleCounts(rle);
  const h = rle.size[0];
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  let pos = 0;
  for (let i = 0; i < counts.length; i++) {
    const start = pos;
    pos += counts[i];
    if (i % 2 === 0 || counts[i] === 0) continue;
    const end = pos - 1;
    const x0 = Math.floor(start / h);
    const x1 = Math.floor(end / h);
    xMin = Math.min(xMin, x0);
    xMax = Math.max(xMax, x1);
    if (x0 === x1) {
      yMin = Math.min(yMin, start % h);
      yMax = Math.max(yMax, end % h);
    } else {
      yMin = 0;
      yMax = h - 1;
    }
  }
  if (xMin === Infinity) return [0, 0, 0, 0];
  return [xMin, yMin, xMax - xMin + 1, yMax - yMin + 1];
}

/** Decodes an RLE into a row-major mask (1 = foreground). */
export function rleToMask(rle: CocoRle): Uint8Array {
  const [h, w] = rle.size;
  const mask = new Uint8Array(h * w);
  const counts = rleCounts(rle);
  let pos = 0;
  for (let i = 0; i < counts.length; i++) {
    const end = Math.min(pos + counts[i], h * w);
    if (i % 2 === 1) {
      for (let k = pos; k < end; k++) mask[(k % h) * w + Math.floor(k / h)] = 1;
    }
    pos = end;
  }
  return mask;
}

/** Encodes a row-major mask (non-zero = foreground) as uncompressed COCO RLE. */
export function maskToRle(mask: ArrayLike<number>, width: number, height: number): { size: [number, number]; counts: number[] } {
  const counts: number[] = [];
  let current = 0;
  let run = 0;
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const v = mask[y * width + x] ? 1 : 0;
      if (v !== current) {
        counts.push(run);
        run = 0;
        current = v;
      }
      run++;
    }
  }
  counts.push(run);
  return { size: [height, width], counts };
}

/** The same RLE with its counts as the compressed string (what COCO results and most tools write). */
export function compressRle(rle: CocoRle): { size: [number, number]; counts: string } {
  return { size: rle.size, counts: typeof rle.counts === 'string' ? rle.counts : encodeRleString(rle.counts) };
}

/** The same RLE with its counts as run lengths. */
export function uncompressRle(rle: CocoRle): { size: [number, number]; counts: number[] } {
  return { size: rle.size, counts: rleCounts(rle) };
}
