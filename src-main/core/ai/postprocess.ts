import { boundsToBbox, clampBounds, type BinaryMask, type PixelBounds } from '../../../src-shared/geometry/mask/binary-mask';
import { traceContours } from '../../../src-shared/geometry/mask/contours';
import { contoursToPolygons } from '../../../src-shared/geometry/mask/mask-to-polygons';
import { compressCounts, contoursToCounts } from '../../../src-shared/geometry/mask/rle';
import type { DecodeOptions, SegmentResult } from './types';

export const LOW_RES = 256;

/**
 * The part of the full-size logits that can be positive, read off the 256×256 low-res logits.
 *
 * The decoder graph upsamples low-res → S×S → crop → original size with two bilinear resizes
 * (align_corners=False, no antialias). A bilinear sample is a convex mix of its 2×2 source
 * neighbours, so it can only be positive next to a positive source pixel: positives stay within
 * one source pixel of the low-res positives at each step. Thresholding only that region (plus a
 * margin) gives the same mask as a full pass at a fraction of the cost on large photos. Null
 * when the low-res mask has no positive pixel (then neither has the full one).
 */
export function positiveRegion(lowRes: Float32Array, width: number, height: number, inputSize: number): PixelBounds | null {
  let lx0 = LOW_RES;
  let lx1 = -1;
  let ly0 = LOW_RES;
  let ly1 = -1;
  for (let y = 0; y < LOW_RES; y++) {
    const row = y * LOW_RES;
    for (let x = 0; x < LOW_RES; x++) {
      if (lowRes[row + x] > 0) {
        if (x < lx0) lx0 = x;
        if (x > lx1) lx1 = x;
        if (y < ly0) ly0 = y;
        ly1 = y;
      }
    }
  }
  if (lx1 < 0) return null;
  const step = inputSize / LOW_RES;
  const scale = inputSize / Math.max(width, height);
  // Two source pixels of margin at each of the two resizes, then one more original pixel.
  const lo = (l: number) => Math.floor(((l - 2) * step - 2) / scale) - 1;
  const hi = (l: number) => Math.ceil(((l + 3) * step + 2) / scale) + 1;
  return { x0: lo(lx0), y0: lo(ly0), x1: hi(lx1), y1: hi(ly1) };
}

/**
 * A thresholded decoder mask, kept as a crop of the region that can hold positives (a click on a
 * small object of a large photo then never allocates or scans a full-size mask).
 */
export interface CroppedMask {
  /** Full image size. */
  width: number;
  height: number;
  /** The region's pixels; pixel (x, y) of the crop is (x + origin.x, y + origin.y) of the image. */
  crop: BinaryMask;
  origin: { x: number; y: number };
  /** Tight bounds of the set pixels in image coordinates, null when none is set. */
  bounds: PixelBounds | null;
}

/** Logits > 0 become the mask. Only `region` is read (null = nothing can be positive). */
export function thresholdLogits(logits: Float32Array, width: number, height: number, region: PixelBounds | null): CroppedMask {
  const r = region && clampBounds({ width, height, data: new Uint8Array(0) }, region);
  if (!r) return { width, height, crop: { width: 1, height: 1, data: new Uint8Array(1) }, origin: { x: 0, y: 0 }, bounds: null };
  const cw = r.x1 - r.x0 + 1;
  const ch = r.y1 - r.y0 + 1;
  const data = new Uint8Array(cw * ch);
  let x0 = width;
  let x1 = -1;
  let y0 = -1;
  let y1 = -1;
  for (let y = r.y0; y <= r.y1; y++) {
    const row = y * width;
    const out = (y - r.y0) * cw - r.x0;
    let first = -1;
    let last = -1;
    for (let x = r.x0; x <= r.x1; x++) {
      if (logits[row + x] > 0) {
        data[out + x] = 1;
        if (first < 0) first = x;
        last = x;
      }
    }
    if (first < 0) continue;
    if (y0 < 0) y0 = y;
    y1 = y;
    if (first < x0) x0 = first;
    if (last > x1) x1 = last;
  }
  return { width, height, crop: { width: cw, height: ch, data }, origin: { x: r.x0, y: r.y0 }, bounds: y0 < 0 ? null : { x0, y0, x1, y1 } };
}

/** The full-size mask of a crop (tests and callers that need pixels). */
export function fullMask(m: CroppedMask): BinaryMask {
  const mask: BinaryMask = { width: m.width, height: m.height, data: new Uint8Array(m.width * m.height) };
  for (let y = 0; y < m.crop.height; y++) mask.data.set(m.crop.data.subarray(y * m.crop.width, (y + 1) * m.crop.width), (y + m.origin.y) * m.width + m.origin.x);
  return mask;
}

/**
 * Every form of one decoded mask: polygons, COCO RLE, box, area, with the model's score. The
 * contours are traced once and give all of them: polygons by simplification, RLE from their
 * horizontal edges, area exactly.
 */
export function describeMask(m: CroppedMask, score: number, options: DecodeOptions): Omit<SegmentResult, 'lowRes' | 'timings'> {
  const within = m.bounds && { x0: m.bounds.x0 - m.origin.x, y0: m.bounds.y0 - m.origin.y, x1: m.bounds.x1 - m.origin.x, y1: m.bounds.y1 - m.origin.y };
  const contours = traceContours(m.crop, within, m.origin);
  return {
    width: m.width,
    height: m.height,
    polygons: contoursToPolygons(contours, { tolerance: options.tolerance ?? 1, minArea: options.minArea ?? 0 }),
    bbox: boundsToBbox(m.bounds),
    area: contours.reduce((sum, c) => sum + c.area, 0),
    score,
    rle: { size: [m.height, m.width], counts: compressCounts(contoursToCounts(contours, m.width, m.height)) },
  };
}
