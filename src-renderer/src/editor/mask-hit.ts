import type { Geometry } from '../../../src-shared/geometry/schemas';
import { decodeRle } from '../viewer/rle';

/**
 * Pixel lookup for mask hit-testing: each mask is decoded once (on first hover) and kept while
 * its geometry object lives. A mask that fails to decode is never hit.
 */
export function maskHitTester() {
  const decoded = new WeakMap<object, { width: number; height: number; data: Uint8Array } | null>();
  return (g: Geometry, x: number, y: number): boolean => {
    if (g.type !== 'mask') return false;
    let mask = decoded.get(g);
    if (mask === undefined) {
      try {
        mask = decodeRle(g.rle);
      } catch {
        mask = null;
      }
      decoded.set(g, mask);
    }
    return !!mask && x >= 0 && y >= 0 && x < mask.width && y < mask.height && mask.data[y * mask.width + x] === 1;
  };
}
