import type { Ring } from './contours';

/** Distance from p to the segment a–b. */
function segmentDistance(p: readonly [number, number], a: readonly [number, number], b: readonly [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
  t = Math.max(0, Math.min(1, t));
  const ex = a[0] + t * dx - p[0];
  const ey = a[1] + t * dy - p[1];
  return Math.sqrt(ex * ex + ey * ey);
}

/**
 * Douglas–Peucker on a closed ring: every dropped vertex lies within `tolerance` pixels of the
 * kept outline. The ring is split at its first vertex and the vertex farthest from it, so the
 * result does not depend on a seam through the middle of an edge.
 */
export function simplifyRing(ring: Ring, tolerance: number): Ring {
  const n = ring.length;
  if (tolerance <= 0 || n <= 4) return ring.slice();
  let far = 0;
  let best = -1;
  for (let i = 1; i < n; i++) {
    const d = (ring[i][0] - ring[0][0]) ** 2 + (ring[i][1] - ring[0][1]) ** 2;
    if (d > best) {
      best = d;
      far = i;
    }
  }
  const keep = new Uint8Array(n + 1);
  keep[0] = keep[far] = keep[n] = 1;
  const at = (i: number) => ring[i === n ? 0 : i];
  const stack: number[] = [0, far, far, n];
  while (stack.length) {
    const last = stack.pop()!;
    const first = stack.pop()!;
    let index = -1;
    let max = tolerance;
    for (let i = first + 1; i < last; i++) {
      const d = segmentDistance(ring[i], at(first), at(last));
      if (d > max) {
        max = d;
        index = i;
      }
    }
    if (index >= 0) {
      keep[index] = 1;
      stack.push(first, index, index, last);
    }
  }
  const out: Ring = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(ring[i]);
  return out;
}
