import { maskToRle, rleBounds, rleToMask, type CocoRle } from '../../geometry/rle';

/**
 * CVAT's mask encoding: run lengths over the mask's bounding box (`left`, `top`, `width`,
 * `height`), row by row, alternating background and foreground, starting with background.
 */

export interface CvatMask {
  rle: number[];
  left: number;
  top: number;
  width: number;
  height: number;
}

/** CVAT mask → COCO RLE over the whole image; a reason when it does not fit the image. */
export function cvatMaskToRle(mask: CvatMask, imageWidth: number, imageHeight: number): { size: [number, number]; counts: number[] } | string {
  const { rle, left, top, width, height } = mask;
  if (left < 0 || top < 0 || left + width > imageWidth || top + height > imageHeight) {
    return `mask box ${left},${top} ${width}×${height} lies outside the ${imageWidth}×${imageHeight} image`;
  }
  const total = rle.reduce((a, b) => a + b, 0);
  if (total > width * height) return `mask runs cover ${total} pixels but its box has ${width * height}`;
  const full = new Uint8Array(imageWidth * imageHeight);
  let pos = 0;
  rle.forEach((run, i) => {
    if (i % 2 === 1) {
      for (let k = pos; k < pos + run; k++) full[(top + Math.floor(k / width)) * imageWidth + left + (k % width)] = 1;
    }
    pos += run;
  });
  return maskToRle(full, imageWidth, imageHeight);
}

/** COCO RLE → CVAT mask over its foreground's bounding box (null for an empty mask). */
export function rleToCvatMask(rle: CocoRle): CvatMask | null {
  const [left, top, width, height] = rleBounds(rle);
  if (!width || !height) return null;
  const mask = rleToMask(rle);
  const imageWidth = rle.size[1];
  const runs: number[] = [];
  let current = 0;
  let run = 0;
  for (let y = top; y < top + height; y++) {
    for (let x = left; x < left + width; x++) {
      const v = mask[y * imageWidth + x] ? 1 : 0;
      if (v !== current) {
        runs.push(run);
        run = 0;
        current = v;
      }
      run++;
    }
  }
  runs.push(run);
  return { rle: runs, left, top, width, height };
}
