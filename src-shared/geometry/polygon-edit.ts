import { distanceToSegment } from './hit-test';
import type { Vec } from './points';

/** The edge of a path nearest to `p`: its start index and the closest point on it. */
export function nearestEdge(points: readonly Vec[], p: Vec, closed: boolean): { index: number; distance: number; point: [number, number] } | null {
  const n = closed ? points.length : points.length - 1;
  let best: { index: number; distance: number; point: [number, number] } | null = null;
  for (let i = 0; i < n; i++) {
    const a = points[i];
    const b = points[(i + 1) % points.length];
    const d = distanceToSegment(p, a, b);
    if (!best || d < best.distance) {
      const dx = b[0] - a[0];
      const dy = b[1] - a[1];
      const len2 = dx * dx + dy * dy;
      const t = len2 ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2)) : 0;
      best = { index: i, distance: d, point: [a[0] + t * dx, a[1] + t * dy] };
    }
  }
  return best;
}

/** A new vertex after `edgeIndex` (on the edge from vertex edgeIndex to the next). */
export function insertVertex<P extends Vec>(points: readonly P[], edgeIndex: number, p: P): P[] {
  return [...points.slice(0, edgeIndex + 1), p, ...points.slice(edgeIndex + 1)];
}

export function removeVertex<P extends Vec>(points: readonly P[], index: number): P[] {
  return points.filter((_, i) => i !== index);
}

export function moveVertex<P extends Vec>(points: readonly P[], index: number, p: P): P[] {
  return points.map((q, i) => (i === index ? p : q));
}

/** The index of the vertex within `radius` of `p` (the nearest), or -1. */
export function vertexAt(points: readonly Vec[], p: Vec, radius: number): number {
  let best = -1;
  let bestD = radius;
  points.forEach((q, i) => {
    const d = Math.hypot(q[0] - p[0], q[1] - p[1]);
    if (d <= bestD) {
      best = i;
      bestD = d;
    }
  });
  return best;
}
