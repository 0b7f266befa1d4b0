/**
 * A binary mask in image pixels: one byte per pixel, row-major, each byte 0 or 1 (1 = object).
 * It is the common currency between the SAM decoder, COCO RLE, contour tracing and rasterisation.
 */
export interface BinaryMask {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Inclusive pixel index range of the set pixels: the tight bounds, or a hint that contains them. */
export interface PixelBounds {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** COCO-style box `[x, y, w, h]` in pixels. */
export type Bbox = [number, number, number, number];

export function emptyMask(width: number, height: number): BinaryMask {
  return { width, height, data: new Uint8Array(width * height) };
}

/** Clamps a bounds hint to the mask; null when nothing of it lies inside. */
export function clampBounds(mask: BinaryMask, b: PixelBounds): PixelBounds | null {
  const x0 = Math.max(0, b.x0);
  const y0 = Math.max(0, b.y0);
  const x1 = Math.min(mask.width - 1, b.x1);
  const y1 = Math.min(mask.height - 1, b.y1);
  return x0 > x1 || y0 > y1 ? null : { x0, y0, x1, y1 };
}

/**
 * Tight bounds of the set pixels, or null for an empty mask. `within` restricts the scan to a
 * region known to hold every set pixel (the decoder derives one from its low-res mask).
 */
export function maskBounds(mask: BinaryMask, within?: PixelBounds): PixelBounds | null {
  const region = clampBounds(mask, within ?? { x0: 0, y0: 0, x1: mask.width - 1, y1: mask.height - 1 });
  if (!region) return null;
  const { width, data } = mask;
  let x0 = Infinity;
  let x1 = -1;
  let y0 = -1;
  let y1 = -1;
  for (let y = region.y0; y <= region.y1; y++) {
    const row = y * width;
    let first = -1;
    for (let x = region.x0; x <= region.x1; x++) {
      if (data[row + x]) {
        first = x;
        break;
      }
    }
    if (first < 0) continue;
    if (y0 < 0) y0 = y;
    y1 = y;
    if (first < x0) x0 = first;
    for (let x = region.x1; x > x1; x--) {
      if (data[row + x]) {
        x1 = x;
        break;
      }
    }
  }
  return y0 < 0 ? null : { x0, y0, x1, y1 };
}

/** Number of set pixels (the mask's area in square pixels). */
export function maskArea(mask: BinaryMask, within?: PixelBounds | null): number {
  if (within === null) return 0;
  const region = clampBounds(mask, within ?? { x0: 0, y0: 0, x1: mask.width - 1, y1: mask.height - 1 });
  if (!region) return 0;
  let area = 0;
  for (let y = region.y0; y <= region.y1; y++) {
    const row = y * mask.width;
    for (let x = region.x0; x <= region.x1; x++) area += mask.data[row + x] ? 1 : 0;
  }
  return area;
}

/** The COCO box of pixel bounds: it covers whole pixels, so a single pixel at (x, y) is `[x, y, 1, 1]`. */
export function boundsToBbox(bounds: PixelBounds | null): Bbox {
  return bounds ? [bounds.x0, bounds.y0, bounds.x1 - bounds.x0 + 1, bounds.y1 - bounds.y0 + 1] : [0, 0, 0, 0];
}

/** Intersection over union of two masks of the same size (1 when both are empty). */
export function maskIou(a: BinaryMask, b: BinaryMask): number {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`mask sizes differ: ${a.width}×${a.height} vs ${b.width}×${b.height}`);
  let inter = 0;
  let union = 0;
  for (let i = 0; i < a.data.length; i++) {
    const p = a.data[i] ? 1 : 0;
    const q = b.data[i] ? 1 : 0;
    inter += p & q;
    union += p | q;
  }
  return union === 0 ? 1 : inter / union;
}

/** Intersection over union of two `[x, y, w, h]` boxes (0 when they do not overlap). */
export function bboxIou(a: Bbox, b: Bbox): number {
  const ix = Math.max(0, Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]));
  const iy = Math.max(0, Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]));
  const inter = ix * iy;
  const union = a[2] * a[3] + b[2] * b[3] - inter;
  return union <= 0 ? 0 : inter / union;
}
