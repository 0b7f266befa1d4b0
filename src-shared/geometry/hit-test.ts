import { bboxCorners } from './bbox';
import { distanceToArc, isFullCircle, pointInSector } from './circle-arc';
import type { Vec } from './points';
import { rotatedBoxCorners } from './rotated-box';
import type { Geometry } from './schemas';

/** Even-odd crossing test of one ring (closed implicitly). */
export function pointInRing([x, y]: Vec, ring: readonly Vec[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the outer ring and outside every hole. */
export function pointInPolygon(p: Vec, outer: readonly Vec[], holes: readonly (readonly Vec[])[] = []): boolean {
  return pointInRing(p, outer) && !holes.some((h) => pointInRing(p, h));
}

export function distanceToSegment([px, py]: Vec, [ax, ay]: Vec, [bx, by]: Vec): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
  return Math.hypot(ax + t * dx - px, ay + t * dy - py);
}

/** Distance to a chain of segments; `closed` adds the segment from the last point back to the first. */
export function distanceToPath(p: Vec, points: readonly Vec[], closed: boolean): number {
  if (points.length === 1) return Math.hypot(p[0] - points[0][0], p[1] - points[0][1]);
  let best = Infinity;
  const n = closed ? points.length : points.length - 1;
  for (let i = 0; i < n; i++) best = Math.min(best, distanceToSegment(p, points[i], points[(i + 1) % points.length]));
  return best;
}

/** The outline rings of an area shape (outer first), or null for strokes, points and masks. */
export function areaRings(g: Geometry): Vec[][] | null {
  if (g.type === 'bbox') return [bboxCorners(g.bbox)];
  if (g.type === 'rotated_bbox') return [rotatedBoxCorners(g)];
  if (g.type === 'polygon') return [g.points, ...(g.holes ?? [])];
  return null;
}

/**
 * Whether `p` lies in the region the shape covers, the region its area measures: inside boxes,
 * polygons (minus holes) and circle sectors; nothing for strokes, points and masks (masks need
 * their decoded pixels, see `hitGeometry`).
 */
export function pointInShape(g: Geometry, p: Vec): boolean {
  const rings = areaRings(g);
  if (rings) return pointInPolygon(p, rings[0], rings.slice(1));
  if (g.type === 'circle') return pointInSector(g, p);
  return false;
}

/** How a point touches a shape: on its outline or stroke, or inside its area. */
export type Hit = 'edge' | 'inside';

/**
 * Hit-test for the pointer. `tolerance` is in image pixels (the caller turns its screen slop into
 * them); strokes count at least half their width. `maskAt` answers for mask pixels when decoded.
 */
export function hitGeometry(g: Geometry, p: Vec, tolerance: number, maskAt?: (x: number, y: number) => boolean): Hit | null {
  switch (g.type) {
    case 'bbox':
    case 'rotated_bbox':
    case 'polygon': {
      const rings = areaRings(g)!;
      if (rings.some((r) => distanceToPath(p, r, true) <= tolerance)) return 'edge';
      return pointInPolygon(p, rings[0], rings.slice(1)) ? 'inside' : null;
    }
    case 'circle':
      if (distanceToArc(g, p) <= tolerance) return 'edge';
      // An arc is drawn as its curve only, so only a full circle is hit inside.
      return isFullCircle(g) && pointInSector(g, p) ? 'inside' : null;
    case 'line':
      return distanceToSegment(p, g.p1, g.p2) <= Math.max(tolerance, g.width / 2) ? 'edge' : null;
    case 'polyline':
      return distanceToPath(p, g.points, g.closed) <= Math.max(tolerance, g.width / 2) ? 'edge' : null;
    case 'points':
      return g.points.some((q, i) => g.visible?.[i] !== false && Math.hypot(q[0] - p[0], q[1] - p[1]) <= tolerance) ? 'edge' : null;
    case 'mask':
      return maskAt?.(Math.floor(p[0]), Math.floor(p[1])) ? 'inside' : null;
  }
}
