import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskBounds } from '../../../src-shared/geometry/mask/binary-mask';
import { maskToCounts, maskToRle } from '../../../src-shared/geometry/mask/rle';
import { describeMask, fullMask, LOW_RES, positiveRegion, thresholdLogits } from './postprocess';
import { resizedSize } from './preprocess';

/** PyTorch's bilinear resize with align_corners=False and no antialias, as in SAM's ONNX export. */
function bilinear(src: Float32Array, sw: number, sh: number, dw: number, dh: number, cropW = sw, cropH = sh): Float32Array {
  const out = new Float32Array(dw * dh);
  const axis = (size: number, from: number) =>
    Array.from({ length: size }, (_, i) => {
      const s = Math.max(0, ((i + 0.5) * from) / size - 0.5);
      const i0 = Math.min(Math.floor(s), from - 1);
      return { i0, i1: Math.min(i0 + 1, from - 1), t: s - i0 };
    });
  const xs = axis(dw, cropW);
  const ys = axis(dh, cropH);
  for (let y = 0; y < dh; y++) {
    const { i0: y0, i1: y1, t: ty } = ys[y];
    for (let x = 0; x < dw; x++) {
      const { i0: x0, i1: x1, t: tx } = xs[x];
      const top = src[y0 * sw + x0] * (1 - tx) + src[y0 * sw + x1] * tx;
      const bottom = src[y1 * sw + x0] * (1 - tx) + src[y1 * sw + x1] * tx;
      out[y * dw + x] = top * (1 - ty) + bottom * ty;
    }
  }
  return out;
}

describe('mask post-processing', () => {
  it('never misses a positive pixel of the upsampled logits when reading only the low-res region', () => {
    const S = 1024;
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 400 }), fc.integer({ min: 20, max: 400 }),
        fc.array(fc.tuple(fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 6 })), { minLength: 1, maxLength: 3 }),
        (width, height, blobs) => {
          const resized = resizedSize(width, height, S);
          const low = new Float32Array(LOW_RES * LOW_RES).fill(-3);
          // Blobs inside the image part of the frame, like a real decoder output.
          const maxX = Math.ceil(resized.width / 4) - 1;
          const maxY = Math.ceil(resized.height / 4) - 1;
          for (const [bx, by, r] of blobs) {
            const cx = Math.min(bx, maxX);
            const cy = Math.min(by, maxY);
            for (let y = Math.max(0, cy - r); y <= Math.min(LOW_RES - 1, cy + r); y++) for (let x = Math.max(0, cx - r); x <= Math.min(LOW_RES - 1, cx + r); x++) low[y * LOW_RES + x] = 2;
          }
          const frame = bilinear(low, LOW_RES, LOW_RES, S, S);
          const logits = bilinear(frame, S, S, width, height, resized.width, resized.height);
          const full = thresholdLogits(logits, width, height, { x0: 0, y0: 0, x1: width - 1, y1: height - 1 });
          const limited = thresholdLogits(logits, width, height, positiveRegion(low, width, height, S));
          expect(limited.bounds).toEqual(full.bounds);
          expect(fullMask(limited).data).toEqual(fullMask(full).data);
          // And the crop's description matches the full mask's pixels.
          const described = describeMask(limited, 1, { tolerance: 0 });
          expect(described.area).toBe(fullMask(full).data.reduce((a, b) => a + b, 0));
          expect(described.rle.counts).toEqual(maskToRle(fullMask(full)).counts);
          expect(maskToCounts(fullMask(full)).length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('reports no region for an all-negative low-res mask, and an empty mask for it', () => {
    const low = new Float32Array(LOW_RES * LOW_RES).fill(-1);
    expect(positiveRegion(low, 100, 50, 1024)).toBeNull();
    const empty = thresholdLogits(new Float32Array(5000).fill(1), 100, 50, null);
    expect(empty.bounds).toBeNull();
    expect(maskBounds(fullMask(empty))).toBeNull();
    expect(describeMask(empty, 0.5, {})).toMatchObject({ area: 0, polygons: [], bbox: [0, 0, 0, 0], rle: { size: [50, 100] } });
  });
});
