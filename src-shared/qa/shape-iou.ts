import type { Geometry } from '../geometry/schemas';

type Pt = readonly [number, number];

/** A polygon with optional holes, in image pixels (the stored polygon geometry without its tag). */
export interface Region {
  points: readonly Pt[];
  holes?: readonly (readonly Pt[])[];
}

/** IoU of two [x, y, width, height] boxes; 0 when both are empty. */
export function bboxIou(a: readonly number[], b: readonly number[]): number {
  const ix = Math.max(0, Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]));
  const iy = Math.max(0, Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]));
  const inter = ix * iy;
  const union = a[2] * a[3] + b[2] * b[3] - inter;
  return union > 0 ? inter / union : 0;
}

/** Signed area of a ring by the trapezoid (shoelace) formula; positive when the ring runs counter-clockwise in y-up axes. */
export function ringArea(ring: readonly Pt[]): number {
  let s = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[(i + 1) % ring.length];
    s += ((x1 - x2) * (y1 + y2)) / 2;
  }
  return s;
}

export function regionArea(region: Region): number {
  return Math.abs(ringArea(region.points)) - (region.holes ?? []).reduce((s, h) => s + Math.abs(ringArea(h)), 0);
}

/** An edge kept for the trapezoid sums: x-range, the line over it, and its sign. */
interface Edge {
  x0: number;
  x1: number;
  /** y at x0 and at x1. */
  y0: number;
  y1: number;
  sign: number;
}

/**
 * The edges of a region with signs such that Σ sign · [p under the edge] is 1 inside and 0
 * outside: the outer ring is counted positive and holes negative whatever their drawn direction.
 */
function signedEdges(region: Region): Edge[] {
  const edges: Edge[] = [];
  const add = (ring: readonly Pt[], positive: boolean) => {
    const flip = (ringArea(ring) >= 0) === positive ? 1 : -1;
    for (let i = 0; i < ring.length; i++) {
      const [ax, ay] = ring[i];
      const [bx, by] = ring[(i + 1) % ring.length];
      if (ax === bx) continue;
      // An edge running towards smaller x lies on the upper side of a positive ring.
      const sign = (ax > bx ? 1 : -1) * flip;
      edges.push(ax < bx ? { x0: ax, x1: bx, y0: ay, y1: by, sign } : { x0: bx, x1: ax, y0: by, y1: ay, sign });
    }
  };
  add(region.points, true);
  for (const hole of region.holes ?? []) add(hole, false);
  return edges;
}

const at = (e: Edge, x: number) => e.y0 + ((e.y1 - e.y0) * (x - e.x0)) / (e.x1 - e.x0);

/** ∫ min(e(x), f(x)) − base over the x-overlap of two edges: the area of their trapezoids' intersection. */
function trapezoidOverlap(e: Edge, f: Edge, base: number): number {
  const lo = Math.max(e.x0, f.x0);
  const hi = Math.min(e.x1, f.x1);
  if (hi <= lo) return 0;
  const dLo = at(e, lo) - at(f, lo);
  const dHi = at(e, hi) - at(f, hi);
  const lower = (x0: number, x1: number) => {
    const mid = (x0 + x1) / 2;
    const g = at(e, mid) <= at(f, mid) ? e : f;
    return ((x1 - x0) * (at(g, x0) + at(g, x1) - 2 * base)) / 2;
  };
  if (dLo * dHi >= 0) return lower(lo, hi);
  const cross = lo + ((hi - lo) * dLo) / (dLo - dHi);
  return lower(lo, cross) + lower(cross, hi);
}

/**
 * Exact intersection area of two regions (holes allowed), with no clipping library: the
 * indicator of a region is a signed sum of the trapezoids between each edge and a common
 * baseline, so area(A ∩ B) = Σ_e Σ_f s_e s_f · area(trap_e ∩ trap_f), and two such trapezoids
 * intersect in the area under the lower of two lines over a common x-range. O(n·m) in the edge
 * counts. Self-intersecting rings count by winding, as the even-odd rule would not.
 */
export function regionIntersectionArea(a: Region, b: Region): number {
  const ea = signedEdges(a);
  const eb = signedEdges(b);
  let base = Infinity;
  for (const e of [...ea, ...eb]) base = Math.min(base, e.y0, e.y1);
  let sum = 0;
  for (const e of ea) {
    for (const f of eb) {
      if (f.x1 <= e.x0 || f.x0 >= e.x1) continue;
      sum += e.sign * f.sign * trapezoidOverlap(e, f, base);
    }
  }
  return Math.max(0, sum);
}

export function regionIou(a: Region, b: Region): number {
  const inter = regionIntersectionArea(a, b);
  const union = regionArea(a) + regionArea(b) - inter;
  return union > 0 ? Math.min(1, inter / union) : 0;
}

const CIRCLE_SEGMENTS = 64;

/**
 * The region a geometry covers, for IoU: boxes, rotated boxes, polygons and full circles
 * (as a 64-gon). Lines, polylines, points and masks have no region here (null).
 */
export function regionOf(geometry: Geometry): Region | null {
  switch (geometry.type) {
    case 'bbox': {
      const [x, y, w, h] = geometry.bbox;
      return { points: [[x, y], [x + w, y], [x + w, y + h], [x, y + h]] };
    }
    case 'rotated_bbox': {
      const { cx, cy, width, height, angle } = geometry;
      const r = (angle * Math.PI) / 180;
      const c = Math.cos(r);
      const s = Math.sin(r);
      const corner = (dx: number, dy: number): Pt => [cx + dx * c - dy * s, cy + dx * s + dy * c];
      return { points: [corner(-width / 2, -height / 2), corner(width / 2, -height / 2), corner(width / 2, height / 2), corner(-width / 2, height / 2)] };
    }
    case 'polygon':
      return { points: geometry.points, holes: geometry.holes };
    case 'circle': {
      const [x, y] = geometry.center;
      const points: Pt[] = Array.from({ length: CIRCLE_SEGMENTS }, (_, i) => {
        const t = (2 * Math.PI * i) / CIRCLE_SEGMENTS;
        return [x + geometry.radius * Math.cos(t), y + geometry.radius * Math.sin(t)];
      });
      return { points };
    }
    default:
      return null;
  }
}

/** IoU of two geometries: exact for boxes and polygons, null when either has no region (line, points, mask). */
export function shapeIou(a: Geometry, b: Geometry): number | null {
  if (a.type === 'bbox' && b.type === 'bbox') return bboxIou(a.bbox, b.bbox);
  const ra = regionOf(a);
  const rb = regionOf(b);
  return ra && rb ? regionIou(ra, rb) : null;
}

/** Axis-aligned bounds [x, y, width, height] of a region. */
export function regionBounds(region: Region): [number, number, number, number] {
  const xs = region.points.map((p) => p[0]);
  const ys = region.points.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return [x, y, Math.max(...xs) - x, Math.max(...ys) - y];
}
