import type { Geometry, Point } from '../geometry/schemas';
import { rleBounds } from '../geometry/rle';
import { normalizeAngle as normaliseAngle, rotatedBoxCorners as rotatedCorners } from '../geometry/rotated-box';

/**
 * Conversions between geometry types that format adapters need when a format holds a shape in
 * another form (a rotated box as four corners, a circle as an ellipse) or cannot hold it at all
 * (a circle written as a polygon). Angles are degrees, clockwise on screen (image y points down).
 */

type Pt = readonly [number, number];
const RAD = Math.PI / 180;

/** Corners of a rotated box and angle normalisation: one implementation, in geometry. */
export { rotatedCorners, normaliseAngle };

/**
 * A rotated box from four corners in drawing order (the first edge gives the width direction).
 * A least-squares fit: both width edges and both height edges vote for the angle, weighted by
 * length, so rounding in the corners (YOLO's 6 decimals) moves the box by no more than it moved
 * them. Returns null when the corners are not a rectangle within `tolerance` (relative to its size).
 */
export function rotatedFromCorners(points: readonly Pt[], tolerance = 1e-3): Extract<Geometry, { type: 'rotated_bbox' }> | null {
  if (points.length !== 4) return null;
  const [p0, p1, p2, p3] = points;
  const cx = (p0[0] + p1[0] + p2[0] + p3[0]) / 4;
  const cy = (p0[1] + p1[1] + p2[1] + p3[1]) / 4;
  const ux = p1[0] - p0[0] + p2[0] - p3[0];
  const uy = p1[1] - p0[1] + p2[1] - p3[1];
  const vx = p3[0] - p0[0] + p2[0] - p1[0];
  const vy = p3[1] - p0[1] + p2[1] - p1[1];
  const t = Math.atan2(uy - vx, ux + vy);
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const width = (ux * cos + uy * sin) / 2;
  const height = (-vx * sin + vy * cos) / 2;
  if (!(width > 0) || !(height > 0)) return null;
  const angle = normaliseAngle(t / RAD);
  const rebuilt = rotatedCorners({ cx, cy, width, height, angle });
  const scale = Math.max(width, height);
  for (let i = 0; i < 4; i++) {
    if (Math.hypot(rebuilt[i][0] - points[i][0], rebuilt[i][1] - points[i][1]) > tolerance * scale) return null;
  }
  return { type: 'rotated_bbox', cx, cy, width, height, angle };
}

/** The four corners of an axis-aligned box [x, y, w, h], clockwise from the top-left. */
export function bboxCorners([x, y, w, h]: readonly number[]): Point[] {
  return [[x, y], [x + w, y], [x + w, y + h], [x, y + h]];
}

/** Points of a circle (or arc) as a polygon with `segments` vertices over the full turn. */
export function circlePoints(g: { center: Pt; radius: number; start_angle: number; end_angle: number }, segments = 64): Point[] {
  const full = Math.abs(g.end_angle - g.start_angle) >= 360;
  const span = full ? 360 : g.end_angle - g.start_angle;
  const n = Math.max(3, Math.ceil((segments * Math.abs(span)) / 360));
  const points: Point[] = [];
  const last = full ? n - 1 : n;
  for (let i = 0; i <= last; i++) {
    const a = (g.start_angle + (span * i) / n) * RAD;
    points.push([g.center[0] + g.radius * Math.cos(a), g.center[1] + g.radius * Math.sin(a)]);
  }
  if (!full) points.push([g.center[0], g.center[1]]);
  return points;
}

/** Axis-aligned bounds [x, y, w, h] of a list of points. */
export function boundsOf(points: readonly Pt[]): [number, number, number, number] {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [x, y] of points) {
    if (x < x0) x0 = x;
    if (y < y0) y0 = y;
    if (x > x1) x1 = x;
    if (y > y1) y1 = y;
  }
  return points.length ? [x0, y0, x1 - x0, y1 - y0] : [0, 0, 0, 0];
}

/** Axis-aligned bounds [x, y, w, h] of any geometry (a full circle's square, a mask's pixel cells). */
export function geometryBounds(g: Geometry): [number, number, number, number] {
  switch (g.type) {
    case 'bbox':
      return [g.bbox[0], g.bbox[1], g.bbox[2], g.bbox[3]];
    case 'rotated_bbox':
      return boundsOf(rotatedCorners(g));
    case 'polygon':
    case 'polyline':
    case 'points':
      return boundsOf(g.points);
    case 'line':
      return boundsOf([g.p1, g.p2]);
    case 'circle':
      return Math.abs(g.end_angle - g.start_angle) >= 360
        ? [g.center[0] - g.radius, g.center[1] - g.radius, 2 * g.radius, 2 * g.radius]
        : boundsOf(circlePoints(g));
    case 'mask':
      return rleBounds(g.rle);
  }
}

/**
 * The outline of an area shape as polygon points, or null for shapes with no area (lines, open
 * polylines, points, masks). `exact` is false when the outline approximates the shape (a circle).
 */
export function areaOutline(g: Geometry): { points: readonly Point[]; exact: boolean } | null {
  switch (g.type) {
    case 'bbox':
      return { points: bboxCorners(g.bbox), exact: true };
    case 'rotated_bbox':
      return { points: rotatedCorners(g), exact: true };
    case 'polygon':
      return { points: g.points, exact: !g.holes?.length };
    case 'polyline':
      return g.closed && g.points.length >= 3 ? { points: g.points, exact: true } : null;
    case 'circle':
      return { points: circlePoints(g), exact: false };
    default:
      return null;
  }
}

/** Flattens points to [x1, y1, x2, y2, …]. */
export const flatten = (points: readonly Pt[]): number[] => points.flatMap(([x, y]) => [x, y]);

/** Pairs a flat list [x1, y1, x2, y2, …] into points (the length must be even). */
export function pairs(flat: readonly number[]): Point[] {
  const points: Point[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) points.push([flat[i], flat[i + 1]]);
  return points;
}
