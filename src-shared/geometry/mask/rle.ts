import { clampBounds, type BinaryMask, type PixelBounds } from './binary-mask';
import type { Contour } from './contours';
import { decodeRleString as decompressCounts, encodeRleString as compressCounts } from '../rle';

/**
 * COCO run-length encoding, as pycocotools writes it: runs alternate 0, 1, 0, … starting with
 * zeros, over pixels in column-major order (down each column, then the next), `size` = [h, w].
 * `counts` is either the run lengths or pycocotools' compressed string.
 */
export interface CocoRle {
  size: [number, number];
  counts: string | number[];
}

/**
 * Run lengths of a mask. `within` (bounds holding every set pixel) limits the work to that
 * region, which is what keeps a small object on a large photo cheap.
 *
 * Runs go down columns, but the mask is stored by rows, so walking it column by column would
 * miss the CPU cache on every pixel. Instead the rows are compared pairwise (sequential reads):
 * every place where a column changes value is a run boundary; sorted by column, their
 * column-major positions give the run lengths directly.
 */
export function maskToCounts(mask: BinaryMask, within?: PixelBounds | null): number[] {
  const { width, height, data } = mask;
  const region = within === null ? null : clampBounds(mask, within ?? { x0: 0, y0: 0, x1: width - 1, y1: height - 1 });
  if (!region) return [width * height];
  const { x0, x1, y0, y1 } = region;
  const columns = x1 - x0 + 1;
  const xs: number[] = [];
  const ys: number[] = [];
  const start = new Int32Array(columns + 1);
  for (let y = y0; y <= y1 + 1; y++) {
    const row = y * width;
    const above = row - width;
    for (let x = x0; x <= x1; x++) {
      const current = y <= y1 ? data[row + x] : 0;
      const previous = y > y0 ? data[above + x] : 0;
      if (current !== previous) {
        xs.push(x - x0);
        ys.push(y);
        start[x - x0 + 1]++;
      }
    }
  }
  // Counting sort by column; within a column the rows are already in order.
  for (let c = 0; c < columns; c++) start[c + 1] += start[c];
  const positions = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) positions[start[xs[i]]++] = (xs[i] + x0) * height + ys[i];
  return countsFromPositions(positions, width * height);
}

/**
 * The same run lengths as `maskToCounts`, read off traced contours instead of pixels: the
 * horizontal edges of the rings are exactly the places where a column changes value, so the cost
 * follows the length of the outline, not the area of the object.
 */
export function contoursToCounts(contours: readonly Contour[], width: number, height: number): number[] {
  const positions: number[] = [];
  for (const c of contours) {
    for (const ring of [c.outer, ...c.holes]) {
      for (let i = 0; i < ring.length; i++) {
        const [ax, y] = ring[i];
        const [bx, by] = ring[(i + 1) % ring.length];
        if (y !== by) continue;
        for (let x = Math.min(ax, bx); x < Math.max(ax, bx); x++) positions.push(x * height + y);
      }
    }
  }
  return countsFromPositions(Float64Array.from(positions).sort(), width * height);
}

/** Run lengths from the sorted column-major positions where the value changes. */
function countsFromPositions(positions: Float64Array, total: number): number[] {
  const counts: number[] = [];
  let last = 0;
  for (let i = 0; i < positions.length; i++) {
    // A run reaching the bottom of one column and the top of the next is one run: its end and
    // restart fall on the same position and cancel out.
    if (i + 1 < positions.length && positions[i + 1] === positions[i]) {
      i++;
      continue;
    }
    counts.push(positions[i] - last);
    last = positions[i];
  }
  if (total > last || !counts.length) counts.push(total - last);
  return counts;
}

/** The counts-string codec lives in `../rle.ts`; these names are kept for the mask pipeline. */
export { compressCounts, decompressCounts };

/** The compressed RLE of a mask, the form stored in mask annotations. */
export function maskToRle(mask: BinaryMask, within?: PixelBounds | null): { size: [number, number]; counts: string } {
  return { size: [mask.height, mask.width], counts: compressCounts(maskToCounts(mask, within)) };
}

/** Run lengths of either form. */
export function rleCounts(rle: CocoRle): number[] {
  return typeof rle.counts === 'string' ? decompressCounts(rle.counts) : rle.counts;
}

/** Decodes an RLE to a mask. Runs past the end are cut, so a malformed RLE never writes out of bounds. */
export function rleToMask(rle: CocoRle): BinaryMask {
  const [height, width] = rle.size;
  const counts = rleCounts(rle);
  const total = width * height;
  const data = new Uint8Array(total);
  let i = 0;
  for (let r = 0; r < counts.length && i < total; r++) {
    const end = Math.min(total, i + Math.max(0, counts[r]));
    if (r % 2 === 1) {
      for (let j = i; j < end; j++) {
        const x = Math.floor(j / height);
        data[(j - x * height) * width + x] = 1;
      }
    }
    i = end;
  }
  return { width, height, data };
}

/** Area (set pixels) straight from the runs. */
export function rleArea(rle: CocoRle): number {
  const counts = rleCounts(rle);
  let area = 0;
  for (let r = 1; r < counts.length; r += 2) area += counts[r];
  return area;
}
